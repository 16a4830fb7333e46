-- Lists of events in order of start, one page at a time, whatever the
-- number of events (issue 12). Each walks an index on start_key (see
-- migration 0012) from the page's cursor: the key after which the page
-- starts, never below the key of From minus cortege.MaxEventDuration (no
-- event started earlier is still on at From), so the events over in that
-- window are the only ones read and skipped, in the index alone. A series
-- stands as one item (unless all dates are asked for, ? = TRUE): its first
-- listed date not cancelled and not over at From.

-- name: ListedEvents
-- Listed events of span class ? with start_key in (?, ?), not over at ?,
-- matching the optional filters: a bounding box, online only, a category.
-- The store runs it once per span class, each from its own floor, and
-- merges the pages (migration 0021).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key FROM events e
WHERE e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
    AND e.span_class = ? AND e.start_key > ? AND e.start_key < ? AND e.ends_at > ?
    AND (? = FALSE OR (e.has_coords = TRUE AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?))
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
    AND (? = TRUE OR e.series_id IS NULL OR (e.status <> 'cancelled' AND NOT EXISTS (
        SELECT 1 FROM events p WHERE p.series_id = e.series_id AND p.visibility = 'public' AND p.published = TRUE
            AND p.confirmed = TRUE AND p.status <> 'cancelled' AND p.start_key > ? AND p.start_key < e.start_key
            AND p.ends_at > ?)))
ORDER BY e.start_key
LIMIT ? OFFSET ?;

-- name: ListedEventPoints
-- ListedEvents with coordinates inside a bounding box, of span class ?,
-- as points: ID, coordinates, whether the place is hidden and start_key,
-- without the texts (the search near a place orders up to a thousand of
-- them by distance, then reads the page with EventsByKeys).
SELECT e.id, e.lat, e.lon, e.hide_place, e.start_key
FROM events e
WHERE e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
    AND e.span_class = ? AND e.start_key > ? AND e.start_key < ? AND e.ends_at > ?
    AND e.has_coords = TRUE AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
    AND (? = TRUE OR e.series_id IS NULL OR (e.status <> 'cancelled' AND NOT EXISTS (
        SELECT 1 FROM events p WHERE p.series_id = e.series_id AND p.visibility = 'public' AND p.published = TRUE
            AND p.confirmed = TRUE AND p.status <> 'cancelled' AND p.start_key > ? AND p.start_key < e.start_key
            AND p.ends_at > ?)))
ORDER BY e.start_key
LIMIT ? OFFSET ?;

-- name: ListedEventPointsNear
-- Listed events whose point as anyone sees it (rounded when the place is
-- hidden) is inside a box (max lat, min lat, max lon, min lon), not over
-- at ? and starting before ?, as points with their series and status:
-- the R*Tree events_geo (migration 0030) answers the box and the time in
-- minutes, the row checks the times exactly and the other filters. At
-- most ? of them, in no order (the caller measures and sorts). PostgreSQL
-- overrides with a box on the events' coordinates.
SELECT e.id, e.lat, e.lon, e.hide_place, e.start_key, COALESCE(e.series_id, ''), e.status
FROM events_geo g CROSS JOIN events e ON e.start_key = g.id
WHERE g.lat0 <= CAST(round(? * 1000000) AS INTEGER) AND g.lat1 >= CAST(round(? * 1000000) AS INTEGER)
    AND g.lon0 <= CAST(round(? * 1000000) AS INTEGER) AND g.lon1 >= CAST(round(? * 1000000) AS INTEGER)
    AND g.t1 >= ? / 60000 AND g.t0 <= ? / 60000
    AND e.ends_at > ? AND e.starts_at < ?
    AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE AND e.has_coords = TRUE
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
LIMIT ?;

-- name: CountEventPointsNear
-- How many entries of the R*Tree events_geo (migration 0030) are in a box
-- (max lat, min lat, max lon, min lon) and not over at ? nor starting
-- after ? (in minutes), counting no further than ?: the tree alone, no
-- row read, so that the search near a place sizes its ring cheaply (the
-- rows may then hold fewer, never more). PostgreSQL overrides.
SELECT COUNT(*) FROM (SELECT 1 FROM events_geo g
WHERE g.lat0 <= CAST(round(? * 1000000) AS INTEGER) AND g.lat1 >= CAST(round(? * 1000000) AS INTEGER)
    AND g.lon0 <= CAST(round(? * 1000000) AS INTEGER) AND g.lon1 >= CAST(round(? * 1000000) AS INTEGER)
    AND g.t1 >= ? / 60000 AND g.t0 <= ? / 60000
LIMIT ?);

