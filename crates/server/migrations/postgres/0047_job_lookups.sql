-- The scheduled jobs' reads, once a minute: the renewal job's permits not yet reminded and
-- expiring soon, and REG-3's approved registrations nobody has been told have expired. Both
-- read every permit or registration without these (264 ms and 241 ms a council at 500,000
-- households, measured on SQLite), taking CPU from requests every minute. Only the rows the
-- job can still act on are indexed, so the indexes stay small.
CREATE INDEX permits_renewal_due ON permits (expires_at)
    WHERE state = 'active' AND reminded_at IS NULL;
CREATE INDEX registrations_expiry_due ON registrations (decided_at)
    WHERE state = 'approved' AND expiry_told_at IS NULL;
