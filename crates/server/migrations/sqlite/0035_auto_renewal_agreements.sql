-- Auto-renewal (RP-6) through a recurring-payment agreement (issue 16). A resident who ticks
-- auto-renewal when buying agrees to it on the provider's page: the order and then the permit
-- name the agreement, and each renewal carries it on. orders.auto_renew is the resident's
-- choice (1 ticked, 0 not; NULL: the product's default).
ALTER TABLE orders ADD COLUMN agreement_id TEXT;
ALTER TABLE orders ADD COLUMN auto_renew BIGINT;
ALTER TABLE permits ADD COLUMN agreement_id TEXT;

-- One automatic renewal per permit period (permit_id UNIQUE), recorded before the provider is
-- asked, so a run that dies or a reply that is lost is retried with the same idempotency key
-- (the row's id) and never charges twice; it renews exactly once (only a 'charging' row moves).
-- state: charging | renewed | declined (the charge failed or the agreement ended: the resident
-- was sent a link to pay) | link_sent (no agreement to charge: the resident was sent a link)
CREATE TABLE auto_renewals (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    permit_id TEXT NOT NULL UNIQUE REFERENCES permits (id),
    resident_id TEXT NOT NULL REFERENCES residents (id),
    council TEXT NOT NULL,
    agreement_id TEXT,
    quote TEXT NOT NULL,
    amount_pence BIGINT NOT NULL,
    provider_payment_id TEXT UNIQUE,
    state TEXT NOT NULL,
    failure_code TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    settled_at BIGINT
);
CREATE INDEX auto_renewals_charging ON auto_renewals (state, seq);

-- Agreements to cancel at the provider once auto-renewal is switched off (or the permit ends),
-- recorded with the switch and sent by the request and then the jobs until the provider
-- accepts, so an outage never keeps auto-renewal on.
CREATE TABLE agreement_cancellations (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    agreement_id TEXT NOT NULL UNIQUE,
    council TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX agreement_cancellations_pending ON agreement_cancellations (cancelled_at, seq);
