-- "Keep me signed in on this device" (issue 19): a session is either a bearer token the client
-- holds ('bearer', as before) or a token kept in an HttpOnly cookie ('cookie'), which lives
-- longer (auth::SessionKind) and whose writes need the CSRF token. A token is accepted only in
-- the way it was issued.
ALTER TABLE sessions ADD COLUMN kind TEXT NOT NULL DEFAULT 'bearer';
