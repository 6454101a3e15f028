-- Fewer indexes on the tables every step writes. The engine finds work by leads.due_at, so
-- runs need no index by wake-up; the operators' drill-down index (runs_at_node) serves lookups
-- by journey; a send's idempotency key is its id, already unique with the lead in the primary key.
drop index if exists runs_due_wake;
drop index if exists runs_journey;
alter table sends drop constraint if exists sends_lead_id_idempotency_key_key;
-- A step gets its handle when the lead leaves the node: room on the page keeps that update HOT.
alter table steps set (fillfactor = 70);
