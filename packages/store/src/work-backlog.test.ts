import { expect, it } from 'vitest';
import { describeEachDatabase } from './test-databases.js';
import { pingDatabase, workBacklog } from './work-backlog.js';

describeEachDatabase('the work backlog', (database) => {
  it('is empty on an empty database', async () => {
    expect(await workBacklog(database.db, new Date('2026-03-02T09:00:00Z'))).toEqual({
      dueLeads: 0,
      oldestDueAt: null,
      pendingDeliveries: 0,
    });
  });

  it('counts leads due by now (not later ones, not idle ones) and pending sends (not delivered or failed ones)', async () => {
    await database.db.query(
      `insert into leads (id, due_at) values
         ('due-1', '2026-03-02T09:00:05Z'), ('due-2', '2026-03-02T08:59:00Z'),
         ('later', '2026-03-02T09:30:00Z'), ('idle', null)`,
    );
    await database.db.query(
      `insert into sends (lead_id, id, run_id, journey_id, node_id, channel, template, status, at, idempotency_key,
                          delivery_state, next_attempt_at)
       select 'idle', 's-' || state || n, 'r', 'j', 'n', 'email', 't', 'sent', '2026-03-02T08:00:00Z', 's-' || state || n,
              state, case when state = 'pending' then '2026-03-02T10:00:00Z'::timestamptz end
         from unnest(array['pending', 'pending', 'pending', 'delivered', 'failed']) with ordinality as x(state, n)`,
    );
    expect(await workBacklog(database.db, new Date('2026-03-02T09:10:00Z'))).toEqual({
      dueLeads: 2,
      oldestDueAt: new Date('2026-03-02T08:59:00Z'),
      pendingDeliveries: 3,
    });
  });

  it('pings a database that answers', async () => {
    await expect(pingDatabase(database.db)).resolves.toBeUndefined();
  });
});
