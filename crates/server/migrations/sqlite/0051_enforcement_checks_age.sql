-- Checks past the council's retention (`[records]` in its file) are deleted oldest first by
-- the scheduled jobs. Within a council new checks land at the end of this index, so a check
-- touches the same few pages as the one before it.
CREATE INDEX enforcement_checks_age ON enforcement_checks (council, checked_at);
