-- name: SearchMatch
-- PostgreSQL's prefix tsquery takes the words as they are.
SELECT CAST(? AS TEXT);

-- name: ListedEventsMatching
-- PostgreSQL: full-text search on the folded text, served by the GIN index
-- events_search; each word becomes a prefix term ("velo:*"), ANDed, so a
-- word matches from the start of a word (cortege.MatchesWords).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM events e
WHERE to_tsvector('simple', e.search_text) @@ to_tsquery('simple', replace(?, '%', ':* & ') || ':*')
    AND e.start_key > ? AND e.start_key < ? AND e.ends_at > ?
    AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
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

-- name: ListedEventsMatchingLong
-- PostgreSQL: ListedEventsMatching for the events of span class ? begun
-- between its floor and the shortest class's, still on.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM events e
WHERE to_tsvector('simple', e.search_text) @@ to_tsquery('simple', replace(?, '%', ':* & ') || ':*')
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

-- name: EventRelations
-- PostgreSQL reads the JSON array of IDs with jsonb_array_elements_text.
SELECT x.value,
    EXISTS (SELECT 1 FROM event_organizers o JOIN memberships m ON m.group_id = o.group_id
        WHERE o.event_id = x.value AND o.status = 'accepted' AND m.profile_id = ? AND m.status = 'active'
            AND m.role IN ('administrator', 'moderator')),
    EXISTS (SELECT 1 FROM event_organizers o JOIN memberships m ON m.group_id = o.group_id
        WHERE o.event_id = x.value AND o.status = 'accepted' AND m.profile_id = ? AND m.status = 'active'
            AND m.role IN ('administrator', 'moderator', 'member')),
    COALESCE((SELECT p.status FROM participations p WHERE p.event_id = x.value AND p.profile_id = ?), '')
FROM jsonb_array_elements_text(?::jsonb) AS x(value);

-- name: CancelReasons
-- PostgreSQL reads the JSON array of IDs with jsonb_array_elements_text.
SELECT event_id, reason FROM event_cancellations WHERE event_id IN (SELECT jsonb_array_elements_text(?::jsonb));

-- name: EventsByKeys
-- PostgreSQL reads the JSON array of start_keys with jsonb_array_elements_text.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key
FROM events e WHERE e.start_key IN (SELECT CAST(jsonb_array_elements_text(CAST(? AS jsonb)) AS BIGINT));

-- name: ListedEventPointsNear
-- PostgreSQL: the events' coordinates near the box (events_coords, widened
-- by the rounding of hidden places: 0.05 degree), then the point as
-- anyone sees it inside the box; the arguments of the SQLite form but the
-- tree's (the store leaves them out).
SELECT e.id, e.lat, e.lon, e.hide_place, e.start_key, COALESCE(e.series_id, ''), e.status
FROM events e
WHERE e.ends_at > ? AND e.starts_at < ?
    AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE AND e.has_coords = TRUE
    AND e.lat BETWEEN CAST(? AS DOUBLE PRECISION) - 0.05 AND CAST(? AS DOUBLE PRECISION) + 0.05
    AND e.lon BETWEEN CAST(? AS DOUBLE PRECISION) - 0.05 AND CAST(? AS DOUBLE PRECISION) + 0.05
    AND (CASE WHEN e.hide_place THEN round(CAST(e.lat AS NUMERIC) * 10) / 10 ELSE e.lat END) BETWEEN ? AND ?
    AND (CASE WHEN e.hide_place THEN round(CAST(e.lon AS NUMERIC) * 10) / 10 ELSE e.lon END) BETWEEN ? AND ?
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
LIMIT ?;

-- name: CountEventPointsNear
-- PostgreSQL: listed events not over with coordinates near the box
-- (events_coords), counting no further than ?; the arguments of the SQLite
-- form.
SELECT COUNT(*) FROM (SELECT 1 FROM events e
WHERE e.lat <= CAST(? AS DOUBLE PRECISION) + 0.05 AND e.lat >= CAST(? AS DOUBLE PRECISION) - 0.05
    AND e.lon <= CAST(? AS DOUBLE PRECISION) + 0.05 AND e.lon >= CAST(? AS DOUBLE PRECISION) - 0.05
    AND e.ends_at > ? AND e.starts_at < ?
    AND e.has_coords = TRUE AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
LIMIT ?) n;
