-- name: SeriesByIDs
-- PostgreSQL reads the JSON array of IDs with jsonb_array_elements_text.
SELECT id, freq, interval_n, weekday, week, month_day, tz, first_start, duration_ms, until_at, template_id,
    generated_until, created_at
FROM event_series WHERE id IN (SELECT jsonb_array_elements_text(?::jsonb));

-- name: ListedSeriesDates
-- PostgreSQL: the first dates of each series through a LATERAL walk; the
-- arguments of the SQLite form.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at,
    (SELECT COUNT(*) FROM events c WHERE c.series_id = e.series_id AND c.visibility = 'public' AND c.published = TRUE AND c.confirmed = TRUE AND c.status <> 'cancelled' AND c.start_key > ? AND c.ends_at > ?)
FROM jsonb_array_elements_text(CAST(? AS jsonb)) s(id) CROSS JOIN LATERAL (
    SELECT x.* FROM events x
    WHERE x.series_id = s.id AND x.visibility = 'public' AND x.published = TRUE AND x.confirmed = TRUE AND x.status <> 'cancelled' AND x.start_key > ? AND x.ends_at > ?
    ORDER BY x.start_key LIMIT ?) e
ORDER BY e.series_id, e.starts_at, e.id;

