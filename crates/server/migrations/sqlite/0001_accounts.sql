-- Accounts, login and the outbox. Instants are unix seconds (BIGINT) in both dialects.
-- An account at one council; contacts are unique per council (PIN login looks them up).
CREATE TABLE residents (
    id TEXT PRIMARY KEY,
    council TEXT NOT NULL,
    full_name TEXT NOT NULL,
    email TEXT,
    mobile TEXT,
    created_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX residents_council_email ON residents (council, email);
CREATE UNIQUE INDEX residents_council_mobile ON residents (council, mobile);

-- Each application for the account's property; the latest one counts (REG-3 reapplies).
-- state: awaiting_proof | pending | approved | rejected
CREATE TABLE registrations (
    -- seq orders applications made within the same second.
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    property_id TEXT NOT NULL,
    council_tax_masked TEXT,
    state TEXT NOT NULL,
    reason TEXT,
    submitted_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX registrations_resident ON registrations (resident_id, submitted_at);

CREATE TABLE proofs (
    id TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    purpose TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body BLOB NOT NULL,
    uploaded_at BIGINT NOT NULL
);

CREATE TABLE pins (
    resident_id TEXT PRIMARY KEY REFERENCES residents (id),
    pin_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE pin_failures (
    resident_id TEXT NOT NULL REFERENCES residents (id),
    failed_at BIGINT NOT NULL
);
CREATE INDEX pin_failures_resident ON pin_failures (resident_id, failed_at);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX sessions_resident ON sessions (resident_id);

CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    resident_id TEXT REFERENCES residents (id),
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
