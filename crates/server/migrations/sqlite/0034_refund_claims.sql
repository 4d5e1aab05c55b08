-- Refunds are sent to the provider right after the decision commits, and by the jobs for any
-- still pending (issue 16). Whoever sends one first claims it until `claimed_until`, so the two
-- never refund the same money twice; a sender that dies lets its claim run out and the jobs
-- send it.
ALTER TABLE refunds ADD COLUMN claimed_until BIGINT;
