-- name: CreatePetition
INSERT INTO petitions (id, title, text, addressee, goal, picture, scope, place_insee, departement, tags, ends_at,
    fundraising_url, state, answer, answered_at, published_at, closed_at, created_by, lang, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: UpdatePetition
UPDATE petitions SET title = ?, text = ?, addressee = ?, goal = ?, picture = ?, scope = ?, place_insee = ?,
    departement = ?, tags = ?, ends_at = ?, fundraising_url = ?, state = ?, answer = ?, answered_at = ?,
    published_at = ?, closed_at = ?, updated_at = ?
WHERE id = ?;

-- name: PetitionByID
SELECT id, title, text, addressee, goal, picture, scope, place_insee, departement, tags, ends_at, fundraising_url,
    state, answer, answered_at, published_at, closed_at, COALESCE(created_by, ''), lang, created_at, updated_at
FROM petitions WHERE id = ?;

-- name: LockPetition
-- Serialises changes of one petition's state. SQLite serialises writers
-- anyway; PostgreSQL overrides with FOR UPDATE.
SELECT id FROM petitions WHERE id = ?;

-- name: ClosePetitionsDue
-- The sweep: published petitions past their end date become closed.
UPDATE petitions SET state = 'closed', closed_at = ends_at, updated_at = ?
WHERE state = 'published' AND ends_at > 0 AND ends_at <= ?;

-- name: IsPetitionGroupAdmin
-- Whether a profile administers a group co-signing the petition.
SELECT COUNT(*) FROM petition_organizers o JOIN memberships m ON m.group_id = o.group_id
WHERE o.petition_id = ? AND o.status = 'accepted' AND m.profile_id = ? AND m.status = 'active'
    AND m.role = 'administrator';

-- name: AddPetitionOrganizer
INSERT INTO petition_organizers (petition_id, group_id, status, invited_by, created_at) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (petition_id, group_id) DO NOTHING;

-- name: SetPetitionOrganizerStatus
UPDATE petition_organizers SET status = ? WHERE petition_id = ? AND group_id = ?;

-- name: RemovePetitionOrganizer
DELETE FROM petition_organizers WHERE petition_id = ? AND group_id = ?;

-- name: PetitionOrganizers
SELECT petition_id, group_id, status, COALESCE(invited_by, ''), created_at FROM petition_organizers
WHERE petition_id = ? ORDER BY created_at, group_id;

-- name: PetitionInvitationsForGroup
-- Co-signing invitations a group has not answered yet.
SELECT petition_id, group_id, status, COALESCE(invited_by, ''), created_at FROM petition_organizers
WHERE group_id = ? AND status = 'invited' ORDER BY created_at;

-- name: InitPetitionCounts
INSERT INTO petition_counts (petition_id, online, paper, updated_at) VALUES (?, 0, 0, ?);

-- name: AddPetitionCounts
-- Moves the counter by the deltas and returns it as it now is: the
-- row's lock makes the before and after of concurrent signatures exact.
UPDATE petition_counts SET online = online + ?, paper = paper + ?, updated_at = ?
WHERE petition_id = ? RETURNING online, paper;

-- name: AddPetitionDepartementCounts
INSERT INTO petition_departement_counts (petition_id, departement, online, paper) VALUES (?, ?, ?, ?)
ON CONFLICT (petition_id, departement) DO UPDATE SET
    online = petition_departement_counts.online + excluded.online,
    paper = petition_departement_counts.paper + excluded.paper;

-- name: PetitionCounts
SELECT online, paper FROM petition_counts WHERE petition_id = ?;

-- name: PetitionDepartementCounts
SELECT departement, online + paper FROM petition_departement_counts
WHERE petition_id = ? AND online + paper > 0 ORDER BY departement;

-- name: PetitionsOrganisedBy
-- The petitions a profile created or organises as an administrator of a
-- co-signing group, newest first.
SELECT id, title, text, addressee, goal, picture, scope, place_insee, departement, tags, ends_at, fundraising_url,
    state, answer, answered_at, published_at, closed_at, COALESCE(created_by, ''), lang, created_at, updated_at
FROM petitions WHERE created_by = ?
UNION
SELECT p.id, p.title, p.text, p.addressee, p.goal, p.picture, p.scope, p.place_insee, p.departement, p.tags, p.ends_at,
    p.fundraising_url, p.state, p.answer, p.answered_at, p.published_at, p.closed_at, COALESCE(p.created_by, ''), p.lang,
    p.created_at, p.updated_at
FROM memberships m JOIN petition_organizers o ON o.group_id = m.group_id AND o.status = 'accepted'
JOIN petitions p ON p.id = o.petition_id
WHERE m.profile_id = ? AND m.status = 'active' AND m.role = 'administrator'
ORDER BY 20 DESC, 1 DESC LIMIT ?;
