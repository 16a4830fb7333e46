-- name: LockEvent
-- PostgreSQL: lock the event's row so two joins cannot both take the last
-- seat.
SELECT id FROM events WHERE id = ? FOR UPDATE;

-- name: EventsOrganisedBy
-- PostgreSQL: each of the profile's groups gives its first page through a
-- LATERAL subquery (the correlated IN of the SQLite form is not planned
-- as a per-group index walk here).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, (SELECT COUNT(*) FROM participations p WHERE p.event_id = e.id AND p.status = 'pending'), e.start_key
FROM events e
WHERE e.id IN (SELECT t.id FROM events t WHERE t.id IN (
        SELECT a.id FROM (SELECT c.id FROM events c WHERE c.created_by = ? AND c.span_class = ? AND c.start_key > ? AND c.ends_at > ?
            ORDER BY c.start_key LIMIT ?) a
        UNION
        SELECT b.event_id FROM memberships m CROSS JOIN LATERAL (
            SELECT o.event_id FROM event_organizers o JOIN events g ON g.id = o.event_id
            WHERE o.group_id = m.group_id AND o.status = 'accepted' AND o.span_class = ? AND o.start_key > ?
                AND (o.start_key >= ? OR g.ends_at > ?)
            ORDER BY o.start_key LIMIT ?) b
        WHERE m.profile_id = ? AND m.status = 'active' AND m.role IN ('administrator', 'moderator'))
    ORDER BY t.start_key LIMIT ?)
ORDER BY e.start_key;

-- name: SuggestedEvents
-- PostgreSQL: each of the profile's groups gives its first page through a
-- LATERAL subquery.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key FROM events e
WHERE e.id IN (
    SELECT b.event_id FROM memberships m CROSS JOIN LATERAL (
        SELECT o.event_id FROM event_organizers o JOIN events g ON g.id = o.event_id
        WHERE o.group_id = m.group_id AND o.status = 'accepted' AND o.span_class = ? AND o.start_key > ?
            AND g.published = TRUE AND g.confirmed = TRUE AND g.status <> 'cancelled' AND g.ends_at > ?
            AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.event_id = g.id AND p.profile_id = ?)
            AND (g.created_by IS NULL OR g.created_by <> ?)
        ORDER BY o.start_key LIMIT ?) b
    WHERE m.profile_id = ? AND m.status = 'active' AND m.role = 'member')
ORDER BY e.start_key
LIMIT ?;

-- name: GroupSeriesUpTo
-- PostgreSQL reads the JSON array of IDs with jsonb_array_elements_text.
SELECT DISTINCT e.series_id FROM event_organizers o JOIN events e ON e.id = o.event_id
WHERE o.group_id = ? AND o.status = 'accepted' AND o.start_key <= ? AND e.ends_at > ?
    AND e.series_id IN (SELECT jsonb_array_elements_text(?::jsonb));
