-- Approvals (issue 17): where a workspace says a publish needs a second person, a marketer's
-- publish becomes a request that a reviewer or admin approves (publishing it) or declines with
-- a comment. The request keeps the draft it asks to publish, so approving publishes only that
-- draft: a request whose draft has changed since is stale (compared as jsonb, key order aside).
create table publish_requests (
  id text primary key,
  journey_id text not null references journeys (id),
  draft jsonb not null,
  -- The version that was published when it was asked (null: never published).
  base_version integer,
  in_flight text not null check (in_flight in ('stay', 'move')),
  map jsonb not null default '{}',
  requested_by text not null,
  requested_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'approved', 'declined', 'superseded')),
  decided_by text,
  decided_at timestamptz,
  comment text,
  -- The version the approval published.
  version integer
);
-- The journey's history of requests, newest first, and the list's "Approval requested" chip.
create index publish_requests_by_journey on publish_requests (journey_id, requested_at desc);
create index publish_requests_pending on publish_requests (journey_id) where status = 'pending';
