-- Renewals paid on the provider's hosted page (issue 16, RP-4, AVP-3): an order may renew a
-- permit instead of buying something new. While it awaits payment it holds that permit's
-- renewal (no second renewal order is made for it); once paid, the next period is issued
-- exactly once. `quote` then holds the rules engine's RenewalQuote. Renewal orders hold no
-- visitor allowance.
ALTER TABLE orders ADD COLUMN renews TEXT REFERENCES permits (id);
CREATE INDEX orders_renewing ON orders (renews, state);
