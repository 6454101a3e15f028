import { expect, it } from 'vitest';
import type { DeliveredSend, SqlExecutor } from '@trellis/store';
import { createDeliveredMarks } from './delivered-marks.js';

/** A database that answers every mark as current and notes how many sends each statement carried. */
function countingDatabase() {
  const statements: number[] = [];
  const db = {
    kind: 'embedded',
    async query(_text: string, params?: readonly unknown[]) {
      const rows = params?.[0] as { lead_id: string; id: string }[];
      statements.push(rows.length);
      return rows.map((row) => ({ leadId: row.lead_id, id: row.id }));
    },
  } as unknown as SqlExecutor;
  return { db, statements };
}

const send = (id: string): DeliveredSend => ({ leadId: 'ada', id, attempts: 1, journeyId: 'j', nodeId: 'n', at: new Date(), missingFields: null });

it('marks the sends accepted in one turn of the event loop in one statement (PGlite runs each statement on this thread)', async () => {
  const { db, statements } = countingDatabase();
  const marks = createDeliveredMarks(db);
  const marked = await Promise.all(['a', 'b', 'c'].map((id) => marks.mark(send(id))));
  expect(marked).toEqual([true, true, true]);
  expect(statements).toEqual([3]);
});

it('carries the sends accepted while a mark commits in the next statement', async () => {
  const { db, statements } = countingDatabase();
  const marks = createDeliveredMarks(db);
  const first = marks.mark(send('a'));
  await new Promise((resolve) => setImmediate(resolve));
  const later = ['b', 'c'].map((id) => marks.mark(send(id)));
  expect(await Promise.all([first, ...later])).toEqual([true, true, true]);
  expect(statements).toEqual([1, 2]);
});
