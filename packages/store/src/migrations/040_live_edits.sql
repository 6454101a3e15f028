-- Live edits (issue 17). The publish review counts the running leads of a journey by version
-- and node in one read: the operators' drill-down index gains the version, so one index answers
-- both (the drill-down by its prefix, the review by an index-only scan), and the engine's
-- steps keep updating one index on runs, not two.
drop index if exists runs_at_node;
create index runs_at_node on runs (journey_id, node_id, version) where status = 'active';

-- A publish that moves the leads inside onto the new version: the journey's history of moves.
-- One row per published version that moved leads, written with the version and counted by
-- every batch in the batch's own transaction (so the counts are the moves made); `after_lead_id`
-- is how far the batches have gone, so a move a restart cut short goes on from there.
create table journey_moves (
  journey_id text not null,
  version integer not null,
  map jsonb not null default '{}',
  started_at timestamptz not null,
  finished_at timestamptz,
  after_lead_id text not null default '',
  moved bigint not null default 0,
  stayed bigint not null default 0,
  -- [{ fromVersion, fromNode, toNode, leads }]: leads moved (toNode set) or kept (toNode null).
  nodes jsonb not null default '[]',
  primary key (journey_id, version)
);
