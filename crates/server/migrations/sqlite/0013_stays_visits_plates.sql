-- Multi-day visits (issue 13): the days of one booking are stays of their own (one permit
-- each, enforcement unchanged) sharing a visit id, so cancelling the visit finds its days.
-- Non-UK plates: booked only by the resident's explicit choice, 1 here, and told to
-- enforcement as such.
ALTER TABLE stays ADD COLUMN visit_id TEXT;
ALTER TABLE stays ADD COLUMN non_uk_plate BIGINT NOT NULL DEFAULT 0;
CREATE INDEX stays_visit ON stays (visit_id);
