-- name: CreatePetitionLink
-- Linking twice is not an error: the first link stays.
INSERT INTO petition_links (petition_id, event_id, linked_by, created_at) VALUES (?, ?, ?, ?)
ON CONFLICT (petition_id, event_id) DO NOTHING;

-- name: DeletePetitionLink
DELETE FROM petition_links WHERE petition_id = ? AND event_id = ?;

-- name: PetitionLinkedEvents
-- A petition's gatherings that anyone may see and join: published,
-- confirmed, not private, not cancelled and not over at ?, soonest first.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at
FROM petition_links l JOIN events e ON e.id = l.event_id
WHERE l.petition_id = ? AND e.published = TRUE AND e.confirmed = TRUE AND e.visibility <> 'private'
    AND e.status <> 'cancelled' AND e.ends_at > ?
ORDER BY e.starts_at, e.id
LIMIT ?;

-- name: PetitionLinked
-- Whether an event is linked to a petition.
SELECT COUNT(*) FROM petition_links WHERE petition_id = ? AND event_id = ?;

-- name: EventPetitions
-- The petitions an event is linked to, that are not drafts, oldest link first.
SELECT p.id, p.title, p.text, p.addressee, p.goal, p.picture, p.scope, p.place_insee, p.departement, p.tags,
    p.ends_at, p.fundraising_url, p.state, p.answer, p.answered_at, p.published_at, p.closed_at,
    COALESCE(p.created_by, ''), p.lang, p.created_at, p.updated_at
FROM petition_links l JOIN petitions p ON p.id = l.petition_id
WHERE l.event_id = ? AND p.state <> 'draft'
ORDER BY l.created_at, p.id;
