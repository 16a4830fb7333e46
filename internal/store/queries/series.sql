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
