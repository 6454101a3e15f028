import { appendImportChunk, createImport, getImport, markImportRunning } from '@trellis/store';
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
});
