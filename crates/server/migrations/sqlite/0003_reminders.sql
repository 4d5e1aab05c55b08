-- When the renewal reminder for a permit was sent (RP-4, AVP-3), so it is sent once.
ALTER TABLE permits ADD COLUMN reminded_at BIGINT;
