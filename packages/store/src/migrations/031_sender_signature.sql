-- How an owner signs off: `{{ sender.signature }}` in a template sent with `sender: "owner"`
-- (issue 14: the Senders page registers name, email, phone and signature).
alter table senders add column signature text;