-- name: EventsByKeys
-- The events of a JSON array of start_keys, looked up one by one (CROSS
-- JOIN keeps the array the outer loop).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key FROM json_each(?) x CROSS JOIN events e ON e.start_key = x.value;

-- name: ListedEventsOfGroup
-- ListedEvents of one organising group, read through its organiser rows
-- (which carry the events' keys and span classes, migration 0022): one
-- span class at a time, as ListedEvents.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM event_organizers o JOIN events e ON e.id = o.event_id
WHERE o.group_id = ? AND o.status = 'accepted'
    AND o.span_class = ? AND o.start_key > ? AND o.start_key < ? AND e.ends_at > ?
    AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
    AND (? = FALSE OR (e.has_coords = TRUE AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?))
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
    AND (? = TRUE OR e.series_id IS NULL OR (e.status <> 'cancelled' AND NOT EXISTS (
        SELECT 1 FROM events p WHERE p.series_id = e.series_id AND p.visibility = 'public' AND p.published = TRUE
            AND p.confirmed = TRUE AND p.status <> 'cancelled' AND p.start_key > ? AND p.start_key < e.start_key
            AND p.ends_at > ?)))
ORDER BY o.start_key
LIMIT ? OFFSET ?;

-- name: SearchMatch
-- The FTS5 expression of a search whose words (folded, letters and digits
-- only) are joined by '%': each word of 4 letters or more becomes the OR
-- of the whole words it begins (search_terms, migration 0023), so that
-- FTS5 reads matches in order and stops at the page; a word beginning
-- more than 64 words, or shorter, stays a prefix query (served by the
-- prefix indexes for 2 and 3 letters); a word beginning none matches
-- nothing. PostgreSQL overrides: its prefix tsquery needs the words as
-- they are.
SELECT group_concat(alt, ' AND ') FROM (
    SELECT CASE
        WHEN length(w.value) < 4 OR (SELECT COUNT(*) FROM (SELECT 1 FROM search_terms t
            WHERE t.term >= w.value AND t.term < w.value || char(1114111) LIMIT 65)) > 64
        THEN '"' || w.value || '"*'
        ELSE '(' || COALESCE((SELECT group_concat('"' || t.term || '"', ' OR ') FROM search_terms t
            WHERE t.term >= w.value AND t.term < w.value || char(1114111)), '"' || w.value || '"') || ')'
        END AS alt
    FROM json_each('["' || replace(?, '%', '","') || '"]') w);

-- name: ListedEventsMatching
-- ListedEvents matching a search (the expression of SearchMatch; every
-- word of the search at the start of one of the text's words,
-- cortege.MatchesWords), optionally of one group (?): the FTS5 index
-- events_fts, whose rowid is start_key, gives the matches in order of
-- start from the cursor. CROSS JOIN keeps it the outer loop: the planner
-- otherwise walks the events by start and runs the MATCH again for each
-- one (minutes for a common word at 100,000 events). The store reads from
-- the floor of the shortest span class; ListedEventsMatchingLong finds
-- the longer events begun before it. PostgreSQL overrides with a prefix
-- tsquery on the GIN index events_search.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM events_fts f CROSS JOIN events e ON e.start_key = f.rowid
WHERE f.events_fts MATCH ?
    AND f.rowid > ? AND f.rowid < ? AND e.ends_at > ?
    AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
    AND (? = FALSE OR (e.has_coords = TRUE AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?))
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
    AND (? = '' OR EXISTS (SELECT 1 FROM event_organizers o WHERE o.event_id = e.id AND o.group_id = ? AND o.status = 'accepted'))
    AND (? = TRUE OR e.series_id IS NULL OR (e.status <> 'cancelled' AND NOT EXISTS (
        SELECT 1 FROM events p WHERE p.series_id = e.series_id AND p.visibility = 'public' AND p.published = TRUE
            AND p.confirmed = TRUE AND p.status <> 'cancelled' AND p.start_key > ? AND p.start_key < e.start_key
            AND p.ends_at > ?)))
ORDER BY f.rowid
LIMIT ? OFFSET ?;

-- name: ListedEventsMatchingLong
-- ListedEventsMatching for the events of span class ? begun between its
-- floor and the shortest class's (?, ?), still on at ?: few (they are the
-- long events still on), walked in the span index, each one's folded text
-- checked for the words of the search (joined by '%') at the start of its
-- words, as SearchGroups does (cortege.MatchesWords); the full-text index,
-- asked once per event, took 200 µs each.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM events e
WHERE NOT EXISTS (SELECT 1 FROM json_each('["' || replace(?, '%', '","') || '"]') WHERE instr(' ' || e.search_text, ' ' || value) = 0)
    AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
    AND e.span_class = ? AND e.start_key > ? AND e.start_key < ? AND e.ends_at > ?
    AND (? = FALSE OR (e.has_coords = TRUE AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?))
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
    AND (? = '' OR EXISTS (SELECT 1 FROM event_organizers o WHERE o.event_id = e.id AND o.group_id = ? AND o.status = 'accepted'))
    AND (? = TRUE OR e.series_id IS NULL OR (e.status <> 'cancelled' AND NOT EXISTS (
        SELECT 1 FROM events p WHERE p.series_id = e.series_id AND p.visibility = 'public' AND p.published = TRUE
            AND p.confirmed = TRUE AND p.status <> 'cancelled' AND p.start_key > ? AND p.start_key < e.start_key
            AND p.ends_at > ?)))
