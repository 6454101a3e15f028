import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { upsertLead } from './leads.js';
import { countOpenHandoffs } from './queue-load.js';
import { describeEachDatabase } from './test-databases.js';

describeEachDatabase('open handoffs per queue member', (database) => {
  it('counts only open handoffs, per queue and assignee, unassigned ones as null', async () => {
    const queue = `q-${randomUUID()}`;
    const other = `r-${randomUUID()}`;
    const rows: Array<[string, string | null, string]> = [
      [queue, 'ana', 'open'],
      [queue, 'ana', 'open'],
      [queue, 'ana', 'accepted'],
      [queue, 'ben', 'open'],
      [queue, 'ben', 'sla_expired'],
      [queue, null, 'open'],
      [other, 'ana', 'open'],
    ];
    for (const [i, [q, assignee, status]] of rows.entries()) {
      const leadId = `${queue}-lead-${i}`;
      await upsertLead(database.db, leadId);
      await database.db.query(
        `insert into handoffs (lead_id, id, run_id, journey_id, node_id, queue, assignee, status) values ($1, $2, 'r', 'j', 'h', $3, $4, $5)`,
        [leadId, `h-${i}`, q, assignee, status],
      );
    }
    const counts = (await countOpenHandoffs(database.db)).filter((c) => c.queue === queue || c.queue === other);
    expect(counts).toEqual(
      [
        { queue, assignee: 'ana', open: 2 },
        { queue, assignee: 'ben', open: 1 },
        { queue, assignee: null, open: 1 },
        { queue: other, assignee: 'ana', open: 1 },
      ].sort((a, b) => (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0)),
    );
  });
});
