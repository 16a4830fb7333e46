-- name: LockEvent
-- PostgreSQL: lock the event's row so two joins cannot both take the last
-- seat.
SELECT id FROM events WHERE id = ? FOR UPDATE;

-- name: SearchEvents
-- PostgreSQL: full-text search on the folded text, served by the GIN index
-- events_search; each word becomes a prefix term ("velo:*"), ANDed, so a
-- word matches from the start of a word (cortege.MatchesWords).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at FROM events e
WHERE e.visibility = 'public' AND e.published = TRUE AND e.confirmed = TRUE
    AND e.ends_at > ? AND e.starts_at < ?
    AND (? = '' OR to_tsvector('simple', e.search_text) @@ to_tsquery('simple', replace(NULLIF(?, ''), '%', ':* & ') || ':*'))
    AND (? = FALSE OR (e.has_coords = TRUE AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?))
    AND (? = FALSE OR e.online_url <> '' OR e.online_tba = TRUE)
    AND (? = '' OR e.category = ?)
    AND (? = '' OR EXISTS (SELECT 1 FROM event_organizers o WHERE o.event_id = e.id AND o.group_id = ? AND o.status = 'accepted'))
ORDER BY e.starts_at, e.id
LIMIT ? OFFSET ?;
