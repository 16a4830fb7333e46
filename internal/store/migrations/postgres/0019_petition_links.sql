-- Petitions (issue 13, items 5 and 6): the events linked to a petition
-- (its gatherings) and the news its organisers post to the signers.
-- Times are integer milliseconds since the epoch (UTC) on both engines.

-- One row an event linked to a petition, by the event's organisers or the
-- petition's; linked_by is NULL when the link was made from an event's
-- management link (an event without an account).
CREATE TABLE petition_links (
    petition_id TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    linked_by   TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (petition_id, event_id)
);
-- The event's page names its petitions.
CREATE INDEX petition_links_event ON petition_links(event_id);

-- News posted by a petition's organisers, newest first on its page.
CREATE TABLE petition_updates (
    id          TEXT PRIMARY KEY,
    petition_id TEXT NOT NULL REFERENCES petitions(id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    by_profile  TEXT REFERENCES profiles(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX petition_updates_petition ON petition_updates(petition_id, created_at);
