-- The journey report's numbers as daily rollups (issue 16, point 5: a report over 1,000,000
-- runs and 5,000,000 sends in under 300 ms). Every rollup is keyed by the run's journey,
-- version and UTC day of entering (the report selects runs by version and entry period), then
-- by what it counts. Statement-level triggers on runs, steps, sends, send_engagement and events
-- keep them in the transaction that writes the rows, fed by the statement's transition tables:
-- whichever code writes these tables (the engine's batch save, delivery's marks, tracking, live
-- edits, a test's plain INSERT), the rollups follow, so they cannot drift from a scan of the
-- same rows (journey-report-rollups.test.ts holds them equal to one). Each change is a row's
-- contribution added for its new state and taken away for its old one, summed per counter and
-- added in key order (as node_stats and send_counts are). packages/store/README.md, "Report
-- rollups", says what this costs and what was rejected.

create function report_day(at timestamptz) returns date language sql immutable parallel safe
  as $$ select (at at time zone 'UTC')::date $$;

-- Which send an email_opened/email_clicked event opens or clicks (docs/spec-readings.md,
-- "Opens and clicks of a send"): the lead's send named by props.sendId; otherwise the lead's
-- latest email sent at or before the event, in props.journeyId's journey when it names one.
create function report_engaged_send(lead text, props jsonb, at timestamptz) returns text language sql stable
  as $$
    select coalesce(
      (select s.id from sends s where s.lead_id = $1 and s.id = $2->>'sendId'),
      (select s.id from sends s
        where s.lead_id = $1 and s.channel = 'email' and s.status = 'sent' and s.at <= $3
          and ($2->>'journeyId' is null or s.journey_id = $2->>'journeyId')
        order by s.at desc, s.id desc limit 1))
  $$;

-- Per send, kind ('opened', 'clicked') and UTC day: how many events opened or clicked it that
-- day. Written when the event is recorded (the send it is attributed to is decided then). Keyed
-- by lead like every hot table.
create table send_engagement_days (
  lead_id text not null,
  send_id text not null,
  kind text not null,
  day date not null,
  events integer not null default 0,
  primary key (lead_id, send_id, kind, day)
);

-- Runs by how they ended: outcome ('' while running), held out, held out and met the goal, and
-- the day a goal was reached (the entry day for runs that did not reach it).
create table report_runs (
  journey_id text not null,
  version integer not null,
  day date not null,
  outcome text not null,
  held_out boolean not null,
  held_out_goal boolean not null,
  goal_day date not null,
  count bigint not null default 0,
  primary key (journey_id, version, day, outcome, held_out, held_out_goal, goal_day)
);

-- Runs that took at least one step at a node, by whether the run reached the goal.
create table report_nodes (
  journey_id text not null,
  version integer not null,
  day date not null,
  node_id text not null,
  goal boolean not null,
  runs bigint not null default 0,
  primary key (journey_id, version, day, node_id, goal)
);

-- Steps that left a node by a handle (a split's handle is its variant), by whether the run reached the goal.
create table report_handles (
  journey_id text not null,
  version integer not null,
  day date not null,
  node_id text not null,
  handle text not null,
  goal boolean not null,
  steps bigint not null default 0,
  primary key (journey_id, version, day, node_id, handle, goal)
);

-- Sends by node, status, delivery state and whether they were opened, clicked or unsubscribed from.
create table report_sends (
  journey_id text not null,
  version integer not null,
  day date not null,
  node_id text not null,
  status text not null,
  delivery_state text not null,
  opened boolean not null,
  clicked boolean not null,
  unsubscribed boolean not null,
  count bigint not null default 0,
  primary key (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed)
);

-- Sends with status 'sent' by the UTC day they were written.
create table report_sent_days (
  journey_id text not null,
  version integer not null,
  day date not null,
  sent_day date not null,
  count bigint not null default 0,
  primary key (journey_id, version, day, sent_day)
);

-- Sent sends opened or clicked, by the UTC day of the open or click (a send once per day and kind).
create table report_engaged_days (
  journey_id text not null,
  version integer not null,
  day date not null,
  engaged_day date not null,
  kind text not null,
  count bigint not null default 0,
  primary key (journey_id, version, day, engaged_day, kind)
);

-- A send's engagement flags as the report counts them.
create function report_engaged(lead text, send text, kind text) returns boolean language sql stable
  as $$ select exists (select 1 from send_engagement_days d where d.lead_id = $1 and d.send_id = $2 and d.kind = $3) $$;
create function report_unsubscribed(lead text, send text) returns boolean language sql stable
  as $$ select coalesce((select g.unsubscribes > 0 from send_engagement g where g.lead_id = $1 and g.send_id = $2), false) $$;

-- The trigger functions below say each statement three times, once per operation (rows as
-- they are now: +1; as they were: -1; an update: both), as static SQL so that PL/pgSQL keeps
-- their plans: built as text and EXECUTEd, they were planned on every statement, which cost the
-- embedded database about 90 ms per worker batch.

create function report_runs_changed() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    -- An upsert whose rows all conflicted inserted nothing.
    perform 1 from new_rows limit 1;
    if not found then return null; end if;
    insert into report_runs as t (journey_id, version, day, outcome, held_out, held_out_goal, goal_day, count)
    select journey_id, version, day, outcome, held_out, held_out_goal, goal_day, sum(sign) from (select journey_id, version, day, outcome, held_out, held_out_goal, goal_day, sign from (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows) as c) as k) as c group by journey_id, version, day, outcome, held_out, held_out_goal, goal_day having sum(sign) <> 0 order by journey_id, version, day, outcome, held_out, held_out_goal, goal_day
    on conflict (journey_id, version, day, outcome, held_out, held_out_goal, goal_day) do update set count = t.count + excluded.count;
    -- The engine writes a run before its steps and sends: usually nothing more to count.
    perform 1 from new_rows n
     where exists (select 1 from steps s where s.lead_id = n.lead_id and s.run_id = n.id)
        or exists (select 1 from sends s where s.lead_id = n.lead_id and s.run_id = n.id)
     limit 1;
    if not found then return null; end if;
    insert into report_nodes as t (journey_id, version, day, node_id, goal, runs)
    select journey_id, version, day, node_id, goal, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, m.goal, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m cross join lateral (select distinct node_id from steps s where s.lead_id = m.lead_id and s.run_id = m.id) as s) as c group by journey_id, version, day, node_id, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, goal
    on conflict (journey_id, version, day, node_id, goal) do update set runs = t.runs + excluded.runs;
    insert into report_handles as t (journey_id, version, day, node_id, handle, goal, steps)
    select journey_id, version, day, node_id, handle, goal, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, s.handle, m.goal, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join steps s on s.lead_id = m.lead_id and s.run_id = m.id where s.handle is not null) as c group by journey_id, version, day, node_id, handle, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, handle, goal
    on conflict (journey_id, version, day, node_id, handle, goal) do update set steps = t.steps + excluded.steps;
    -- A run's sends and their engagement count under the run's key as it is now; moved runs take theirs along.
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, s.status, s.delivery_state, report_engaged(s.lead_id, s.id, 'opened') as opened,
            report_engaged(s.lead_id, s.id, 'clicked') as clicked, report_unsubscribed(s.lead_id, s.id) as unsubscribed, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
    insert into report_sent_days as t (journey_id, version, day, sent_day, count)
    select journey_id, version, day, sent_day, sum(sign) from (select m.journey_id, m.version, m.day, report_day(s.at) as sent_day, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id where s.status = 'sent') as c group by journey_id, version, day, sent_day having sum(sign) <> 0 order by journey_id, version, day, sent_day
    on conflict (journey_id, version, day, sent_day) do update set count = t.count + excluded.count;
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select m.journey_id, m.version, m.day, d.day as engaged_day, d.kind, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id
       join send_engagement_days d on d.lead_id = s.lead_id and d.send_id = s.id where s.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
  elsif TG_OP = 'UPDATE' then
    -- Most updates (a run's state as it rests or moves on) change nothing counted: stop here.
    perform 1 from new_rows n join old_rows o on o.lead_id = n.lead_id and o.id = n.id
     where (n.journey_id, n.version, n.entered_at, n.outcome, n.state->>'heldOut', n.state ? 'goalAt')
           is distinct from (o.journey_id, o.version, o.entered_at, o.outcome, o.state->>'heldOut', o.state ? 'goalAt')
        or (n.outcome = 'goal' and n.ended_at is distinct from o.ended_at)
     limit 1;
    if not found then return null; end if;
    insert into report_runs as t (journey_id, version, day, outcome, held_out, held_out_goal, goal_day, count)
    select journey_id, version, day, outcome, held_out, held_out_goal, goal_day, sum(sign) from (select journey_id, version, day, outcome, held_out, held_out_goal, goal_day, sign from (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows union all select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) as k) as c group by journey_id, version, day, outcome, held_out, held_out_goal, goal_day having sum(sign) <> 0 order by journey_id, version, day, outcome, held_out, held_out_goal, goal_day
    on conflict (journey_id, version, day, outcome, held_out, held_out_goal, goal_day) do update set count = t.count + excluded.count;
    -- Only a run's version or reaching (or leaving) the goal moves its children.
    perform 1 from new_rows n join old_rows o on o.lead_id = n.lead_id and o.id = n.id
     where n.version <> o.version or n.journey_id <> o.journey_id or (n.outcome is not distinct from 'goal') <> (o.outcome is not distinct from 'goal')
     limit 1;
    if not found then return null; end if;
    insert into report_nodes as t (journey_id, version, day, node_id, goal, runs)
    select journey_id, version, day, node_id, goal, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, m.goal, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows union all select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m cross join lateral (select distinct node_id from steps s where s.lead_id = m.lead_id and s.run_id = m.id) as s) as c group by journey_id, version, day, node_id, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, goal
    on conflict (journey_id, version, day, node_id, goal) do update set runs = t.runs + excluded.runs;
    insert into report_handles as t (journey_id, version, day, node_id, handle, goal, steps)
    select journey_id, version, day, node_id, handle, goal, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, s.handle, m.goal, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows union all select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join steps s on s.lead_id = m.lead_id and s.run_id = m.id where s.handle is not null) as c group by journey_id, version, day, node_id, handle, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, handle, goal
    on conflict (journey_id, version, day, node_id, handle, goal) do update set steps = t.steps + excluded.steps;
    -- A run's sends and their engagement count under the run's key as it is now; moved runs take theirs along.
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, s.status, s.delivery_state, report_engaged(s.lead_id, s.id, 'opened') as opened,
            report_engaged(s.lead_id, s.id, 'clicked') as clicked, report_unsubscribed(s.lead_id, s.id) as unsubscribed, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows union all select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
    insert into report_sent_days as t (journey_id, version, day, sent_day, count)
    select journey_id, version, day, sent_day, sum(sign) from (select m.journey_id, m.version, m.day, report_day(s.at) as sent_day, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows union all select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id where s.status = 'sent') as c group by journey_id, version, day, sent_day having sum(sign) <> 0 order by journey_id, version, day, sent_day
    on conflict (journey_id, version, day, sent_day) do update set count = t.count + excluded.count;
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select m.journey_id, m.version, m.day, d.day as engaged_day, d.kind, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, 1 as sign from new_rows union all select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id
       join send_engagement_days d on d.lead_id = s.lead_id and d.send_id = s.id where s.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
  elsif TG_OP = 'DELETE' then
    insert into report_runs as t (journey_id, version, day, outcome, held_out, held_out_goal, goal_day, count)
    select journey_id, version, day, outcome, held_out, held_out_goal, goal_day, sum(sign) from (select journey_id, version, day, outcome, held_out, held_out_goal, goal_day, sign from (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) as k) as c group by journey_id, version, day, outcome, held_out, held_out_goal, goal_day having sum(sign) <> 0 order by journey_id, version, day, outcome, held_out, held_out_goal, goal_day
    on conflict (journey_id, version, day, outcome, held_out, held_out_goal, goal_day) do update set count = t.count + excluded.count;
    insert into report_nodes as t (journey_id, version, day, node_id, goal, runs)
    select journey_id, version, day, node_id, goal, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, m.goal, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m cross join lateral (select distinct node_id from steps s where s.lead_id = m.lead_id and s.run_id = m.id) as s) as c group by journey_id, version, day, node_id, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, goal
    on conflict (journey_id, version, day, node_id, goal) do update set runs = t.runs + excluded.runs;
    insert into report_handles as t (journey_id, version, day, node_id, handle, goal, steps)
    select journey_id, version, day, node_id, handle, goal, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, s.handle, m.goal, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join steps s on s.lead_id = m.lead_id and s.run_id = m.id where s.handle is not null) as c group by journey_id, version, day, node_id, handle, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, handle, goal
    on conflict (journey_id, version, day, node_id, handle, goal) do update set steps = t.steps + excluded.steps;
    -- A run's sends and their engagement count under the run's key as it is now; moved runs take theirs along.
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select m.journey_id, m.version, m.day, s.node_id, s.status, s.delivery_state, report_engaged(s.lead_id, s.id, 'opened') as opened,
            report_engaged(s.lead_id, s.id, 'clicked') as clicked, report_unsubscribed(s.lead_id, s.id) as unsubscribed, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
    insert into report_sent_days as t (journey_id, version, day, sent_day, count)
    select journey_id, version, day, sent_day, sum(sign) from (select m.journey_id, m.version, m.day, report_day(s.at) as sent_day, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id where s.status = 'sent') as c group by journey_id, version, day, sent_day having sum(sign) <> 0 order by journey_id, version, day, sent_day
    on conflict (journey_id, version, day, sent_day) do update set count = t.count + excluded.count;
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select m.journey_id, m.version, m.day, d.day as engaged_day, d.kind, m.sign
       from (with k as (select lead_id, id, journey_id, version, report_day(entered_at) as day, coalesce(outcome, '') as outcome,
            coalesce((state->>'heldOut') = 'true', false) as held_out, state ? 'goalAt' as held_out_goal,
            coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)) as goal_day,
            outcome is not distinct from 'goal' as goal, sign
       from (select lead_id, id, journey_id, version, entered_at, ended_at, outcome, state, -1 as sign from old_rows) as c) select * from k where not exists (
       select 1 from k o where o.lead_id = k.lead_id and o.id = k.id and o.sign = -k.sign
          and o.journey_id = k.journey_id and o.version = k.version and o.day = k.day and o.goal = k.goal)) as m join sends s on s.lead_id = m.lead_id and s.run_id = m.id
       join send_engagement_days d on d.lead_id = s.lead_id and d.send_id = s.id where s.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
  end if;
  return null;
