-- Issue 20: a booking on PostgreSQL begins and takes the resident's row lock in one simple
-- query (`postgres_booking::begin_locked`), and a simple query is parsed and planned every
-- time: the lock's SELECT ... FOR UPDATE was planned afresh for every booking. PL/pgSQL keeps
-- the plan of the statement inside a function for the connection's life, so the simple query
-- now only calls this function. The lock taken is the same row lock as `residents::lock`'s.
CREATE FUNCTION lock_resident(resident text) RETURNS void AS $$
BEGIN
    PERFORM 1 FROM residents WHERE id = resident FOR UPDATE;
END
$$ LANGUAGE plpgsql;

-- Every booking takes one permit from a bundle, and every request by a resident stores when
-- its session was last used: both update a row in place. An updated row whose new version
-- fits on its page, with no indexed column changed, is written without touching the
-- indexes (a HOT update); on a page filled by inserts it does not fit, and all six of
-- bundles' indexes (two of sessions') get an entry. A tenth of each page is kept free for
-- those new versions. This applies to pages written from now on.
ALTER TABLE bundles SET (fillfactor = 90);
ALTER TABLE sessions SET (fillfactor = 90);
