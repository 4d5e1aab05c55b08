-- Messages are deleted 90 days after they were queued (jobs/retention.rs), oldest first.
CREATE INDEX outbox_age ON outbox (created_at);
