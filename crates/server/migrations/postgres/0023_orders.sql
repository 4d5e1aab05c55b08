-- Two-phase purchases (issue 16): an order is made before the payer goes to the payment
-- provider's hosted page. Until it is paid, fails or expires it holds the allowance it would
-- use (counted with the household's purchases), so racing orders cannot overspend.
-- state: awaiting_payment | paid | declined | cancelled | failed | expired
-- A paid order names its payment once: payment_id is UNIQUE, and issuing sets it only while the
-- order is still awaiting payment, in the transaction that records the payment.
CREATE TABLE orders (
    seq BIGSERIAL PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    council TEXT NOT NULL,
    household TEXT,
    property_id TEXT NOT NULL,
    idem_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    permit_type TEXT NOT NULL,
    permits BIGINT NOT NULL,
    quote TEXT NOT NULL,
    vrm TEXT,
    duration_months BIGINT,
    amount_pence BIGINT NOT NULL,
    description TEXT NOT NULL,
    provider_payment_id TEXT UNIQUE,
    next_url TEXT,
    state TEXT NOT NULL,
    failure_code TEXT,
    payment_id TEXT UNIQUE REFERENCES payments (id),
    receipt TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    settled_at BIGINT,
    UNIQUE (resident_id, idem_key)
);
CREATE INDEX orders_awaiting ON orders (state, expires_at);
CREATE INDEX orders_household ON orders (council, household, state);
