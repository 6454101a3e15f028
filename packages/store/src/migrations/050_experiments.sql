-- Results and experiments (issue 16). A split's experiment is decided once, at `decideAfter`
-- from the version's publication; the decision is kept with the numbers it was made on so the
-- canvas and the report can show why new leads all take the winner (or why the weights stay).
-- One row per journey version and split node: the primary key makes a second decision (another
-- server reaching the same instant) a no-op.
create table experiment_decisions (
  journey_id text not null,
  version integer not null,
  node_id text not null,
  decided_at timestamptz not null,
  winner text,
  p_value double precision,
  -- { "<handle>": { entered, goal, rate, ci95 } } as decided.
  variants jsonb not null,
  primary key (journey_id, version, node_id)
);
