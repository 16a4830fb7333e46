-- name: CreateEvent
INSERT INTO events (id, title, description, starts_at, ends_at, tz, place_area, place, has_coords, lat, lon,
    online_url, place_tba, online_tba, hide_place, hide_online, category, tags, picture, status,
    published, visibility, join_mode, capacity, hide_count, participants_visible, conduct,
    conduct_required, comments_closed, report, report_at, series_id, occurrence, sequence,
    created_by, anon_email_hash, manage_token_hash, confirmed, lang, search_text, created_at, updated_at, cancelled_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateEvent
-- Saves every editable field; the creator, the management token and the
-- series position never change here. A new start takes the next free
-- start_key of its millisecond (see migration 0012).
UPDATE events SET title = ?, description = ?, starts_at = ?, ends_at = ?, tz = ?, place_area = ?, place = ?,
    has_coords = ?, lat = ?, lon = ?, online_url = ?, place_tba = ?, online_tba = ?, hide_place = ?, hide_online = ?,
    category = ?, tags = ?, picture = ?, status = ?, published = ?, visibility = ?, join_mode = ?, capacity = ?,
    hide_count = ?, participants_visible = ?, conduct = ?, conduct_required = ?, comments_closed = ?, report = ?,
    report_at = ?, sequence = ?, confirmed = ?, search_text = ?, updated_at = ?, cancelled_at = ?,
    start_key = CASE WHEN starts_at = ? THEN start_key ELSE (
        SELECT COALESCE(MAX(x.start_key) + 1, CAST(? AS BIGINT) * 1048576) FROM events x
        WHERE x.start_key >= CAST(? AS BIGINT) * 1048576 AND x.start_key < (CAST(? AS BIGINT) + 1) * 1048576) END
WHERE id = ?;

-- name: EventByID
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at FROM events e WHERE e.id = ?;

-- name: EventByManageToken
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at FROM events e WHERE e.manage_token_hash = ?;

-- name: LockEvent
-- Serialises changes to one event's participants (capacity, waiting list).
-- SQLite serialises writers anyway; PostgreSQL overrides with FOR UPDATE.
SELECT id FROM events WHERE id = ?;

-- name: ClaimEvent
-- Attaches an event created without an account to a profile: the
-- management link stops working and the address hash is forgotten.
UPDATE events SET created_by = ?, anon_email_hash = '', manage_token_hash = NULL, confirmed = TRUE, updated_at = ?
WHERE id = ? AND created_by IS NULL;

-- name: EventsOrganisedBy
-- Events a profile created, or organises as administrator or moderator of
-- an organising group, with start_key above ? (the window of From) and
-- ending after ?, with their pending requests, in order of start, of one
-- span class (?, for both sources; the store runs the classes from their
-- floors and merges them). Each source walks its own index from the
-- window and stops at a page: the profile's own events
-- (events_creator_span), and for each of its groups that group's events
-- (event_organizers_group_span). The page is chosen on keys alone: an
-- organiser row gives its event and start_key, and its event is read for
-- its end only when it started before From (start_key below the second ?
-- of the group's walk; an event starting later has not ended); the rows of
-- the events kept are read last, and their pending requests counted. The
-- cost is a page per group and class, whatever the number of events.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, (SELECT COUNT(*) FROM participations p WHERE p.event_id = e.id AND p.status = 'pending'), e.start_key
FROM (
    SELECT id, k FROM (SELECT c.id AS id, c.start_key AS k FROM events c
        WHERE c.created_by = ? AND c.span_class = ? AND c.start_key > ? AND c.ends_at > ?
        ORDER BY c.start_key LIMIT ?)
    UNION
    SELECT x.event_id, x.start_key FROM memberships m JOIN event_organizers x ON x.rowid IN (
        SELECT o.rowid FROM event_organizers o
        WHERE o.group_id = m.group_id AND o.status = 'accepted' AND o.span_class = ? AND o.start_key > ?
            AND (o.start_key >= ? OR (SELECT g.ends_at FROM events g WHERE g.id = o.event_id) > ?)
        ORDER BY o.start_key LIMIT ?)
    WHERE m.profile_id = ? AND m.status = 'active' AND m.role IN ('administrator', 'moderator')
    ORDER BY 2 LIMIT ?) t
CROSS JOIN events e ON e.id = t.id
ORDER BY t.k;

-- name: EventsJoinedBy
-- Events a profile takes part in (any active status) with start_key in
-- (?, ?) and ending after ?, in order of start: its own rows walked from
-- the window (participations_profile_start), a page, not its history.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, p.status FROM events e
JOIN participations p ON p.event_id = e.id AND p.profile_id = ?
WHERE p.start_key > ? AND p.start_key < ? AND p.status IN ('pending', 'approved', 'waitlisted', 'attended', 'invited')
    AND e.ends_at > ?
ORDER BY p.start_key
LIMIT ?;

-- name: PastEventsJoinedBy
-- Events a profile attended or held a seat at, with start_key below ?
-- and over at ?, latest first (participations_profile_start, backwards).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, p.status FROM events e
JOIN participations p ON p.event_id = e.id AND p.profile_id = ?
WHERE p.start_key < ? AND p.status IN ('approved', 'attended') AND e.ends_at <= ?
ORDER BY p.start_key DESC
LIMIT ?;

-- name: SuggestedEvents
-- Upcoming events of the groups a profile belongs to as a member that it
-- has not joined, in order of start (the events of a group it runs are
-- listed as organised, EventsOrganisedBy): for each of its groups, that group's first
-- such events of one span class (?) from the class's floor
-- (event_organizers_group_span, a page at most), so the cost is a page
-- per group and class, not the instance.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at, e.start_key FROM events e
WHERE e.id IN (
    SELECT x.id FROM memberships m JOIN events x ON x.id IN (
        SELECT o.event_id FROM event_organizers o JOIN events g ON g.id = o.event_id
        WHERE o.group_id = m.group_id AND o.status = 'accepted' AND o.span_class = ? AND o.start_key > ?
            AND g.published = TRUE AND g.confirmed = TRUE AND g.status <> 'cancelled' AND g.ends_at > ?
            AND NOT EXISTS (SELECT 1 FROM participations p WHERE p.event_id = g.id AND p.profile_id = ?)
            AND (g.created_by IS NULL OR g.created_by <> ?)
        ORDER BY o.start_key LIMIT ?)
    WHERE m.profile_id = ? AND m.status = 'active' AND m.role = 'member')
ORDER BY e.start_key
LIMIT ?;

-- name: EventsStartingBetween
-- Published, confirmed, not cancelled events starting in (?, ?]: what
-- reminders look at.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at FROM events e
WHERE e.published = TRUE AND e.confirmed = TRUE AND e.status <> 'cancelled'
    AND e.starts_at > ? AND e.starts_at <= ?
ORDER BY e.starts_at, e.id
LIMIT ?;

-- name: EventsInSeries
-- Occurrences of a series from an index on.
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at FROM events e WHERE e.series_id = ? AND e.occurrence >= ? ORDER BY e.occurrence;

-- name: EventsInSeriesAfter
-- The occurrences of a series not over at a time, in order, at most a
-- page of them (events_series_occurrence: the series' past dates are
-- skipped in its index order, never the other events).
SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.tz, e.place_area, e.place, e.has_coords, e.lat, e.lon,
    e.online_url, e.place_tba, e.online_tba, e.hide_place, e.hide_online, e.category, e.tags, e.picture, e.status,
    e.published, e.visibility, e.join_mode, e.capacity, e.hide_count, e.participants_visible, e.conduct,
    e.conduct_required, e.comments_closed, e.report, e.report_at, COALESCE(e.series_id, ''), e.occurrence, e.sequence,
    COALESCE(e.created_by, ''), e.anon_email_hash, e.confirmed, e.lang, e.created_at, e.updated_at, e.cancelled_at FROM events e
WHERE e.series_id = ? AND e.ends_at > ? ORDER BY e.occurrence LIMIT ?;

-- name: IsGroupMemberOfEvent
-- Whether a profile is an active member (not a follower) of a group
-- organising the event.
SELECT COUNT(*) FROM event_organizers o JOIN memberships m ON m.group_id = o.group_id
WHERE o.event_id = ? AND o.status = 'accepted' AND m.profile_id = ? AND m.status = 'active'
    AND m.role IN ('administrator', 'moderator', 'member');

-- name: IsGroupOrganiserOfEvent
-- Whether a profile administers or moderates a group organising the event.
SELECT COUNT(*) FROM event_organizers o JOIN memberships m ON m.group_id = o.group_id
WHERE o.event_id = ? AND o.status = 'accepted' AND m.profile_id = ? AND m.status = 'active'
    AND m.role IN ('administrator', 'moderator');

-- name: AddEventOrganizer
INSERT INTO event_organizers (event_id, group_id, status, invited_by, created_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (event_id, group_id) DO NOTHING;

-- name: SetEventOrganizerStatus
UPDATE event_organizers SET status = ? WHERE event_id = ? AND group_id = ?;

-- name: RemoveEventOrganizer
DELETE FROM event_organizers WHERE event_id = ? AND group_id = ?;

-- name: EventOrganizers
SELECT event_id, group_id, status, COALESCE(invited_by, ''), created_at FROM event_organizers
WHERE event_id = ? ORDER BY created_at, group_id;

-- name: EventInvitationsForGroup
-- Co-organising invitations a group has not answered yet.
SELECT event_id, group_id, status, COALESCE(invited_by, ''), created_at FROM event_organizers
WHERE group_id = ? AND status = 'invited' ORDER BY created_at;

-- name: AddEventChange
INSERT INTO event_changes (id, event_id, field, old_value, new_value, old_hidden, new_hidden, by_profile, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: EventChanges
SELECT id, event_id, field, old_value, new_value, old_hidden, new_hidden, by_profile, created_at FROM event_changes
WHERE event_id = ? ORDER BY created_at, id;

-- name: DeleteQuestions
DELETE FROM event_questions WHERE event_id = ?;

-- name: AddQuestion
INSERT INTO event_questions (id, event_id, label, kind, choices, required, position) VALUES (?, ?, ?, ?, ?, ?, ?);

-- name: Questions
SELECT id, event_id, label, kind, choices, required, position FROM event_questions WHERE event_id = ? ORDER BY position;

-- name: MarkMailed
-- Records that a reminder or notice went out; a second attempt with the
-- same key changes nothing.
INSERT INTO event_mail_log (key, event_id, created_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING;

-- name: CreateEventReport
-- A report to the instance moderators about an event, comment or photo,
-- in the moderation queue shared with groups.
INSERT INTO reports (id, reporter_id, target_kind, target_id, group_id, reason, status, created_at)
VALUES (?, ?, ?, ?, '', ?, 'open', ?);

-- name: DeleteEvent
-- Its organisers, changes, questions, participations, comments, photos and
-- mail log go with it (ON DELETE CASCADE).
DELETE FROM events WHERE id = ?;
