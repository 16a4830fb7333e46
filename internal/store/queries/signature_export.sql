-- name: SignaturesForOrganisers
-- The confirmed signatures whose signer agreed to hear from the organising
-- groups (consent group_news), with that consent's wording and time, a
-- page at a time in order of ID: what the organisers' export may hold.
SELECT s.id, s.first_name, s.last_name, s.email, s.postal, s.insee, s.departement, s.source, s.confirmed_at,
    c.wording, c.at
FROM signatures s
JOIN signature_consents c ON c.signature_id = s.id AND c.purpose = 'group_news' AND c.given = TRUE
WHERE s.petition_id = ? AND s.status = 'confirmed' AND s.email <> '' AND s.id > ?
ORDER BY s.id LIMIT ?;

-- name: PublicCommentsOldestFirst
-- The confirmed signatures with a comment, oldest first, a page at a
-- time after an ID: the hand-over document's public comments (the name
-- only where the signer chose to show it).
SELECT id, first_name, last_name, show_name, comment, departement FROM signatures
WHERE petition_id = ? AND status = 'confirmed' AND comment <> '' AND id > ?
ORDER BY id LIMIT ?;
