-- VP-3 expiry warnings (issue 18): when a bundle's unused permits were last warned about, so
-- each bundle is warned about once; and the resident's choice from Account (1 = warn, the
-- default; 0 = never).
ALTER TABLE bundles ADD COLUMN expiry_warned_at BIGINT;
ALTER TABLE residents ADD COLUMN expiry_warnings BIGINT NOT NULL DEFAULT 1;
