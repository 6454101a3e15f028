-- Message templates and the people who sign sends. Both are small reference tables.

-- A journey's send node names a template by id (`"template": "welcome-1"`). subject is the
-- email subject, the direct-mail heading or the call task's title; body is the text (for a
-- `webhook` template: the URL to post to); html is an email's optional HTML part. The
-- channels package checks the Liquid syntax before a template is saved.
create table templates (
  id text primary key,
  channel text not null check (channel in ('email', 'sms', 'call_task', 'voicemail_task', 'direct_mail', 'webhook')),
  name text not null,
  subject text,
  body text not null,
  html text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- `sender: "owner"` signs as the lead's owner; owners are identified by email (lead.owner),
-- and this table says how each one signs.
create table senders (
  email text primary key,
  name text not null,
  phone text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
