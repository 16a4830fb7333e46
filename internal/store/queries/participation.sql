-- name: CreateParticipation
INSERT INTO participations (id, event_id, profile_id, name, email, email_key, status, position, answers,
    conduct_accepted, message, confirm_hash, cancel_hash, ticket_hash, ticket_short, checked_in_at, no_updates,
    lang, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?);

-- name: UpdateParticipation
-- Saves what changes when someone registers again, answers or accepts.
UPDATE participations SET status = ?, position = ?, answers = ?, conduct_accepted = ?, message = ?, updated_at = ?
WHERE id = ?;

-- name: SetParticipationStatus
-- Moves a participation from one status to another; nothing happens when
-- it is no longer in the expected one (another request was first).
UPDATE participations SET status = ?, message = ?, updated_at = ? WHERE id = ? AND status = ?;

-- name: CheckIn
UPDATE participations SET status = 'attended', checked_in_at = ?, updated_at = ?
WHERE id = ? AND status = 'approved';

-- name: SetNoUpdates
UPDATE participations SET no_updates = ?, updated_at = ? WHERE id = ?;

-- name: ParticipationByID
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.id = ?;

-- name: ParticipationOf
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.event_id = ? AND p.profile_id = ?;

-- name: ParticipationByEmail
-- Found by participations_email: "profile_id IS NULL" would let SQLite
-- pick participations_profile (event_id, profile_id) and walk every
-- anonymous participant of the event.
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.event_id = ? AND p.email_key = ? AND COALESCE(p.profile_id, '') = ''
ORDER BY p.created_at DESC LIMIT 1;

-- name: ParticipationByConfirmHash
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.confirm_hash = ?;

-- name: ParticipationByCancelHash
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.cancel_hash = ?;

-- name: ParticipationByTicket
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.event_id = ? AND p.ticket_hash = ?;

-- name: Participations
-- Every participation of an event in order of arrival, with the name and
-- address to write to (the account's for a profile).
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.event_id = ? ORDER BY p.position, p.id;

-- name: WaitingList
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.event_id = ? AND p.status = 'waitlisted' ORDER BY p.position, p.id LIMIT ?;

-- name: CountParticipations
-- Read from the counts triggers keep in step (migration 0012): a few rows
-- whatever the number of participants.
SELECT status, n FROM event_counts WHERE event_id = ? AND n > 0;

-- name: SeatsTaken
-- From the counts the triggers keep in the same transaction (0012): a
-- registration reads two rows, not the event's participants.
SELECT COALESCE(SUM(n), 0) FROM event_counts WHERE event_id = ? AND status IN ('approved', 'attended');

-- name: NextPosition
SELECT COALESCE(MAX(position), 0) + 1 FROM participations WHERE event_id = ?;

-- name: ParticipationsByProfile
-- Every registration of a profile, whatever its status (the data export).
SELECT p.id, p.event_id, COALESCE(p.profile_id, ''), p.name, p.email, p.status, p.position, p.answers, p.conduct_accepted,
    p.message, p.ticket_short, p.checked_in_at, p.no_updates, p.lang, p.created_at, p.updated_at,
    COALESCE(pr.display_name, p.name), COALESCE(pr.handle, ''), COALESCE(a.email, p.email), COALESCE(a.lang, p.lang), COALESCE(a.id, '') FROM participations p
LEFT JOIN profiles pr ON pr.id = p.profile_id
LEFT JOIN accounts a ON a.id = pr.account_id AND a.status = 'active' WHERE p.profile_id = ? ORDER BY p.created_at, p.id;
