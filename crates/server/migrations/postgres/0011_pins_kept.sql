-- Asking for a PIN again keeps the live one (limits.rs): an account may hold a few live PINs
-- at once, each working until it expires or any of them is used.
ALTER TABLE pins DROP CONSTRAINT pins_pkey;
CREATE INDEX pins_by_resident ON pins (resident_id);