end $$;

create function report_steps_changed() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    -- An upsert whose rows all conflicted inserted nothing.
    perform 1 from new_rows limit 1;
    if not found then return null; end if;
    -- A run counts at a node when its first step there is written and stops when its last goes:
    -- per (run, node), steps there now against now minus this statement's net change.
    insert into report_nodes as t (journey_id, version, day, node_id, goal, runs)
    select journey_id, version, day, node_id, goal, sum(sign) from (with c as (select lead_id, run_id, node_id, handle, 1 as sign from new_rows),
          pairs as (select lead_id, run_id, node_id, sum(sign) as net from c group by 1, 2, 3 having sum(sign) <> 0),
          counted as (select p.*, (select count(*) from steps s where s.lead_id = p.lead_id and s.run_id = p.run_id and s.node_id = p.node_id) as now from pairs p)
     select r.journey_id, r.version, report_day(r.entered_at) as day, c.node_id, r.outcome is not distinct from 'goal' as goal,
            (c.now > 0)::int - (c.now - c.net > 0)::int as sign
       from counted c join runs r on r.lead_id = c.lead_id and r.id = c.run_id) as c group by journey_id, version, day, node_id, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, goal
    on conflict (journey_id, version, day, node_id, goal) do update set runs = t.runs + excluded.runs;
    -- Steps written before the lead leaves have no handle yet.
    perform 1 from (select 1 from new_rows where handle is not null) as h limit 1;
    if found then
      insert into report_handles as t (journey_id, version, day, node_id, handle, goal, steps)
    select journey_id, version, day, node_id, handle, goal, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, c.node_id, c.handle, r.outcome is not distinct from 'goal' as goal, c.sign
       from (select lead_id, run_id, node_id, handle, 1 as sign from new_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id where c.handle is not null) as c group by journey_id, version, day, node_id, handle, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, handle, goal
    on conflict (journey_id, version, day, node_id, handle, goal) do update set steps = t.steps + excluded.steps;
    end if;
  elsif TG_OP = 'UPDATE' then
    perform 1 from new_rows n join old_rows o on o.lead_id = n.lead_id and o.run_id = n.run_id and o.seq = n.seq
     where (n.node_id, n.handle) is distinct from (o.node_id, o.handle) limit 1;
    if not found then return null; end if;
    -- A run counts at a node when its first step there is written and stops when its last goes:
    -- per (run, node), steps there now against now minus this statement's net change.
    insert into report_nodes as t (journey_id, version, day, node_id, goal, runs)
    select journey_id, version, day, node_id, goal, sum(sign) from (with c as (select lead_id, run_id, node_id, handle, 1 as sign from new_rows union all select lead_id, run_id, node_id, handle, -1 as sign from old_rows),
          pairs as (select lead_id, run_id, node_id, sum(sign) as net from c group by 1, 2, 3 having sum(sign) <> 0),
          counted as (select p.*, (select count(*) from steps s where s.lead_id = p.lead_id and s.run_id = p.run_id and s.node_id = p.node_id) as now from pairs p)
     select r.journey_id, r.version, report_day(r.entered_at) as day, c.node_id, r.outcome is not distinct from 'goal' as goal,
            (c.now > 0)::int - (c.now - c.net > 0)::int as sign
       from counted c join runs r on r.lead_id = c.lead_id and r.id = c.run_id) as c group by journey_id, version, day, node_id, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, goal
    on conflict (journey_id, version, day, node_id, goal) do update set runs = t.runs + excluded.runs;
    -- Steps written before the lead leaves have no handle yet.
    perform 1 from (select 1 from new_rows where handle is not null union all select 1 from old_rows where handle is not null) as h limit 1;
    if found then
      insert into report_handles as t (journey_id, version, day, node_id, handle, goal, steps)
    select journey_id, version, day, node_id, handle, goal, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, c.node_id, c.handle, r.outcome is not distinct from 'goal' as goal, c.sign
       from (select lead_id, run_id, node_id, handle, 1 as sign from new_rows union all select lead_id, run_id, node_id, handle, -1 as sign from old_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id where c.handle is not null) as c group by journey_id, version, day, node_id, handle, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, handle, goal
    on conflict (journey_id, version, day, node_id, handle, goal) do update set steps = t.steps + excluded.steps;
    end if;
  elsif TG_OP = 'DELETE' then
    -- A run counts at a node when its first step there is written and stops when its last goes:
    -- per (run, node), steps there now against now minus this statement's net change.
    insert into report_nodes as t (journey_id, version, day, node_id, goal, runs)
    select journey_id, version, day, node_id, goal, sum(sign) from (with c as (select lead_id, run_id, node_id, handle, -1 as sign from old_rows),
          pairs as (select lead_id, run_id, node_id, sum(sign) as net from c group by 1, 2, 3 having sum(sign) <> 0),
          counted as (select p.*, (select count(*) from steps s where s.lead_id = p.lead_id and s.run_id = p.run_id and s.node_id = p.node_id) as now from pairs p)
     select r.journey_id, r.version, report_day(r.entered_at) as day, c.node_id, r.outcome is not distinct from 'goal' as goal,
            (c.now > 0)::int - (c.now - c.net > 0)::int as sign
       from counted c join runs r on r.lead_id = c.lead_id and r.id = c.run_id) as c group by journey_id, version, day, node_id, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, goal
    on conflict (journey_id, version, day, node_id, goal) do update set runs = t.runs + excluded.runs;
    -- Steps written before the lead leaves have no handle yet.
    perform 1 from (select 1 from old_rows where handle is not null) as h limit 1;
    if found then
      insert into report_handles as t (journey_id, version, day, node_id, handle, goal, steps)
    select journey_id, version, day, node_id, handle, goal, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, c.node_id, c.handle, r.outcome is not distinct from 'goal' as goal, c.sign
       from (select lead_id, run_id, node_id, handle, -1 as sign from old_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id where c.handle is not null) as c group by journey_id, version, day, node_id, handle, goal having sum(sign) <> 0 order by journey_id, version, day, node_id, handle, goal
    on conflict (journey_id, version, day, node_id, handle, goal) do update set steps = t.steps + excluded.steps;
    end if;
  end if;
  return null;
