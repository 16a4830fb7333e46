-- Public names chosen, not guessed (issue 10). Times are integer
-- milliseconds (UTC).

-- identity: 'chosen' once the person chose the public name and handle of
-- their first profile, 'new' for an account still showing its neutral
-- suggested handle, 'legacy' for an older account whose handle came from
-- its address. Every account older than this migration is marked 'check':
-- the first request with its session compares its handle with what the old
-- rule derived from the address (done in Go, the same on both engines) and
-- settles it to 'legacy' or 'chosen'.
ALTER TABLE accounts ADD COLUMN identity TEXT NOT NULL DEFAULT 'chosen';
UPDATE accounts SET identity = 'check';

-- The language of the sign-in page where a link was asked for: a new
-- account keeps it.
ALTER TABLE login_tokens ADD COLUMN lang TEXT NOT NULL DEFAULT '';

-- Event sessions: what opening a private link (an accountless organiser's
-- management link, a participant's confirmation or cancel link) is
-- exchanged for, so the address bar never holds the token. The cookie
-- holds a random secret; only its SHA-256 is stored. A management session
-- keeps the hash of the link's token and dies with it (claiming the event
-- drops it); a participant's session points at the registration.
CREATE TABLE event_sessions (
    id               TEXT PRIMARY KEY,
    event_id         TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    link_hash        TEXT NOT NULL DEFAULT '',
    participation_id TEXT REFERENCES participations(id) ON DELETE CASCADE,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL
);
CREATE INDEX event_sessions_expires ON event_sessions(expires_at);
