-- Each lead's scoring state in its own table (keyed by lead) rather than a column of `leads`:
-- a worker batch wrote it with a second update of every lead row, and each such update of
-- `leads` maintains all its indexes (the trigram search index among them). The re-score bench
-- spent as long on that update as on the lead's own; an upsert here touches one small key.
create table lead_score_states (
  lead_id text primary key,
  state jsonb not null
);
insert into lead_score_states (lead_id, state) select id, scoring from leads where scoring is not null;
alter table leads drop column scoring;
