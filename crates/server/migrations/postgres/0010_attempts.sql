-- Request limits (limits.rs): one row per counted attempt, by what is limited and whom
-- (a contact, an IP, a property, a staff address, or `*` for all). Kept in the database so a
-- limit holds across every server process on it.
CREATE TABLE attempts (
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX attempts_by_subject ON attempts (kind, subject, at);
