-- name: CreatePetitionUpdate
INSERT INTO petition_updates (id, petition_id, title, body, by_profile, created_at) VALUES (?, ?, ?, ?, ?, ?);

-- name: PetitionUpdateByID
SELECT id, petition_id, title, body, COALESCE(by_profile, ''), created_at FROM petition_updates WHERE id = ?;

-- name: PetitionUpdates
-- A petition's updates, newest first, those with an ID below a page's
-- cursor ('' for the first page).
SELECT id, petition_id, title, body, COALESCE(by_profile, ''), created_at FROM petition_updates
WHERE petition_id = ? AND (? = '' OR id < ?) ORDER BY id DESC LIMIT ?;

-- name: RefuseSignatureConsent
-- The one-click unsubscribe of a petition's updates: the signer's consent
-- turns to refused (its wording and time stay, as what was once agreed).
UPDATE signature_consents SET given = FALSE WHERE signature_id = ? AND purpose = ?;
