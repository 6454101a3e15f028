-- The engine writes events, runs, steps, sends and handoffs for thousands of leads a second.
-- A foreign key costs a lookup per inserted row and a distributed database (Citus) routes
-- them only between colocated tables; the engine writes these rows together with their lead
-- in one transaction, so the keys add cost without adding safety. Deleting a lead deletes its
-- rows explicitly.
alter table events drop constraint if exists events_lead_id_fkey;
alter table runs drop constraint if exists runs_lead_id_fkey;
alter table steps drop constraint if exists steps_lead_id_run_id_fkey;
alter table sends drop constraint if exists sends_lead_id_fkey;
alter table handoffs drop constraint if exists handoffs_lead_id_fkey;
