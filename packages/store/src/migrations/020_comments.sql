-- Review comments pinned to a journey's nodes, or to the journey as a whole (node_id null).
-- A comment with no parent starts a thread; replies point at the thread's first comment, so a
-- thread is one level deep. Resolving is a property of the thread, kept on its first comment.
-- `version` records which published version the reviewer was looking at (null: the draft).
-- Small and cold (people write them), so foreign keys are fine here (006 is about hot tables).
create table comments (
  id text primary key,
  journey_id text not null references journeys (id),
  thread_id text references comments (id),
  node_id text,
  version integer,
  author text not null,
  body text not null,
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by text
);

create index comments_by_journey on comments (journey_id, created_at, id);
