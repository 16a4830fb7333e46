-- A group's events by span class (issue 12): see the SQLite migration of
-- the same number.
ALTER TABLE event_organizers ADD COLUMN span_class SMALLINT;
UPDATE event_organizers SET span_class = e.span_class FROM events e WHERE e.id = event_organizers.event_id;
CREATE INDEX event_organizers_group_span ON event_organizers(group_id, span_class, start_key) WHERE status = 'accepted';

CREATE FUNCTION event_organizers_span() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT e.span_class INTO NEW.span_class FROM events e WHERE e.id = NEW.event_id;
    RETURN NEW;
END;
$$;
CREATE TRIGGER event_organizers_span BEFORE INSERT ON event_organizers
FOR EACH ROW WHEN (NEW.span_class IS NULL) EXECUTE FUNCTION event_organizers_span();

CREATE FUNCTION events_span_organizers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE event_organizers SET span_class = NEW.span_class WHERE event_id = NEW.id AND span_class IS DISTINCT FROM NEW.span_class;
    RETURN NULL;
END;
$$;
CREATE TRIGGER events_span_organizers AFTER UPDATE OF starts_at, ends_at ON events
FOR EACH ROW EXECUTE FUNCTION events_span_organizers();

ANALYZE event_organizers;
