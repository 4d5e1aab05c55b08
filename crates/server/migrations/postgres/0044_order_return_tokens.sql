-- Issue 16: the Tauri app opens the provider's payment page in the system browser, which has
-- no session. The provider sends that payer back to a page named by a random token made for
-- the order (only its SHA-256 is kept), which says whether the payment went through and
-- nothing else about the order. Orders paid in the web UI have none.
ALTER TABLE orders ADD COLUMN return_token_hash TEXT;
CREATE UNIQUE INDEX orders_return_token ON orders (return_token_hash);
