-- A group's events by span class (issue 12): the organisers' rows carry
-- the event's span class as they carry its start_key, so a group's list of
-- events not over at T walks each class from T minus its bound (the
-- store's spanBounds), not from T minus 31 days.
ALTER TABLE event_organizers ADD COLUMN span_class INTEGER;
UPDATE event_organizers SET span_class = (SELECT e.span_class FROM events e WHERE e.id = event_organizers.event_id);
CREATE INDEX event_organizers_group_span ON event_organizers(group_id, span_class, start_key) WHERE status = 'accepted';

CREATE TRIGGER event_organizers_span AFTER INSERT ON event_organizers WHEN new.span_class IS NULL
BEGIN
    UPDATE event_organizers SET span_class = (SELECT e.span_class FROM events e WHERE e.id = new.event_id)
    WHERE event_id = new.event_id AND group_id = new.group_id;
END;

CREATE TRIGGER events_span_organizers AFTER UPDATE OF starts_at, ends_at ON events
BEGIN
    UPDATE event_organizers SET span_class = new.span_class WHERE event_id = new.id AND span_class IS NOT new.span_class;
END;

ANALYZE event_organizers;
