-- The span index carries the events' points (issue 12): a search near a
-- place walks the listed events of each span class in order of start and
-- tests the bounding box in the index alone, reading only the rows inside
-- the box, not every event until a thousand are found.
DROP INDEX events_listed_span;
CREATE INDEX events_listed_span ON events(span_class, start_key, ends_at, has_coords, lat, lon)
WHERE visibility = 'public' AND published = TRUE AND confirmed = TRUE;
