import { expect, it } from 'vitest';
import { CADENCE_TOUCH_COUNTS, cadenceTouchCounts } from './cadence-counts.js';
import { createJourney, publishJourney } from './journeys.js';
import type { SqlExecutor } from './sql.js';
import { describeEachDatabase } from './test-databases.js';

/** Version 1 has cadence `c`; version 2 renamed it `c2` and made `c` a wait. */
const v1 = { nodes: [{ id: 't', type: 'trigger' }, { id: 'c', type: 'cadence' }, { id: 'w', type: 'wait' }] };
const v2 = { nodes: [{ id: 't', type: 'trigger' }, { id: 'c2', type: 'cadence' }, { id: 'c', type: 'wait' }] };

async function addRun(db: SqlExecutor, journeyId: string, leadId: string, version: number, nodeId: string, state: object, status = 'active') {
  await db.query(`insert into leads (id) values ($1) on conflict do nothing`, [leadId]);
  await db.query(`insert into runs (lead_id, id, journey_id, version, status, node_id, state) values ($1, $2, $3, $4, $5, $6, $7::text::jsonb)`, [
    leadId,
    `${journeyId}-${leadId}`,
    journeyId,
    version,
    status,
    nodeId,
    JSON.stringify(state),
  ]);
}

describeEachDatabase('running leads per cadence touch', (database) => {
  it('counts running leads at each cadence by touches made, over every version, and nothing else', async () => {
    const j = 'per-touch';
    await createJourney(database.db, { id: j, name: 'Per touch', draft: v1 });
    await publishJourney(database.db, j, v1);
    await publishJourney(database.db, j, v2);
    expect(await cadenceTouchCounts(database.db, j)).toEqual([]);
    await addRun(database.db, j, 'a', 1, 'c', { touch: 3 });
    await addRun(database.db, j, 'b', 1, 'c', { touch: 3 });
    await addRun(database.db, j, 'c', 1, 'c', { touch: 5 });
    await addRun(database.db, j, 'd', 1, 'c', {}); // entered while paused: no touch made yet
    await addRun(database.db, j, 'e', 1, 'c', { touch: 26 }, 'done'); // ended: not counted
    await addRun(database.db, j, 'f', 2, 'c2', { touch: 1 });
    await addRun(database.db, j, 'g', 2, 'c', { touch: 9 }); // `c` is a wait in version 2
    await addRun(database.db, j, 'h', 1, 'w', {});
    await addRun(database.db, 'other-journey', 'i', 1, 'c', { touch: 3 });
    expect(await cadenceTouchCounts(database.db, j)).toEqual([
      { nodeId: 'c', made: 0, leads: 1 },
      { nodeId: 'c', made: 3, leads: 2 },
      { nodeId: 'c', made: 5, leads: 1 },
      { nodeId: 'c2', made: 1, leads: 1 },
    ]);
  });

  it('finds the runs through the runs_at_node index, not a scan of every run', async () => {
    const j = 'per-touch-plan';
    await createJourney(database.db, { id: j, name: 'Plan', draft: v1 });
    await publishJourney(database.db, j, v1);
    // Many runs elsewhere in the journey and in others, a few at the cadence.
    await database.db.query(`insert into leads (id) select 'plan-' || g from generate_series(1, 3000) g on conflict do nothing`);
    await database.db.query(
      `insert into runs (lead_id, id, journey_id, version, status, node_id, state)
       select 'plan-' || g, 'plan-run-' || g, case when g % 3 = 0 then $1 else 'plan-other' end, 1, 'active',
              case when g % 300 = 0 then 'c' else 'w' end, jsonb_build_object('touch', (g / 300) % 2 * 2)
         from generate_series(1, 3000) g`,
      [j],
    );
    await database.db.query(`analyze runs`);
    const plan = await database.db.query<{ 'QUERY PLAN': string }>(
`explain ${CADENCE_TOUCH_COUNTS}`, [j]
    );
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('runs_at_node');
    expect(await cadenceTouchCounts(database.db, j)).toEqual([
      { nodeId: 'c', made: 0, leads: 5 },
      { nodeId: 'c', made: 2, leads: 5 },
    ]);
  });
});
