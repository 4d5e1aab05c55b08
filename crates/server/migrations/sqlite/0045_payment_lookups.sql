-- The review queue (issue 17) finds each payment's bundles and permits awaiting review, and a
-- decision reads them by payment: without these, each payment scanned both tables, and the
-- queue took more than a minute at 500,000 households (measured on SQLite at 10x the data).
CREATE INDEX bundles_payment ON bundles (payment_id);
CREATE INDEX permits_payment ON permits (payment_id);
