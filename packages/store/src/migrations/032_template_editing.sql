-- The message editor (issue 14): who last edited each template, and snippets, reusable blocks
-- (a signature, a footer) that templates include by name with `{% snippet "footer" %}`. The
-- server resolves snippets itself: Liquid's file includes stay refused (docs/security.md).
alter table templates add column updated_by text;

create table snippets (
  name text primary key,
  -- Liquid, for text parts (and HTML parts when `html` is null).
  text text not null,
  -- Liquid, for HTML parts.
  html text,
  updated_at timestamptz not null default now(),
  updated_by text
);
