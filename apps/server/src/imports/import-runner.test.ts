import { Worker } from '@trellis/engine';
import { appendImportChunk, createImport, getImport, importRejections, markImportRunning } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { expect, it } from 'vitest';
import { ImportRunner } from './import-runner.js';

describeEachDatabase('import runner', (database) => {
  it('resumes an import a stopped server left running, at the first row not committed, creating each lead once', async () => {
    const db = database.db;
    const rows = Array.from({ length: 7 }, (_, i) => `resume-${i}@example.com,,${i}`);
    await createImport(db, 'resume', 'marketer');
    // Chunk boundaries fall inside rows: the parser reads across them.
    const text = new TextEncoder().encode(['email,id_hint,n', ...rows].join('\n'));
    await appendImportChunk(db, 'resume', 0, text.slice(0, 30));
    await appendImportChunk(db, 'resume', 1, text.slice(30));
    await markImportRunning(db, 'resume');

    const first = new ImportRunner(db, { batchRows: 3 });
    first.start('resume');
    await first.stop();
    expect(await getImport(db, 'resume')).toEqual(expect.objectContaining({ status: 'running', rowsDone: 3, created: 3 }));

    const second = new ImportRunner(db, { batchRows: 3 });
    await second.resume();
    await second.idle();
    expect(await getImport(db, 'resume')).toEqual(expect.objectContaining({ status: 'done', rowsDone: 7, created: 7, updated: 0, rejected: 0 }));
    // One lead_updated event per row, each on its own new lead (the worker applies them later).
    const events = await db.query<{ row: string; leads: number }>(
      `select substr(id, length('import.resume.') + 1) as row, count(distinct lead_id)::int as leads from events where id like 'import.resume.%' group by 1 order by 1`,
    );
    expect(events).toEqual(['1', '2', '3', '4', '5', '6', '7'].map((row) => ({ row, leads: 1 })));
    expect((await db.query<{ n: number }>(`select count(distinct lead_id)::int as n from events where id like 'import.resume.%'`))[0]!.n).toBe(7);
  });

  it('reads one batch while the one before is written, matching across batches: valid, rejected, repeated by email, existing leads', async () => {
    const db = database.db;
    await db.query(`insert into leads (id, email, attributes) values ('mix-old', 'mix-old@example.com', '{"industry":"retail","tier":"gold"}')`);
    const rows = [
      ',mix-a@example.com,,saas', // 1: a new lead
      ',not-an-email,,', // 2: rejected at email
      ',MIX-A@Example.com ,+44 20 7946 0958,', // 3: row 1's lead, by email in another case, in the next batch
      ',Mix-Old@example.com,,media', // 4: the stored lead, by email: attributes merge
      'mix-old,,abc,', // 5: rejected at phone
      'mix-b,mix-b@example.com,,', // 6: a new lead with its id
      'mix-c,mix-a@example.com,,', // 7: rejected: row 1's lead has that email
      'mix-b,,,retail', // 8: row 6's lead again, by id
    ];
    await createImport(db, 'mix', 'marketer');
    await appendImportChunk(db, 'mix', 0, new TextEncoder().encode(['id,email,phone,industry', ...rows].join('\n')));
    await markImportRunning(db, 'mix');
    const runner = new ImportRunner(db, { batchRows: 2 });
    runner.start('mix');
    await runner.idle();
    expect(await getImport(db, 'mix')).toEqual(expect.objectContaining({ status: 'done', rowsDone: 8, created: 2, updated: 3, rejected: 3 }));
    expect((await importRejections(db, 'mix')).map(({ row, problems }) => [row, problems.map((p) => p.column)])).toEqual([
      [2, ['email']],
      [5, ['phone']],
      [7, ['email']],
    ]);

    await new Worker(db).drain();
    const leads = await db.query<{ id: string; email: string; phone: string | null; attributes: Record<string, unknown> }>(
      `select id, email, phone, attributes from leads where lower(email) like 'mix-%' order by lower(email)`,
    );
    expect(leads.map(({ id, ...lead }) => ({ ...lead, id: id.startsWith('mix-') ? id : 'new' }))).toEqual([
      { id: 'new', email: 'MIX-A@example.com', phone: '+442079460958', attributes: { industry: 'saas' } },
      { id: 'mix-b', email: 'mix-b@example.com', phone: null, attributes: { industry: 'retail' } },
      { id: 'mix-old', email: 'Mix-Old@example.com', phone: null, attributes: { industry: 'media', tier: 'gold' } },
    ]);
  });
});
