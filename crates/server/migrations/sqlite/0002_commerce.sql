-- Purchases, what they bought, stays, and idempotency records. Amounts in pence, instants in
-- unix seconds, both BIGINT.

-- VP-7: one row per purchase that was paid for. status: paid | refunded
CREATE TABLE payments (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    permit_type TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    amount_pence BIGINT NOT NULL,
    refunded_pence BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    charge_ref TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX payments_resident ON payments (resident_id, seq);

-- Visitor permits bought together (a purchase of bundles). state: active | pending_review | rejected
CREATE TABLE bundles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    payment_id TEXT NOT NULL REFERENCES payments (id),
    permit_type TEXT NOT NULL,
    permits BIGINT NOT NULL,
    remaining BIGINT NOT NULL,
    state TEXT NOT NULL,
    bought_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX bundles_resident ON bundles (resident_id);

-- Permits for one vehicle over a period (RP-1, AVP-1).
-- state: active | pending_review | rejected | cancelled
CREATE TABLE permits (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    payment_id TEXT NOT NULL REFERENCES payments (id),
    permit_type TEXT NOT NULL,
    vrm TEXT NOT NULL,
    property_id TEXT NOT NULL,
    duration_months BIGINT NOT NULL,
    price_pence BIGINT NOT NULL,
    state TEXT NOT NULL,
    auto_renew BIGINT NOT NULL,
    starts_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    renewed_from TEXT
);
CREATE INDEX permits_resident ON permits (resident_id);

CREATE TABLE stays (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    bundle_id TEXT NOT NULL REFERENCES bundles (id),
    permit_type TEXT NOT NULL,
    vrm TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX stays_resident ON stays (resident_id, starts_at);

-- Vehicle change (RP-3) and change of address (RP-7, AVP-5) requests for the council.
-- state: pending | approved | rejected
CREATE TABLE permit_requests (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    permit_id TEXT REFERENCES permits (id),
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A replayable answer per (resident, Idempotency-Key).
CREATE TABLE idempotency_keys (
    resident_id TEXT NOT NULL REFERENCES residents (id),
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code BIGINT NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (resident_id, idem_key)
);
