-- The planner uses the statistics of an expression index only when the index is whole, and
-- leads_email_key (030) is partial (emails not null): a lookup of 250 leads by email was
-- estimated at 71% of the table, and every batch of events or import rows read all the leads.
-- Statistics on the expression itself give it the real number.
create statistics leads_email_key_stats on (lower(email)) from leads;
analyze leads;
