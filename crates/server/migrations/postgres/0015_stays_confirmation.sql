-- ACT-5: a texted stay counts only once its confirmation text has gone: the stay names the
-- outbox message that confirms it, and records when the gateway accepted that message.
-- Stays booked in the app or by phone have neither (they count from their start).
ALTER TABLE stays ADD COLUMN confirmation_seq BIGINT;
ALTER TABLE stays ADD COLUMN confirmed_at BIGINT;
CREATE INDEX stays_confirmation ON stays (confirmation_seq) WHERE confirmation_seq IS NOT NULL;
