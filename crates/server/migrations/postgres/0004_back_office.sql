-- Council staff, the audit log, text and phone channels, delivery and enforcement (issue 4).

-- Council staff, each at one council. role: officer (reviews) | agent (phone, ACT-6).
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    council TEXT NOT NULL,
    role TEXT NOT NULL,
    email TEXT NOT NULL,
    full_name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX staff_email ON staff (email);

-- One live login code per member of staff: single use, and a wrong guess burns it.
CREATE TABLE staff_pins (
    staff_id TEXT PRIMARY KEY REFERENCES staff (id),
    pin_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

-- Every staff action. Append-only: the API only inserts and reads, and the database refuses
-- changes too.
CREATE TABLE audit_log (
    seq BIGSERIAL PRIMARY KEY,
    council TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    resident_id TEXT,
    detail TEXT,
    at BIGINT NOT NULL
);
CREATE INDEX audit_log_council ON audit_log (council, seq);
CREATE RULE audit_log_no_update AS ON UPDATE TO audit_log DO INSTEAD NOTHING;
CREATE RULE audit_log_no_delete AS ON DELETE TO audit_log DO INSTEAD NOTHING;

-- Which zone each property is in, copied from the gazetteer at start-up so the enforcement
-- check is one query.
CREATE TABLE property_zones (
    property_id TEXT PRIMARY KEY,
    council TEXT NOT NULL,
    zone TEXT NOT NULL
);

-- The property a stay is for (the resident's), so enforcement finds its zone.
ALTER TABLE stays ADD COLUMN property_id TEXT;
CREATE INDEX stays_vrm ON stays (vrm, starts_at);
CREATE INDEX permits_vrm ON permits (vrm, starts_at);

-- Every enforcement check, answered or not.
CREATE TABLE enforcement_checks (
    seq BIGSERIAL PRIMARY KEY,
    council TEXT NOT NULL,
    key_label TEXT NOT NULL,
    vrm TEXT NOT NULL,
    zone TEXT NOT NULL,
    checked_for BIGINT NOT NULL,
    permitted BIGINT NOT NULL,
    permit_kind TEXT,
    checked_at BIGINT NOT NULL
);

-- Delivery: a worker claims a row for a lease, sends, then marks it sent.
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
ALTER TABLE outbox ADD COLUMN sent_at BIGINT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
