-- Cadences (issue 18): each touch a cadence makes is a path step of its own, `{ nodeId, at,
-- touch: i }` (journey-format.md "Additions"); the cadence's entry step has no touch and keeps
-- the handle it was left by. Null on every step that is not a touch.
alter table steps add column touch integer;
