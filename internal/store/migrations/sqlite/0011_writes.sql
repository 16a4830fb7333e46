-- The write path of issue 12: the next position on an event's list
-- (NextPosition, MAX(position) per event) read from the end of an index
-- instead of scanning every participation of the event, which
-- participations_event (event_id, status, position) made it do inside the
-- writer's transaction: a registration costs the same on an event of ten
-- and of fifty thousand.
CREATE INDEX participations_position ON participations(event_id, position);
