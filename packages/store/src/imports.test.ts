import { expect, it } from 'vitest';
import {
  appendImportChunk,
  createImport,
  discardUnfinishedUploads,
  finishImport,
  getImport,
  importChunk,
  importKeys,
  importRejections,
  markImportRunning,
  recordImportBatch,
  runningImportIds,
} from './imports.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('imports', (database) => {
  it('keeps an upload in chunks, hides it until it is whole, and reads the chunks back in order', async () => {
    const db = database.db;
    await createImport(db, 'imp1', 'marketer');
    await appendImportChunk(db, 'imp1', 0, new TextEncoder().encode('id,email\n'));
    await appendImportChunk(db, 'imp1', 1, new TextEncoder().encode('a,a@example.com\n'));
    expect(await getImport(db, 'imp1')).toBeNull();
    await markImportRunning(db, 'imp1');
    expect(await getImport(db, 'imp1')).toEqual(expect.objectContaining({ id: 'imp1', status: 'running', rowsDone: 0, created: 0, updated: 0, rejected: 0 }));
    expect(await runningImportIds(db)).toEqual(['imp1']);
    const first = await importChunk(db, 'imp1', -1);
    const second = await importChunk(db, 'imp1', first!.seq);
    expect([first!.seq, new TextDecoder().decode(first!.body), second!.seq, new TextDecoder().decode(second!.body)]).toEqual([0, 'id,email\n', 1, 'a,a@example.com\n']);
    expect(await importChunk(db, 'imp1', 1)).toBeNull();
  });

  it('adds up batches, keeps rejected rows in order, and drops the file and keys when done', async () => {
    const db = database.db;
    await createImport(db, 'imp2', null);
    await markImportRunning(db, 'imp2');
    await db.transaction((tx) =>
      recordImportBatch(tx, 'imp2', {
        rowsDone: 3,
        created: 1,
        updated: 1,
        rejections: [{ row: 2, problems: [{ column: 'email', message: 'not an email' }] }],
        keys: [{ key: 'email:a@example.com', leadId: 'a' }],
      }),
    );
    await db.transaction((tx) => recordImportBatch(tx, 'imp2', { rowsDone: 4, created: 1, updated: 0, rejections: [{ row: 4, problems: [{ column: 'phone', message: 'bad' }] }], keys: [] }));
    expect(await importKeys(db, 'imp2', ['email:a@example.com', 'id:zz'])).toEqual(new Map([['email:a@example.com', 'a']]));
    await finishImport(db, 'imp2', null, new Date('2026-03-10T12:00:00Z'));
    expect(await getImport(db, 'imp2')).toEqual(
      expect.objectContaining({ status: 'done', rowsDone: 4, created: 2, updated: 1, rejected: 2, error: null, finishedAt: new Date('2026-03-10T12:00:00Z') }),
    );
    expect(await importRejections(db, 'imp2')).toEqual([
      { row: 2, problems: [{ column: 'email', message: 'not an email' }] },
      { row: 4, problems: [{ column: 'phone', message: 'bad' }] },
    ]);
    expect(await importKeys(db, 'imp2', ['email:a@example.com'])).toEqual(new Map());
  });

  it('forgets uploads no answer acknowledged', async () => {
    await createImport(database.db, 'imp3', null);
    expect(await discardUnfinishedUploads(database.db)).toBe(1);
    expect(await runningImportIds(database.db)).not.toContain('imp3');
  });
});
