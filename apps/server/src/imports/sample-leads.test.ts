import { readFileSync } from 'node:fs';
import { appendImportChunk, createImport, getImport, importRejections, markImportRunning } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { expect, it } from 'vitest';
import { ImportRunner } from './import-runner.js';

/**
 * examples/sample-leads.csv: 200 leads as a marketer's spreadsheet has them, six rows wrong and
 * one person twice; most owned by one of the example senders (examples/senders), so the
 * stay-in-touch drip's owner-signed emails have real owners to sign as.
 */
const SAMPLE = new URL('../../../../examples/sample-leads.csv', import.meta.url);

describeEachDatabase('the sample CSV', (database) => {
  it('imports 193 leads, updates one from its second row, and rejects six rows each at its column', async () => {
    const db = database.db;
    await createImport(db, 'sample', 'marketer');
    await appendImportChunk(db, 'sample', 0, readFileSync(SAMPLE));
    await markImportRunning(db, 'sample');
    const runner = new ImportRunner(db);
    runner.start('sample');
    await runner.idle();
    expect(await getImport(db, 'sample')).toEqual(expect.objectContaining({ status: 'done', rowsDone: 200, created: 193, updated: 1, rejected: 6 }));
    const rejected = await importRejections(db, 'sample');
    expect(rejected.map((r) => [r.row, r.problems.map((p) => p.column)])).toEqual([
      [23, ['email']],
      [58, ['phone']],
      [92, ['timezone']],
      [129, ['consent.email']],
      [164, ['email']],
      [188, ['phone']],
    ]);
    // Each row is a lead_updated event the engine applies: an owner cell (one of the example
    // senders) sets the lead's owner; an empty one (every fifth row) leaves it as it is, so the
    // person written twice keeps the owner of the first row (11) at the second (200).
    const events = await db.query<{ id: string; owner: string | null }>(`select id, props->>'owner' as owner from events where id like 'import.sample.%'`);
    const owners = new Map<string | null, number>();
    for (const { owner } of events) owners.set(owner, (owners.get(owner) ?? 0) + 1);
    expect(Object.fromEntries(owners)).toEqual({ 'sam.reyes@trellis.example': 77, 'priya.shah@trellis.example': 77, null: 40 });
    const twice = events.filter((e) => e.id === 'import.sample.11' || e.id === 'import.sample.200').map((e) => [e.id, e.owner]);
    expect(twice.sort()).toEqual([
      ['import.sample.11', 'sam.reyes@trellis.example'],
      ['import.sample.200', null],
    ]);
  });
});
