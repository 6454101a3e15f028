-- Lead scoring (issue 15): the model, each lead's scoring state and the explanation of its score,
-- and the re-score that a change of model starts.

-- One model per instance; `version` counts its changes (a re-score names the version it applies).
create table scoring_model (
  id integer primary key default 1 check (id = 1),
  model jsonb not null,
  version integer not null,
  updated_by text,
  updated_at timestamptz not null default now()
);

-- The journey package's ScoreState: fit points held per rule, the latest activity, decay, cap windows.
alter table leads add column scoring jsonb;

-- Each change of a lead's score with its rule and reason: the score card. Keyed by lead first,
-- like every hot table, so a distribution by lead needs no change.
create table score_changes (
  lead_id text not null,
  id bigint generated always as identity,
  at timestamptz not null,
  points double precision not null,
  rule_id text,
  reason text not null,
  event_id text,
  event_type text,
  primary key (lead_id, id)
);

-- A re-score of every lead after the model changed: it walks the leads in id pages, each page
-- committed with where it stopped (`after_lead_id`), so a restart carries on from there. A newer
-- model supersedes a re-score still running.
create table rescore_jobs (
  id text primary key,
  model_version integer not null,
  status text not null check (status in ('running', 'done', 'superseded')),
  after_lead_id text not null default '',
  total bigint not null,
  done bigint not null default 0,
  created_at timestamptz not null,
  finished_at timestamptz
);
create index rescore_jobs_running on rescore_jobs (created_at) where status = 'running';
