-- Issue 20: on PostgreSQL this version adds the triggers that tell other servers of changes
-- to permits and stays. A SQLite database has one server process, whose own writes keep its
-- permission index current: nothing to add here.
SELECT 1;
