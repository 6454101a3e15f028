-- A webhook template's request beyond its URL (issue 14's editor): the method, extra headers and
-- a Liquid template of the JSON body. Null: the default, a POST of the send as fixed JSON.
alter table templates add column request jsonb;
