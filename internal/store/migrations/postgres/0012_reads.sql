-- Read paths whose cost does not grow with the instance (issue 12).
--
-- start_key orders every list of events: starts_at × 2^20 plus the rank
-- of the event among those starting the same millisecond (by ID for the
-- rows below, then in order of creation), unique. Lists walk an index on
-- it and their pages carry it as the cursor. Full-text search keeps the
-- GIN index events_search of 0003.
ALTER TABLE events ADD COLUMN start_key BIGINT;
UPDATE events SET start_key = k.key
FROM (SELECT id, starts_at * 1048576 + ROW_NUMBER() OVER (PARTITION BY starts_at ORDER BY id) - 1 AS key FROM events) k
WHERE k.id = events.id;
CREATE UNIQUE INDEX events_start_key ON events(start_key);

-- An event inserted without a key gets the next free one of its
-- millisecond (UpdateEvent computes it again when the start moves).
CREATE FUNCTION events_start_key_new() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT COALESCE(MAX(x.start_key) + 1, NEW.starts_at * 1048576) INTO NEW.start_key FROM events x
    WHERE x.start_key >= NEW.starts_at * 1048576 AND x.start_key < (NEW.starts_at + 1) * 1048576;
    RETURN NEW;
END;
$$;
CREATE TRIGGER events_start_key_new BEFORE INSERT ON events
FOR EACH ROW WHEN (NEW.start_key IS NULL) EXECUTE FUNCTION events_start_key_new();

-- Listed events (public, published, confirmed) in order of start; ends_at
-- makes the index cover the "not over yet" test.
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
ALTER TABLE event_organizers ADD COLUMN start_key BIGINT;
UPDATE event_organizers SET start_key = e.start_key FROM events e WHERE e.id = event_organizers.event_id;
CREATE INDEX event_organizers_group_start ON event_organizers(group_id, start_key) WHERE status = 'accepted';

CREATE FUNCTION event_organizers_start_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT e.start_key INTO NEW.start_key FROM events e WHERE e.id = NEW.event_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER event_organizers_start_key BEFORE INSERT ON event_organizers
FOR EACH ROW WHEN (NEW.start_key IS NULL) EXECUTE FUNCTION event_organizers_start_key();

CREATE FUNCTION events_start_key_organizers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_organizers SET start_key = NEW.start_key WHERE event_id = NEW.id;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_start_key_organizers AFTER UPDATE OF start_key ON events
FOR EACH ROW WHEN (OLD.start_key IS DISTINCT FROM NEW.start_key) EXECUTE FUNCTION events_start_key_organizers();

-- Participants counted by status as they change, so an event's page
-- reads a few rows whatever its number of participants.
CREATE TABLE event_counts (
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    status   TEXT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (event_id, status)
);
INSERT INTO event_counts (event_id, status, n)
SELECT event_id, status, COUNT(*) FROM participations GROUP BY event_id, status;

CREATE FUNCTION participations_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE event_counts SET n = n - 1 WHERE event_id = OLD.event_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO event_counts (event_id, status, n) VALUES (NEW.event_id, NEW.status, 1)
        ON CONFLICT (event_id, status) DO UPDATE SET n = event_counts.n + 1;
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER participations_count_new AFTER INSERT ON participations
FOR EACH ROW EXECUTE FUNCTION participations_count();
CREATE TRIGGER participations_count_status AFTER UPDATE OF status, event_id ON participations
FOR EACH ROW WHEN (OLD.status <> NEW.status OR OLD.event_id <> NEW.event_id) EXECUTE FUNCTION participations_count();
CREATE TRIGGER participations_count_gone AFTER DELETE ON participations
FOR EACH ROW EXECUTE FUNCTION participations_count();

-- Statistics for the planner.
ANALYZE events;
ANALYZE event_organizers;
ANALYZE event_counts;
