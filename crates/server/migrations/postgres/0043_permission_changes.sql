-- Issue 20: each server keeps the enforcement check's permissions in memory. A write to a
-- permit or a stay tells every server which VRM to read again, as '<origin> <vrm>' where
-- origin is the writer's application_name (a server skips its own: it has read them already).
-- pg_notify delivers only when (and if) the transaction commits.
CREATE FUNCTION notify_permission_change() RETURNS trigger AS $$
DECLARE
    origin text := coalesce(current_setting('application_name', true), '');
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('permission_changes', origin || ' ' || OLD.vrm);
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.vrm IS DISTINCT FROM OLD.vrm) THEN
        PERFORM pg_notify('permission_changes', origin || ' ' || NEW.vrm);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER permits_permission_change
    AFTER INSERT OR DELETE OR UPDATE OF vrm, property_id, permit_type, state, starts_at, expires_at
    ON permits FOR EACH ROW EXECUTE FUNCTION notify_permission_change();

CREATE TRIGGER stays_permission_change
    AFTER INSERT OR DELETE OR UPDATE OF vrm, property_id, permit_type, starts_at, ends_at,
        cancelled_at, confirmation_seq, confirmed_at, non_uk_plate
    ON stays FOR EACH ROW EXECUTE FUNCTION notify_permission_change();
