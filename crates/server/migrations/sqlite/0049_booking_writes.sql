-- Issue 20: on PostgreSQL this version adds the function a booking takes the resident's row
-- lock with, and keeps room on bundles' and sessions' pages for their rows' updates. SQLite's
-- BEGIN IMMEDIATE holds its only write lock, and it has no such setting: nothing to add here.
SELECT 1;
