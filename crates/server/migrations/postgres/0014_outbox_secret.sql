-- A message that carries a login PIN or code: once sent, its text is replaced (the row stays,
-- as the record that something was sent, to whom and when).
ALTER TABLE outbox ADD COLUMN secret BIGINT NOT NULL DEFAULT 0;
