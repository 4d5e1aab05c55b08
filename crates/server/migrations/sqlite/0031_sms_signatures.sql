-- ACT-4: the inbound-SMS webhook's replay memory. A signature covers the council, the moment
-- it was made and the body; it is accepted once, and kept until its moment leaves the
-- 5-minute window (after which it is refused as stale anyway), then deleted.
CREATE TABLE sms_signatures (
    signature TEXT PRIMARY KEY,
    remember_until BIGINT NOT NULL
);
CREATE INDEX sms_signatures_until ON sms_signatures (remember_until);