end $$;

create function report_sends_changed() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    -- An upsert whose rows all conflicted inserted nothing.
    perform 1 from new_rows limit 1;
    if not found then return null; end if;
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, s.node_id, s.status, s.delivery_state,
            report_engaged(s.lead_id, s.id, 'opened') as opened, report_engaged(s.lead_id, s.id, 'clicked') as clicked,
            report_unsubscribed(s.lead_id, s.id) as unsubscribed, s.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows) as s join runs r on r.lead_id = s.lead_id and r.id = s.run_id) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
    insert into report_sent_days as t (journey_id, version, day, sent_day, count)
    select journey_id, version, day, sent_day, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, report_day(c.at) as sent_day, c.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id where c.status = 'sent') as c group by journey_id, version, day, sent_day having sum(sign) <> 0 order by journey_id, version, day, sent_day
    on conflict (journey_id, version, day, sent_day) do update set count = t.count + excluded.count;
    -- A new send has no opens yet.
    perform 1 from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows) as c join send_engagement_days d on d.lead_id = c.lead_id and d.send_id = c.id limit 1;
    if not found then return null; end if;
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, d.day as engaged_day, d.kind, c.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id
       join send_engagement_days d on d.lead_id = c.lead_id and d.send_id = c.id where c.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
  elsif TG_OP = 'UPDATE' then
    -- A delivery claim or retry (attempts, next attempt) changes nothing counted.
    perform 1 from new_rows n join old_rows o on o.lead_id = n.lead_id and o.id = n.id
     where (n.run_id, n.node_id, n.status, n.delivery_state, n.at) is distinct from (o.run_id, o.node_id, o.status, o.delivery_state, o.at) limit 1;
    if not found then return null; end if;
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, s.node_id, s.status, s.delivery_state,
            report_engaged(s.lead_id, s.id, 'opened') as opened, report_engaged(s.lead_id, s.id, 'clicked') as clicked,
            report_unsubscribed(s.lead_id, s.id) as unsubscribed, s.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows union all select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as s join runs r on r.lead_id = s.lead_id and r.id = s.run_id) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
    insert into report_sent_days as t (journey_id, version, day, sent_day, count)
    select journey_id, version, day, sent_day, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, report_day(c.at) as sent_day, c.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows union all select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id where c.status = 'sent') as c group by journey_id, version, day, sent_day having sum(sign) <> 0 order by journey_id, version, day, sent_day
    on conflict (journey_id, version, day, sent_day) do update set count = t.count + excluded.count;
    -- A new send has no opens yet.
    perform 1 from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows union all select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as c join send_engagement_days d on d.lead_id = c.lead_id and d.send_id = c.id limit 1;
    if not found then return null; end if;
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, d.day as engaged_day, d.kind, c.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, 1 as sign from new_rows union all select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id
       join send_engagement_days d on d.lead_id = c.lead_id and d.send_id = c.id where c.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
  elsif TG_OP = 'DELETE' then
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, s.node_id, s.status, s.delivery_state,
            report_engaged(s.lead_id, s.id, 'opened') as opened, report_engaged(s.lead_id, s.id, 'clicked') as clicked,
            report_unsubscribed(s.lead_id, s.id) as unsubscribed, s.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as s join runs r on r.lead_id = s.lead_id and r.id = s.run_id) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
    insert into report_sent_days as t (journey_id, version, day, sent_day, count)
    select journey_id, version, day, sent_day, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, report_day(c.at) as sent_day, c.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id where c.status = 'sent') as c group by journey_id, version, day, sent_day having sum(sign) <> 0 order by journey_id, version, day, sent_day
    on conflict (journey_id, version, day, sent_day) do update set count = t.count + excluded.count;
    -- A new send has no opens yet.
    perform 1 from (select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as c join send_engagement_days d on d.lead_id = c.lead_id and d.send_id = c.id limit 1;
    if not found then return null; end if;
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, d.day as engaged_day, d.kind, c.sign
       from (select lead_id, id, run_id, node_id, status, delivery_state, at, -1 as sign from old_rows) as c join runs r on r.lead_id = c.lead_id and r.id = c.run_id
       join send_engagement_days d on d.lead_id = c.lead_id and d.send_id = c.id where c.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
  end if;
  return null;
end $$;

-- Moves a send between report_sends rows when its unsubscribed flag changes.
create function report_engagement_changed() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    perform 1 from new_rows where unsubscribes > 0 limit 1;
    if not found then return null; end if;
    -- Only unsubscribes count from here (opens and clicks come from their events, send_engagement_days).
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, s.node_id, s.status, s.delivery_state, v.opened, v.clicked, v.unsubscribed, v.sign
       from (select lead_id, send_id, report_engaged(lead_id, send_id, 'opened') as opened_before, report_engaged(lead_id, send_id, 'opened') as opened_after,
              report_engaged(lead_id, send_id, 'clicked') as clicked_before, report_engaged(lead_id, send_id, 'clicked') as clicked_after,
              coalesce(bool_or(unsubscribed) filter (where sign = -1), false) as unsubscribed_before,
              coalesce(bool_or(unsubscribed) filter (where sign = 1), false) as unsubscribed_after
         from (select lead_id, send_id, unsubscribes > 0 as unsubscribed, 1 as sign from new_rows) as c group by lead_id, send_id) as f join sends s on s.lead_id = f.lead_id and s.id = f.send_id
       join runs r on r.lead_id = s.lead_id and r.id = s.run_id
       cross join lateral (values (f.opened_after, f.clicked_after, f.unsubscribed_after, 1), (f.opened_before, f.clicked_before, f.unsubscribed_before, -1))
         as v(opened, clicked, unsubscribed, sign)
      where (f.opened_before, f.clicked_before, f.unsubscribed_before) is distinct from (f.opened_after, f.clicked_after, f.unsubscribed_after)) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
  elsif TG_OP = 'UPDATE' then
    perform 1 from new_rows n join old_rows o on o.lead_id = n.lead_id and o.send_id = n.send_id where (n.unsubscribes > 0) <> (o.unsubscribes > 0) limit 1;
    if not found then return null; end if;
    -- Only unsubscribes count from here (opens and clicks come from their events, send_engagement_days).
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, s.node_id, s.status, s.delivery_state, v.opened, v.clicked, v.unsubscribed, v.sign
       from (select lead_id, send_id, report_engaged(lead_id, send_id, 'opened') as opened_before, report_engaged(lead_id, send_id, 'opened') as opened_after,
              report_engaged(lead_id, send_id, 'clicked') as clicked_before, report_engaged(lead_id, send_id, 'clicked') as clicked_after,
              coalesce(bool_or(unsubscribed) filter (where sign = -1), false) as unsubscribed_before,
              coalesce(bool_or(unsubscribed) filter (where sign = 1), false) as unsubscribed_after
         from (select lead_id, send_id, unsubscribes > 0 as unsubscribed, 1 as sign from new_rows union all select lead_id, send_id, unsubscribes > 0 as unsubscribed, -1 as sign from old_rows) as c group by lead_id, send_id) as f join sends s on s.lead_id = f.lead_id and s.id = f.send_id
       join runs r on r.lead_id = s.lead_id and r.id = s.run_id
       cross join lateral (values (f.opened_after, f.clicked_after, f.unsubscribed_after, 1), (f.opened_before, f.clicked_before, f.unsubscribed_before, -1))
         as v(opened, clicked, unsubscribed, sign)
      where (f.opened_before, f.clicked_before, f.unsubscribed_before) is distinct from (f.opened_after, f.clicked_after, f.unsubscribed_after)) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
  end if;
  return null;
