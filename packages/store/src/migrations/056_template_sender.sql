-- Who an email template is from when its send step names no sender (issue 14's editor):
-- "owner" (the lead's owner) or { name, email, phone } (a named sender), as a send node's
-- `sender` is written. Null: the instance's default sender. The send step's own wins.
alter table templates add column sender jsonb;
