-- Delivery claims the due sends in (next_attempt_at, lead_id, id) order, a batch at a time. The
-- index on next_attempt_at alone left the ties to a sort: a wave's sends fall due at the same
-- moment, so each claim of a few dozen sorted every send due (100,000 of them in a wave), and a
-- wave's mail slowed as it grew (PGlite: 91 emails/s at 5,000 leads, 26/s at 20,000). With the
-- whole order in the index a claim reads its batch off the front.
create index sends_pending_delivery_order on sends (next_attempt_at, lead_id, id) where delivery_state = 'pending';
drop index sends_pending_delivery;
