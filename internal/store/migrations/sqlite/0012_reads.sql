-- Read paths whose cost does not grow with the instance (issue 12).
--
-- start_key orders every list of events: starts_at × 2^20 plus the rank
-- of the event among those starting the same millisecond (by ID for the
-- rows below, then in order of creation), unique. Lists walk an index on
-- it and their pages carry it as the cursor; the full-text index uses it
-- as its rowid, so matches come back in order of start.
ALTER TABLE events ADD COLUMN start_key INTEGER;
UPDATE events SET start_key = k.key
FROM (SELECT id, starts_at * 1048576 + ROW_NUMBER() OVER (PARTITION BY starts_at ORDER BY id) - 1 AS key FROM events) k
WHERE k.id = events.id;
CREATE UNIQUE INDEX events_start_key ON events(start_key);

-- An event inserted without a key gets the next free one of its
-- millisecond (UpdateEvent computes it again when the start moves).
CREATE TRIGGER events_start_key_new AFTER INSERT ON events WHEN new.start_key IS NULL
BEGIN
    UPDATE events SET start_key = (
        SELECT COALESCE(MAX(x.start_key) + 1, new.starts_at * 1048576) FROM events x
        WHERE x.start_key >= new.starts_at * 1048576 AND x.start_key < (new.starts_at + 1) * 1048576)
    WHERE rowid = new.rowid;
END;

-- Listed events (public, published, confirmed) in order of start; ends_at
-- makes the index cover the "not over yet" test, so the events over in
-- the last MaxEventDuration before a search's start are skipped in the
-- index alone.
CREATE INDEX events_listed_start ON events(start_key, ends_at)
WHERE visibility = 'public' AND published = TRUE AND confirmed = TRUE;

-- The listed dates of each series not cancelled, in order: a list shows a
-- series once, by its first date not over (and not cancelled).
CREATE INDEX events_series_listed ON events(series_id, start_key, ends_at)
WHERE series_id IS NOT NULL AND visibility = 'public' AND published = TRUE AND confirmed = TRUE AND status <> 'cancelled';

-- The events a profile created, in order (dashboard, personal feed).
CREATE INDEX events_creator_start ON events(created_by, start_key);

-- A group's events in order of start, without reading the others: the
-- organisers' rows carry the event's key, kept in step by triggers.
ALTER TABLE event_organizers ADD COLUMN start_key INTEGER;
UPDATE event_organizers SET start_key = (SELECT e.start_key FROM events e WHERE e.id = event_organizers.event_id);
CREATE INDEX event_organizers_group_start ON event_organizers(group_id, start_key) WHERE status = 'accepted';

CREATE TRIGGER event_organizers_start_key AFTER INSERT ON event_organizers WHEN new.start_key IS NULL
BEGIN
    UPDATE event_organizers SET start_key = (SELECT e.start_key FROM events e WHERE e.id = new.event_id)
    WHERE event_id = new.event_id AND group_id = new.group_id;
END;

CREATE TRIGGER events_start_key_organizers AFTER UPDATE OF start_key ON events
BEGIN
    UPDATE event_organizers SET start_key = new.start_key WHERE event_id = new.id;
END;

-- Full-text search of listed events: the folded search_text (lower case,
-- no accents, cortege.NormalizeSearch) of each listed event, under its
-- start_key. Contentless (the text stays in events) with deletes by
-- rowid; prefix indexes of 2 and 3 characters serve short words typed
-- (every word of a search matches from the start of a word, as
-- cortege.MatchesWords).
CREATE VIRTUAL TABLE events_fts USING fts5(search_text, content = '', contentless_delete = 1,
    prefix = '2 3', tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO events_fts (rowid, search_text)
SELECT start_key, search_text FROM events
WHERE visibility = 'public' AND published = TRUE AND confirmed = TRUE;

CREATE TRIGGER events_fts_new AFTER INSERT ON events
WHEN new.start_key IS NOT NULL AND new.visibility = 'public' AND new.published = TRUE AND new.confirmed = TRUE
BEGIN
    INSERT INTO events_fts (rowid, search_text) VALUES (new.start_key, new.search_text);
END;

CREATE TRIGGER events_fts_change AFTER UPDATE OF start_key, search_text, visibility, published, confirmed ON events
BEGIN
    DELETE FROM events_fts WHERE rowid = old.start_key;
    INSERT INTO events_fts (rowid, search_text)
    SELECT new.start_key, new.search_text
    WHERE new.start_key IS NOT NULL AND new.visibility = 'public' AND new.published = TRUE AND new.confirmed = TRUE;
END;

CREATE TRIGGER events_fts_gone AFTER DELETE ON events
BEGIN
    DELETE FROM events_fts WHERE rowid = old.start_key;
END;

-- Participants counted by status as they change, so an event's page
-- reads a few rows whatever its number of participants.
CREATE TABLE event_counts (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    status   TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (event_id, status)
);
INSERT INTO event_counts (event_id, status, n)
SELECT event_id, status, COUNT(*) FROM participations GROUP BY event_id, status;

CREATE TRIGGER participations_count_new AFTER INSERT ON participations
BEGIN
    INSERT INTO event_counts (event_id, status, n) VALUES (new.event_id, new.status, 1)
    ON CONFLICT (event_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER participations_count_status AFTER UPDATE OF status, event_id ON participations
WHEN old.status <> new.status OR old.event_id <> new.event_id
BEGIN
    UPDATE event_counts SET n = n - 1 WHERE event_id = old.event_id AND status = old.status;
    INSERT INTO event_counts (event_id, status, n) VALUES (new.event_id, new.status, 1)
    ON CONFLICT (event_id, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER participations_count_gone AFTER DELETE ON participations
BEGIN
    UPDATE event_counts SET n = n - 1 WHERE event_id = old.event_id AND status = old.status;
END;

-- Statistics for the planner.
ANALYZE;
