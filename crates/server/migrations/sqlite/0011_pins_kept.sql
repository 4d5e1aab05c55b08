-- Asking for a PIN again keeps the live one (limits.rs): an account may hold a few live PINs
-- at once, each working until it expires or any of them is used.
CREATE TABLE pins_kept (
    resident_id TEXT NOT NULL REFERENCES residents (id),
    pin_hash TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
INSERT INTO pins_kept (resident_id, pin_hash, expires_at)
    SELECT resident_id, pin_hash, expires_at FROM pins;
DROP TABLE pins;
ALTER TABLE pins_kept RENAME TO pins;
CREATE INDEX pins_by_resident ON pins (resident_id);
