-- name: AddConsultationResponse
-- A second response of the same profile, browser or code changes no row.
INSERT INTO consultation_responses (id, consultation_id, profile_id, browser_key, code_hash, answers, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT DO NOTHING;

-- name: ConsultationResponseByProfile
SELECT id, consultation_id, COALESCE(profile_id, ''), COALESCE(browser_key, ''), COALESCE(code_hash, ''), answers,
    created_at, updated_at
FROM consultation_responses WHERE consultation_id = ? AND profile_id = ?;

-- name: ConsultationResponseByBrowser
SELECT id, consultation_id, COALESCE(profile_id, ''), COALESCE(browser_key, ''), COALESCE(code_hash, ''), answers,
    created_at, updated_at
FROM consultation_responses WHERE consultation_id = ? AND browser_key = ?;

-- name: ConsultationResponseByCode
SELECT id, consultation_id, COALESCE(profile_id, ''), COALESCE(browser_key, ''), COALESCE(code_hash, ''), answers,
    created_at, updated_at
FROM consultation_responses WHERE consultation_id = ? AND code_hash = ?;

-- name: UpdateConsultationResponse
UPDATE consultation_responses SET answers = ?, updated_at = ? WHERE id = ? AND consultation_id = ?;

-- name: DeleteConsultationResponse
DELETE FROM consultation_responses WHERE id = ? AND consultation_id = ?;

-- name: CountConsultationResponses
SELECT COUNT(*) FROM consultation_responses WHERE consultation_id = ?;

-- name: ConsultationResponsesPage
-- Keyset page in order of creation, after (created_at, id), with the
-- respondent's handle and name when signed in.
SELECT r.id, r.consultation_id, COALESCE(r.profile_id, ''), COALESCE(r.browser_key, ''), COALESCE(r.code_hash, ''),
    r.answers, r.created_at, r.updated_at, COALESCE(p.handle, ''), COALESCE(p.display_name, '')
FROM consultation_responses r LEFT JOIN profiles p ON p.id = r.profile_id
WHERE r.consultation_id = ? AND (r.created_at > ? OR (r.created_at = ? AND r.id > ?))
ORDER BY r.created_at, r.id LIMIT ?;

-- name: AddConsultationIdea
INSERT INTO consultation_ideas (id, consultation_id, question_id, profile_id, title, body, supports, created_at)
VALUES (?, ?, ?, ?, ?, ?, 0, ?);

-- name: ConsultationIdeaByID
SELECT id, consultation_id, question_id, COALESCE(profile_id, ''), title, body, supports, created_at
FROM consultation_ideas WHERE id = ? AND consultation_id = ?;

-- name: CountConsultationIdeasBy
SELECT COUNT(*) FROM consultation_ideas WHERE consultation_id = ? AND profile_id = ?;

-- name: ConsultationIdeas
-- A box's ideas, most supported first, then oldest; supported says
-- whether the given profile supports each.
SELECT i.id, i.consultation_id, i.question_id, COALESCE(i.profile_id, ''), i.title, i.body, i.supports, i.created_at,
    COALESCE(p.handle, ''), COALESCE(p.display_name, ''),
    CASE WHEN s.profile_id IS NULL THEN 0 ELSE 1 END
FROM consultation_ideas i
LEFT JOIN profiles p ON p.id = i.profile_id
LEFT JOIN consultation_idea_supports s ON s.idea_id = i.id AND s.profile_id = ?
WHERE i.consultation_id = ? AND i.question_id = ?
ORDER BY i.supports DESC, i.created_at, i.id LIMIT ?;

-- name: AddConsultationIdeaSupport
-- A second support of the same member changes no row.
INSERT INTO consultation_idea_supports (idea_id, profile_id, created_at) VALUES (?, ?, ?)
ON CONFLICT DO NOTHING;

-- name: DeleteConsultationIdeaSupport
DELETE FROM consultation_idea_supports WHERE idea_id = ? AND profile_id = ?;

-- name: AddConsultationIdeaSupports
UPDATE consultation_ideas SET supports = supports + ? WHERE id = ?;


-- name: DeleteConsultationIdea
DELETE FROM consultation_ideas WHERE id = ? AND consultation_id = ?;
