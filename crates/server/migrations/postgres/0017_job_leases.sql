-- Scheduled jobs run once across every server process on the database, not once per process:
-- the process that takes a job's lease runs it; the others skip until the lease runs out.
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    lease_until BIGINT NOT NULL
);
