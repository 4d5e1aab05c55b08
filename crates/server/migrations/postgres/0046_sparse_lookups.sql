-- Bundles bought with no household (no registration yet) and single-day stays have no
-- property or visit id. SQLite's planner statistics count those NULLs as one shared value, so
-- on a database where most bundles have none it judged `bundles (property_id)` useless and
-- found a household's bundles by walking every resident of the council instead: 19 ms a
-- purchase at 50,000 households, 200 ms at 500,000, with SQLite's writer held throughout.
-- Indexes that leave the NULLs out are counted only over the rows a lookup can find (an
-- equality lookup implies NOT NULL, so both databases use them for `= $1`).
DROP INDEX bundles_property;
CREATE INDEX bundles_property ON bundles (property_id) WHERE property_id IS NOT NULL;
DROP INDEX stays_visit;
CREATE INDEX stays_visit ON stays (visit_id) WHERE visit_id IS NOT NULL;
