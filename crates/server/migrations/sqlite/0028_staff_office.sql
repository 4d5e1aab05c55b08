-- The staff web app (issue 17): admins disable staff, and officers read the audit log, the
-- enforcement log and residents by what a caller or a ticket gives them.

-- A disabled member of staff cannot log in and has no sessions; the row stays, because the
-- audit log names them.
ALTER TABLE staff ADD COLUMN disabled_at BIGINT;
CREATE INDEX staff_council ON staff (council, full_name);

-- The audit log filtered by resident or actor, newest first.
CREATE INDEX audit_log_resident ON audit_log (council, resident_id, seq);
CREATE INDEX audit_log_actor ON audit_log (council, actor, seq);

-- The enforcement log by VRM and time (disputed tickets).
CREATE INDEX enforcement_checks_vrm ON enforcement_checks (council, vrm, checked_at);

-- Residents found by name, email or mobile within their council.
CREATE INDEX residents_council ON residents (council, full_name);
