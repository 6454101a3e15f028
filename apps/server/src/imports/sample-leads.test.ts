import { readFileSync } from 'node:fs';
import { appendImportChunk, createImport, getImport, importRejections, markImportRunning } from '@trellis/store';
import { describeEachDatabase } from '@trellis/store/test-databases';
import { expect, it } from 'vitest';
import { ImportRunner } from './import-runner.js';

/** examples/sample-leads.csv: 200 leads as a marketer's spreadsheet has them, six rows wrong and one person twice. */
describeEachDatabase('the sample CSV', (database) => {
  it('imports 193 leads, updates one from its second row, and rejects six rows each at its column', async () => {
    const db = database.db;
    await createImport(db, 'sample', 'marketer');
    await appendImportChunk(db, 'sample', 0, readFileSync(new URL('../../../../examples/sample-leads.csv', import.meta.url)));
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
  });
});
