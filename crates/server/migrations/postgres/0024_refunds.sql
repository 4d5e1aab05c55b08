-- Refunds of purchases paid on the provider's hosted page (issue 16: VP-6, RP-2 rejections;
-- RP-5, AVP-4 cancellations). Recorded in the transaction that decides them and sent to the
-- provider by the jobs, retried while it cannot be reached, so a provider outage never blocks
-- a decision or leaves money unreturned.
-- state: pending (not yet accepted by the provider) | sent | failed (refused: staff follow up)
CREATE TABLE refunds (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    payment_id TEXT NOT NULL REFERENCES payments (id),
    order_id TEXT NOT NULL REFERENCES orders (id),
    amount_pence BIGINT NOT NULL,
    state TEXT NOT NULL,
    provider_refund_id TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX refunds_pending ON refunds (state, seq);
CREATE INDEX refunds_payment ON refunds (payment_id);
