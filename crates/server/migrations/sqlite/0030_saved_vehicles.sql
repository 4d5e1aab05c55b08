-- Saved visitor vehicles (issue 18): the plates a resident books again, each with an optional
-- name; at most 50 per account (permit_rules::MAX_SAVED_VEHICLES). One row per plate per
-- account; last_used_at orders them on Activate, most recent first.
CREATE TABLE saved_vehicles (
    id TEXT PRIMARY KEY,
    resident_id TEXT NOT NULL REFERENCES residents (id),
    vrm TEXT NOT NULL,
    non_uk_plate INTEGER NOT NULL DEFAULT 0,
    nickname TEXT,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    UNIQUE (resident_id, vrm)
);
