-- Where and when listed events are, in an R*Tree (issue 12): the search
-- near a place asks for the events whose point is in a box and that are
-- not over, and the tree answers from the box and the time, whatever the
-- number of events elsewhere. Before, the search walked the listed events
-- in order of start through the span index, kept those in the box and
-- stopped after a thousand (40 ms at 1,000,000 events, and the thousand
-- soonest rather than the nearest). Integer dimensions (rtree_i32): the
-- point in millionths of a degree, the time in minutes since the epoch,
-- from the minute the event starts to the minute after it ends; each
-- entry's ID is the event's start_key. An event whose place is hidden is
-- where anyone sees it: its point rounded to a tenth of a degree
-- (cortege.Event.Redacted), so that a search never finds it by its real
-- place. The store checks the times exactly on the event's row.
CREATE VIRTUAL TABLE events_geo USING rtree_i32(id, lat0, lat1, lon0, lon1, t0, t1);
INSERT INTO events_geo (id, lat0, lat1, lon0, lon1, t0, t1)
SELECT start_key, CAST(round(CASE WHEN hide_place THEN round(lat * 10) / 10 ELSE lat END * 1000000) AS INTEGER), CAST(round(CASE WHEN hide_place THEN round(lat * 10) / 10 ELSE lat END * 1000000) AS INTEGER),
    CAST(round(CASE WHEN hide_place THEN round(lon * 10) / 10 ELSE lon END * 1000000) AS INTEGER), CAST(round(CASE WHEN hide_place THEN round(lon * 10) / 10 ELSE lon END * 1000000) AS INTEGER),
    starts_at / 60000, ends_at / 60000 + 1
FROM events
WHERE start_key IS NOT NULL AND has_coords = TRUE AND visibility = 'public' AND published = TRUE AND confirmed = TRUE;

CREATE TRIGGER events_geo_new AFTER INSERT ON events
WHEN new.start_key IS NOT NULL AND new.has_coords = TRUE AND new.visibility = 'public' AND new.published = TRUE AND new.confirmed = TRUE
BEGIN
    INSERT INTO events_geo (id, lat0, lat1, lon0, lon1, t0, t1) VALUES (new.start_key,
        CAST(round(CASE WHEN new.hide_place THEN round(new.lat * 10) / 10 ELSE new.lat END * 1000000) AS INTEGER), CAST(round(CASE WHEN new.hide_place THEN round(new.lat * 10) / 10 ELSE new.lat END * 1000000) AS INTEGER),
        CAST(round(CASE WHEN new.hide_place THEN round(new.lon * 10) / 10 ELSE new.lon END * 1000000) AS INTEGER), CAST(round(CASE WHEN new.hide_place THEN round(new.lon * 10) / 10 ELSE new.lon END * 1000000) AS INTEGER),
        new.starts_at / 60000, new.ends_at / 60000 + 1);
END;

CREATE TRIGGER events_geo_change AFTER UPDATE OF start_key, starts_at, ends_at, has_coords, lat, lon, hide_place, visibility, published, confirmed ON events
BEGIN
    DELETE FROM events_geo WHERE id = old.start_key;
    INSERT INTO events_geo (id, lat0, lat1, lon0, lon1, t0, t1)
    SELECT new.start_key, CAST(round(CASE WHEN new.hide_place THEN round(new.lat * 10) / 10 ELSE new.lat END * 1000000) AS INTEGER), CAST(round(CASE WHEN new.hide_place THEN round(new.lat * 10) / 10 ELSE new.lat END * 1000000) AS INTEGER),
        CAST(round(CASE WHEN new.hide_place THEN round(new.lon * 10) / 10 ELSE new.lon END * 1000000) AS INTEGER), CAST(round(CASE WHEN new.hide_place THEN round(new.lon * 10) / 10 ELSE new.lon END * 1000000) AS INTEGER),
        new.starts_at / 60000, new.ends_at / 60000 + 1
    WHERE new.start_key IS NOT NULL AND new.has_coords = TRUE AND new.visibility = 'public' AND new.published = TRUE AND new.confirmed = TRUE;
END;

CREATE TRIGGER events_geo_gone AFTER DELETE ON events
BEGIN
    DELETE FROM events_geo WHERE id = old.start_key;
END;
