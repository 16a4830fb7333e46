-- The events a profile created, by span class (issue 12): the dashboard
-- walks each class from its own floor (store.spanBounds), as lists do.
CREATE INDEX events_creator_span ON events(created_by, span_class, start_key);
