-- name: CreateConsultation
INSERT INTO consultations (id, group_id, title, description, secret, state, opens_at, closes_at, tz, revote,
    audience, min_role, lang, created_by, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdateConsultation
-- A draft's text and rules.
UPDATE consultations SET title = ?, description = ?, secret = ?, opens_at = ?, closes_at = ?, tz = ?, revote = ?,
    audience = ?, min_role = ?, lang = ?, updated_at = ?
WHERE id = ? AND state = 'draft';

-- name: ConsultationByID
SELECT id, COALESCE(group_id, ''), title, description, secret, state, opens_at, closes_at, tz, revote, audience,
    min_role, lang, COALESCE(created_by, ''), created_at, updated_at, opened_at, closed_at, published_at
FROM consultations WHERE id = ?;

-- name: LockConsultation
-- Serialises changes of one consultation's state (PostgreSQL: FOR UPDATE).
SELECT id FROM consultations WHERE id = ?;

-- name: GroupConsultations
SELECT id, COALESCE(group_id, ''), title, description, secret, state, opens_at, closes_at, tz, revote, audience,
    min_role, lang, COALESCE(created_by, ''), created_at, updated_at, opened_at, closed_at, published_at
FROM consultations WHERE group_id = ? ORDER BY created_at DESC, id LIMIT ?;

-- name: InstanceConsultations
SELECT id, COALESCE(group_id, ''), title, description, secret, state, opens_at, closes_at, tz, revote, audience,
    min_role, lang, COALESCE(created_by, ''), created_at, updated_at, opened_at, closed_at, published_at
FROM consultations WHERE group_id IS NULL ORDER BY created_at DESC, id LIMIT ?;

-- name: OpenConsultation
-- draft → open, with the vote's blind-signing key.
UPDATE consultations SET state = 'open', opened_at = ?, updated_at = ?, token_private = ?, token_key = ?
WHERE id = ? AND state = 'draft';

-- name: CloseConsultation
-- open → closed, with the sign-offs the board states.
UPDATE consultations SET state = 'closed', closed_at = ?, updated_at = ?, board_signoffs = ?
WHERE id = ? AND state = 'open';

-- name: PublishConsultation
UPDATE consultations SET state = 'published', published_at = ?, updated_at = ?
WHERE id = ? AND state = 'closed';

-- name: ConsultationsToClose
-- Open consultations past their closing time, for the closing job.
SELECT id FROM consultations WHERE state = 'open' AND closes_at <= ? ORDER BY closes_at, id LIMIT ?;

-- name: ConsultationTokenKey
SELECT token_private, token_key, board_signoffs FROM consultations WHERE id = ?;

-- name: DeleteConsultation
DELETE FROM consultations WHERE id = ? AND state = 'draft';

-- name: DeleteConsultationQuestions
DELETE FROM consultation_questions WHERE consultation_id = ?;

-- name: AddConsultationQuestion
INSERT INTO consultation_questions (consultation_id, id, position, title, help, kind, method, options, grades,
    min_choices, max_choices, seats, blank, show_if_q, show_if_option, number_rule)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: ConsultationQuestions
SELECT id, position, title, help, kind, method, options, grades, min_choices, max_choices, seats, blank,
    show_if_q, show_if_option, number_rule
FROM consultation_questions WHERE consultation_id = ? ORDER BY position;

-- name: AddVoteHead
INSERT INTO vote_heads (consultation_id, size, signed_at, note) VALUES (?, ?, ?, ?)
ON CONFLICT (consultation_id, size) DO NOTHING;

-- name: VoteHeads
SELECT note FROM vote_heads WHERE consultation_id = ? ORDER BY size;
