-- name: CreateSeries
INSERT INTO event_series (id, freq, interval_n, weekday, week, month_day, tz, first_start, duration_ms, until_at,
    template_id, generated_until, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateSeries
UPDATE event_series SET until_at = ?, template_id = ?, generated_until = ? WHERE id = ?;

-- name: SeriesByID
SELECT id, freq, interval_n, weekday, week, month_day, tz, first_start, duration_ms, until_at, template_id,
    generated_until, created_at
FROM event_series WHERE id = ?;

-- name: SeriesToExtend
-- Series whose occurrences stop before ? and that have not ended.
SELECT id, freq, interval_n, weekday, week, month_day, tz, first_start, duration_ms, until_at, template_id,
    generated_until, created_at
FROM event_series WHERE generated_until < ? AND (until_at = 0 OR until_at > generated_until)
ORDER BY generated_until LIMIT ?;

-- name: SeriesByIDs
-- The series of a JSON array of IDs.
SELECT id, freq, interval_n, weekday, week, month_day, tz, first_start, duration_ms, until_at, template_id,
    generated_until, created_at
FROM event_series WHERE id IN (SELECT value FROM json_each(?));

-- name: ListedSeriesDates
-- The first ? listed dates (public, published, confirmed, not cancelled)
-- not over at ? of each series of a JSON array of IDs, by series and
-- start, each with how many such dates its series has: per series a walk
-- of events_series_listed from the floor ? that stops at the page, and a
-- count on the same index. Arguments: the count's floor and end, the IDs,
-- the floor, the end, the number of dates.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at,
    (SELECT COUNT(*) FROM events c WHERE c.series_id = e.series_id AND c.visibility = 'public' AND c.published = TRUE AND c.confirmed = TRUE AND c.status <> 'cancelled' AND c.start_key > ? AND c.ends_at > ?)
FROM json_each(?) s CROSS JOIN events e ON e.id IN (
    SELECT x.id FROM events x
    WHERE x.series_id = s.value AND x.visibility = 'public' AND x.published = TRUE AND x.confirmed = TRUE AND x.status <> 'cancelled' AND x.start_key > ? AND x.ends_at > ?
    ORDER BY x.start_key LIMIT ?)
ORDER BY e.series_id, e.starts_at, e.id;

