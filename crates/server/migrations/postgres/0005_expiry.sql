-- When a resident was told their registration expired (REG-3), so they are told once.
ALTER TABLE registrations ADD COLUMN expiry_told_at BIGINT;
