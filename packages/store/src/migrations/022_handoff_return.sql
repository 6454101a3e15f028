-- A recycle answer may say when to bring the lead back (`return_at`): the run holds the lead at
-- its next handoff until then. Kept on the handoff too, so the sales desk can list leads coming
-- back and the lead's timeline can say who answered and when it returns.
alter table handoffs add column return_at timestamptz;
alter table handoffs add column answered_by text;
create index handoffs_returning on handoffs (return_at) where status = 'recycled' and return_at is not null;