ORDER BY e.start_key
LIMIT ? OFFSET ?;

-- name: EventsByGroup
-- Events of span class ? a group organises with start_key in (?, ?), not
-- over at ?, in order of start (the caller filters what the viewer may
-- see; the store merges the classes).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM event_organizers o JOIN events e ON e.id = o.event_id
WHERE o.group_id = ? AND o.status = 'accepted' AND o.span_class = ? AND o.start_key > ? AND o.start_key < ? AND e.ends_at > ?
ORDER BY o.start_key
LIMIT ?;

-- name: PastEventsByGroup
-- Events a group organises over at ? with start_key below ?, latest first.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM event_organizers o JOIN events e ON e.id = o.event_id
WHERE o.group_id = ? AND o.status = 'accepted' AND o.start_key < ? AND e.ends_at <= ?
ORDER BY o.start_key DESC
LIMIT ? OFFSET ?;

-- name: EventRelations
-- What a profile (?, ?, ?) is to each event of a JSON array of IDs: an
-- administrator or moderator of an organising group, an active member of
-- one, and the status of its participation ("" for none). One statement
-- for a whole list, instead of three per event.
SELECT x.value,
    EXISTS (SELECT 1 FROM event_organizers o JOIN memberships m ON m.group_id = o.group_id
        WHERE o.event_id = x.value AND o.status = 'accepted' AND m.profile_id = ? AND m.status = 'active'
            AND m.role IN ('administrator', 'moderator')),
    EXISTS (SELECT 1 FROM event_organizers o JOIN memberships m ON m.group_id = o.group_id
        WHERE o.event_id = x.value AND o.status = 'accepted' AND m.profile_id = ? AND m.status = 'active'
            AND m.role IN ('administrator', 'moderator', 'member')),
    COALESCE((SELECT p.status FROM participations p WHERE p.event_id = x.value AND p.profile_id = ?), '')
FROM json_each(?) x;

-- name: CancelReasons
-- The reasons recorded for the events of a JSON array of IDs, looked up
-- one by one (CROSS JOIN keeps the array the outer loop: the planner
-- otherwise scanned every cancellation).
SELECT c.event_id, c.reason FROM json_each(?) x CROSS JOIN event_cancellations c ON c.event_id = x.value;

-- name: GroupSeriesUpTo
-- Of a JSON array of series IDs, those with an event the group organises
-- with start_key at most ? and not over at ?: shown on an earlier page.
SELECT DISTINCT e.series_id FROM event_organizers o JOIN events e ON e.id = o.event_id
WHERE o.group_id = ? AND o.status = 'accepted' AND o.start_key <= ? AND e.ends_at > ?
    AND e.series_id IN (SELECT value FROM json_each(?));
