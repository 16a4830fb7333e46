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
-- The listed dates (public, published, confirmed, not cancelled) of the
-- series in a JSON array of IDs that are not over at ?, by series and start.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at FROM events e
WHERE e.series_id IN (SELECT value FROM json_each(?))
    AND e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE AND e.status <> 'cancelled'
    AND e.ends_at > ?
ORDER BY e.series_id, e.starts_at, e.id;
