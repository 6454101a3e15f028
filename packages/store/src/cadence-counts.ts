import type { SqlQueryable } from './sql.js';

/**
 * Where the running leads of a journey stand inside its cadences (issue 18, the live view's
 * "leads per touch"): per cadence node, how many running leads have made how many of its
 * touches (the run's `state.touch`). A run keeps its touch count in its state, not in a column:
 * only cadence runs have one, and it changes with every touch, so a column (and the index
 * update each touch would cost) buys nothing the live view needs.
 *
 * The cadence nodes are read from the journey's versions, so the runs are found through the
 * `runs_at_node (journey_id, node_id, version) where status = 'active'` index, one lookup per
 * cadence node and version, and only the runs resting at a cadence are read: never a scan of
 * the journey's other running leads.
 */

export interface CadenceTouchCount {
  nodeId: string;
  /** Touches the leads have made (0: entered, the first touch not made yet). */
  made: number;
  leads: number;
}

/** Running leads at each cadence node by touches made, by node then touches made. */
export function cadenceTouchCounts(db: SqlQueryable, journeyId: string): Promise<CadenceTouchCount[]> {
  return db.query<CadenceTouchCount>(CADENCE_TOUCH_COUNTS, [journeyId]);
}

/** The query, exported for the test that reads its plan. */
export const CADENCE_TOUCH_COUNTS = `select r.node_id as "nodeId", coalesce((r.state ->> 'touch')::int, 0) as made, count(*)::int as leads
       from (select distinct v.version, n ->> 'id' as node_id
               from journey_versions v, jsonb_array_elements(v.document -> 'nodes') n
              where v.journey_id = $1 and n ->> 'type' = 'cadence') c
       join runs r on r.journey_id = $1 and r.status = 'active' and r.node_id = c.node_id and r.version = c.version
      group by 1, 2
      order by 1, 2`;
