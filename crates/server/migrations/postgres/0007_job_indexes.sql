-- VP-3's job looks for bundles past their expiry every minute.
CREATE INDEX bundles_expiry ON bundles (expires_at);
