-- ACT-6: a phone agent acts for one resident after verifying them; the call lasts 30 minutes.
CREATE TABLE agent_calls (
    id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL REFERENCES staff (id),
    resident_id TEXT NOT NULL REFERENCES residents (id),
    verified_at BIGINT NOT NULL
);