end $$;

create function report_engaged_days_changed() returns trigger language plpgsql as $$
begin
  if TG_OP = 'INSERT' then
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, c.day as engaged_day, c.kind, c.sign
       from (select lead_id, send_id, kind, day, 1 as sign from new_rows) as c join sends s on s.lead_id = c.lead_id and s.id = c.send_id
       join runs r on r.lead_id = s.lead_id and r.id = s.run_id where s.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
    -- A send's first day opened (or clicked) sets its flag; removing its last clears it.
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, s.node_id, s.status, s.delivery_state, v.opened, v.clicked, v.unsubscribed, v.sign
       from (with c as (select lead_id, send_id, kind, day, 1 as sign from new_rows),
            net as (select lead_id, send_id, coalesce(sum(sign) filter (where kind = 'opened'), 0) as opened,
                           coalesce(sum(sign) filter (where kind = 'clicked'), 0) as clicked
                      from c group by lead_id, send_id),
            counted as (select n.*, (select count(*) from send_engagement_days d where d.lead_id = n.lead_id and d.send_id = n.send_id and d.kind = 'opened') as opened_now,
                           (select count(*) from send_engagement_days d where d.lead_id = n.lead_id and d.send_id = n.send_id and d.kind = 'clicked') as clicked_now
                      from net n)
       select lead_id, send_id, opened_now - opened > 0 as opened_before, opened_now > 0 as opened_after,
              clicked_now - clicked > 0 as clicked_before, clicked_now > 0 as clicked_after,
              report_unsubscribed(lead_id, send_id) as unsubscribed_before, report_unsubscribed(lead_id, send_id) as unsubscribed_after
         from counted) as f join sends s on s.lead_id = f.lead_id and s.id = f.send_id
       join runs r on r.lead_id = s.lead_id and r.id = s.run_id
       cross join lateral (values (f.opened_after, f.clicked_after, f.unsubscribed_after, 1), (f.opened_before, f.clicked_before, f.unsubscribed_before, -1))
         as v(opened, clicked, unsubscribed, sign)
      where (f.opened_before, f.clicked_before, f.unsubscribed_before) is distinct from (f.opened_after, f.clicked_after, f.unsubscribed_after)) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
  elsif TG_OP = 'DELETE' then
    insert into report_engaged_days as t (journey_id, version, day, engaged_day, kind, count)
    select journey_id, version, day, engaged_day, kind, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, c.day as engaged_day, c.kind, c.sign
       from (select lead_id, send_id, kind, day, -1 as sign from old_rows) as c join sends s on s.lead_id = c.lead_id and s.id = c.send_id
       join runs r on r.lead_id = s.lead_id and r.id = s.run_id where s.status = 'sent') as c group by journey_id, version, day, engaged_day, kind having sum(sign) <> 0 order by journey_id, version, day, engaged_day, kind
    on conflict (journey_id, version, day, engaged_day, kind) do update set count = t.count + excluded.count;
    -- A send's first day opened (or clicked) sets its flag; removing its last clears it.
    insert into report_sends as t (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
    select journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, sum(sign) from (select r.journey_id, r.version, report_day(r.entered_at) as day, s.node_id, s.status, s.delivery_state, v.opened, v.clicked, v.unsubscribed, v.sign
       from (with c as (select lead_id, send_id, kind, day, -1 as sign from old_rows),
            net as (select lead_id, send_id, coalesce(sum(sign) filter (where kind = 'opened'), 0) as opened,
                           coalesce(sum(sign) filter (where kind = 'clicked'), 0) as clicked
                      from c group by lead_id, send_id),
            counted as (select n.*, (select count(*) from send_engagement_days d where d.lead_id = n.lead_id and d.send_id = n.send_id and d.kind = 'opened') as opened_now,
                           (select count(*) from send_engagement_days d where d.lead_id = n.lead_id and d.send_id = n.send_id and d.kind = 'clicked') as clicked_now
                      from net n)
       select lead_id, send_id, opened_now - opened > 0 as opened_before, opened_now > 0 as opened_after,
              clicked_now - clicked > 0 as clicked_before, clicked_now > 0 as clicked_after,
              report_unsubscribed(lead_id, send_id) as unsubscribed_before, report_unsubscribed(lead_id, send_id) as unsubscribed_after
         from counted) as f join sends s on s.lead_id = f.lead_id and s.id = f.send_id
       join runs r on r.lead_id = s.lead_id and r.id = s.run_id
       cross join lateral (values (f.opened_after, f.clicked_after, f.unsubscribed_after, 1), (f.opened_before, f.clicked_before, f.unsubscribed_before, -1))
         as v(opened, clicked, unsubscribed, sign)
      where (f.opened_before, f.clicked_before, f.unsubscribed_before) is distinct from (f.opened_after, f.clicked_after, f.unsubscribed_after)) as c group by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed having sum(sign) <> 0 order by journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed
    on conflict (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed) do update set count = t.count + excluded.count;
  end if;
  return null;
end $$;


create function report_events_inserted() returns trigger language plpgsql as $$
begin
  perform 1 from new_rows where type in ('email_opened', 'email_clicked') limit 1;
  if not found then return null; end if;
  insert into send_engagement_days as d (lead_id, send_id, kind, day, events)
  select lead_id, send_id, kind, day, count(*)
    from (select e.lead_id, report_engaged_send(e.lead_id, e.props, e.at) as send_id,
                 case e.type when 'email_opened' then 'opened' else 'clicked' end as kind, report_day(e.at) as day
            from new_rows e where e.type in ('email_opened', 'email_clicked')) as x
   where send_id is not null
   group by lead_id, send_id, kind, day
   order by lead_id, send_id, kind, day
  on conflict (lead_id, send_id, kind, day) do update set events = d.events + excluded.events;
  return null;
end $$;

-- The rows written before the rollups existed, through the same rules, before the triggers.
insert into send_engagement_days (lead_id, send_id, kind, day, events)
select lead_id, send_id, kind, day, count(*)
  from (select e.lead_id, report_engaged_send(e.lead_id, e.props, e.at) as send_id,
               case e.type when 'email_opened' then 'opened' else 'clicked' end as kind, report_day(e.at) as day
          from events e where e.type in ('email_opened', 'email_clicked')) as x
 where send_id is not null
 group by lead_id, send_id, kind, day;

insert into report_runs (journey_id, version, day, outcome, held_out, held_out_goal, goal_day, count)
select journey_id, version, report_day(entered_at), coalesce(outcome, ''), coalesce((state->>'heldOut') = 'true', false), state ? 'goalAt',
       coalesce(case when outcome = 'goal' then report_day(ended_at) end, report_day(entered_at)), count(*)
  from runs group by 1, 2, 3, 4, 5, 6, 7;

insert into report_nodes (journey_id, version, day, node_id, goal, runs)
select r.journey_id, r.version, report_day(r.entered_at), s.node_id, r.outcome is not distinct from 'goal', count(distinct (s.lead_id, s.run_id))
  from runs r join steps s on s.lead_id = r.lead_id and s.run_id = r.id group by 1, 2, 3, 4, 5;

insert into report_handles (journey_id, version, day, node_id, handle, goal, steps)
select r.journey_id, r.version, report_day(r.entered_at), s.node_id, s.handle, r.outcome is not distinct from 'goal', count(*)
  from runs r join steps s on s.lead_id = r.lead_id and s.run_id = r.id where s.handle is not null group by 1, 2, 3, 4, 5, 6;

insert into report_sends (journey_id, version, day, node_id, status, delivery_state, opened, clicked, unsubscribed, count)
select r.journey_id, r.version, report_day(r.entered_at), s.node_id, s.status, s.delivery_state,
       report_engaged(s.lead_id, s.id, 'opened'), report_engaged(s.lead_id, s.id, 'clicked'), report_unsubscribed(s.lead_id, s.id), count(*)
  from runs r join sends s on s.lead_id = r.lead_id and s.run_id = r.id group by 1, 2, 3, 4, 5, 6, 7, 8, 9;

insert into report_sent_days (journey_id, version, day, sent_day, count)
select r.journey_id, r.version, report_day(r.entered_at), report_day(s.at), count(*)
  from runs r join sends s on s.lead_id = r.lead_id and s.run_id = r.id where s.status = 'sent' group by 1, 2, 3, 4;

insert into report_engaged_days (journey_id, version, day, engaged_day, kind, count)
select r.journey_id, r.version, report_day(r.entered_at), d.day, d.kind, count(*)
  from runs r join sends s on s.lead_id = r.lead_id and s.run_id = r.id
  join send_engagement_days d on d.lead_id = s.lead_id and d.send_id = s.id
 where s.status = 'sent' group by 1, 2, 3, 4, 5;

-- Transition tables need one trigger per event.
create trigger report_runs_inserted after insert on runs referencing new table as new_rows for each statement execute function report_runs_changed();
create trigger report_runs_updated after update on runs referencing old table as old_rows new table as new_rows for each statement execute function report_runs_changed();
create trigger report_runs_deleted after delete on runs referencing old table as old_rows for each statement execute function report_runs_changed();
create trigger report_steps_inserted after insert on steps referencing new table as new_rows for each statement execute function report_steps_changed();
create trigger report_steps_updated after update on steps referencing old table as old_rows new table as new_rows for each statement execute function report_steps_changed();
create trigger report_steps_deleted after delete on steps referencing old table as old_rows for each statement execute function report_steps_changed();
create trigger report_sends_inserted after insert on sends referencing new table as new_rows for each statement execute function report_sends_changed();
create trigger report_sends_updated after update on sends referencing old table as old_rows new table as new_rows for each statement execute function report_sends_changed();
create trigger report_sends_deleted after delete on sends referencing old table as old_rows for each statement execute function report_sends_changed();
create trigger report_engagement_inserted after insert on send_engagement referencing new table as new_rows for each statement execute function report_engagement_changed();
create trigger report_engagement_updated after update on send_engagement referencing old table as old_rows new table as new_rows for each statement execute function report_engagement_changed();
create trigger report_engaged_days_inserted after insert on send_engagement_days referencing new table as new_rows for each statement execute function report_engaged_days_changed();
create trigger report_engaged_days_deleted after delete on send_engagement_days referencing old table as old_rows for each statement execute function report_engaged_days_changed();
-- Events are never updated but for processed_at, and never deleted: only inserts attribute opens and clicks.
create trigger report_events_inserted after insert on events referencing new table as new_rows for each statement execute function report_events_inserted();

-- Time to goal (median, p90) and the treated leads' goals within the holdout window, exact, from
-- the runs that reached the goal only.
create index runs_goal on runs (journey_id, entered_at) include (version, ended_at) where outcome = 'goal';
-- The edges of a period that does not start or end on a UTC day are read from the runs entered in them.
create index runs_entered on runs (journey_id, entered_at);
