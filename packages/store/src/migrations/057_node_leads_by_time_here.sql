-- The operator's "Leads here now" (issue 18) sorts a node's leads by time at the step, longest
-- first, over all of them (50,000 at a node is ordinary), a page at a time by keyset. The time a
-- run came to its node lives in its state (`nodeEnteredAt`, epoch milliseconds); this index
-- holds it after the node, so a page is a walk from the cursor, never a sort of the node's runs.
-- The other sorts need no index of their own here: by lead id and by wake-up they read the
-- node's runs through runs_at_node, by score and last activity the leads' own indexes
-- (leads_by_score, leads_by_activity, migration 030) drive the join.
-- Cost to the engine: a step that moves a run to another node rewrites runs_at_node anyway;
-- this index adds one more entry per move.
create index runs_at_node_by_time_here on runs (journey_id, node_id, (coalesce((state->>'nodeEnteredAt')::float8, 0)), lead_id)
  where status = 'active';
