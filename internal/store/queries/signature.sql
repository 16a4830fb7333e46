-- name: CreateSignature
INSERT INTO signatures (id, petition_id, profile_id, first_name, last_name, email, email_key, email_domain, postal,
    insee, departement, comment, show_name, status, source, net_prefix, lang, withdraw_hash, created_at,
    confirmed_at, withdrawn_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);

-- name: SignatureByID
SELECT id, petition_id, COALESCE(profile_id, ''), first_name, last_name, email, email_key, email_domain, postal, insee,
    departement, comment, show_name, status, source, net_prefix, lang, created_at, confirmed_at, withdrawn_at
FROM signatures WHERE id = ?;

-- name: SignatureByEmailKey
-- The signature of a mailbox not withdrawn (at most one: signatures_email),
-- under its canonical address or an erased signer's keyed hash of it.
SELECT id, petition_id, COALESCE(profile_id, ''), first_name, last_name, email, email_key, email_domain, postal, insee,
    departement, comment, show_name, status, source, net_prefix, lang, created_at, confirmed_at, withdrawn_at
FROM signatures WHERE petition_id = ? AND email_key IN (?, ?) AND email_key <> '' AND status <> 'withdrawn'
LIMIT 1;

-- name: SignatureByWithdrawHash
SELECT id, petition_id, COALESCE(profile_id, ''), first_name, last_name, email, email_key, email_domain, postal, insee,
    departement, comment, show_name, status, source, net_prefix, lang, created_at, confirmed_at, withdrawn_at
FROM signatures WHERE withdraw_hash = ?;

-- name: MoveSignature
-- Changes a signature's status only from the status expected, so two
-- requests racing (a confirmation and a withdrawal) move the counter once.
UPDATE signatures SET status = ?, confirmed_at = ? WHERE id = ? AND status = ?;

-- name: WithdrawSignature
-- A withdrawal erases what identifies the signer, the link to their
-- account included; the département stays (the counts by département
-- were kept with it) and nothing else.
UPDATE signatures SET status = 'withdrawn', withdrawn_at = ?, first_name = '', last_name = '', email = '',
    email_key = '', email_domain = '', postal = '', insee = '', comment = '', net_prefix = '', show_name = FALSE,
    profile_id = NULL
WHERE id = ? AND status = ?;

-- name: AddSignatureConsent
INSERT INTO signature_consents (signature_id, purpose, given, wording, at) VALUES (?, ?, ?, ?, ?);

-- name: SignatureConsents
SELECT purpose, given, wording, at FROM signature_consents WHERE signature_id = ? ORDER BY purpose;

-- name: DeleteSignatureConsents
DELETE FROM signature_consents WHERE signature_id = ?;

-- name: CreateSignatureToken
INSERT INTO signature_tokens (hash, signature_id, expires_at) VALUES (?, ?, ?);

-- name: UseSignatureToken
-- Consumes a confirmation token once: the single UPDATE … WHERE unused.
UPDATE signature_tokens SET used_at = ? WHERE hash = ? AND used_at = 0 AND expires_at > ? RETURNING signature_id;

-- name: PurgeSignatureTokens
DELETE FROM signature_tokens WHERE expires_at < ?;

-- name: SignaturesToTell
-- Confirmed signers who agreed to hear from the petition, a page at a time
-- in order of ID.
SELECT s.id FROM signatures s
JOIN signature_consents c ON c.signature_id = s.id AND c.purpose = 'petition_updates' AND c.given = TRUE
WHERE s.petition_id = ? AND s.status = 'confirmed' AND s.id > ? ORDER BY s.id LIMIT ?;

-- name: NetBursts
-- Networks (hashed /24 or /48) from which at least N signatures came in
-- one minute since a time.
SELECT net_prefix, created_at / 60000, COUNT(*) FROM signatures
WHERE petition_id = ? AND created_at >= ? AND net_prefix <> '' AND status IN ('unconfirmed', 'confirmed')
GROUP BY net_prefix, created_at / 60000 HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, 2 LIMIT ?;

-- name: DomainBursts
-- The same by the canonical address's domain.
SELECT email_domain, created_at / 60000, COUNT(*) FROM signatures
WHERE petition_id = ? AND created_at >= ? AND email_domain <> '' AND status IN ('unconfirmed', 'confirmed')
GROUP BY email_domain, created_at / 60000 HAVING COUNT(*) >= ? ORDER BY COUNT(*) DESC, 2 LIMIT ?;

-- name: SignaturesFromNet
SELECT id FROM signatures WHERE petition_id = ? AND net_prefix = ? AND created_at >= ? AND created_at < ?
    AND status IN ('unconfirmed', 'confirmed') ORDER BY id;

-- name: SignaturesFromDomain
SELECT id FROM signatures WHERE petition_id = ? AND email_domain = ? AND created_at >= ? AND created_at < ?
    AND status IN ('unconfirmed', 'confirmed') ORDER BY id;

-- name: EraseClosedSigners
-- Retention: the signers of petitions closed before a time lose their
-- names, addresses, postal codes, communes, comments, hashed networks and
-- the link to their account; statuses, sources and départements stay, so
-- the counts are unchanged. A row with anything left to erase is taken,
-- so a signature missing its name or address is erased all the same.
UPDATE signatures SET first_name = '', last_name = '', email = '', email_key = '', email_domain = '', postal = '',
    insee = '', comment = '', net_prefix = '', show_name = FALSE, profile_id = NULL
WHERE petition_id IN (SELECT id FROM petitions WHERE state IN ('closed', 'answered') AND closed_at > 0 AND closed_at < ?)
    AND (email <> '' OR first_name <> '' OR last_name <> '' OR postal <> '' OR insee <> '' OR comment <> ''
        OR net_prefix <> '' OR profile_id IS NOT NULL);

-- name: EraseClosedConsents
DELETE FROM signature_consents WHERE signature_id IN (SELECT s.id FROM signatures s JOIN petitions p ON p.id = s.petition_id
    WHERE p.state IN ('closed', 'answered') AND p.closed_at > 0 AND p.closed_at < ?);

-- name: DeleteUnconfirmedSignatures
-- Signatures never confirmed are not kept past their links' life.
DELETE FROM signatures WHERE status = 'unconfirmed' AND created_at < ?;

-- name: PublicSignatures
-- The confirmed signatures a page may show (a name the signer chose to
-- show, or a comment), newest first, before a cursor ID.
SELECT first_name, last_name, show_name, comment, departement, confirmed_at, id FROM signatures
WHERE petition_id = ? AND status = 'confirmed' AND id < ? AND (show_name = TRUE OR comment <> '')
ORDER BY id DESC LIMIT ?;

-- name: SignaturesOfProfile
-- The signatures a profile made with its account (their canonical
-- addresses), for the erasure of the account.
SELECT id, email_key FROM signatures WHERE profile_id = ?;

-- name: EraseSigner
-- An erased account's signature loses its name, address, postal code,
-- commune, comment, hashed network and account; its canonical address is
-- replaced by a keyed hash of it, so the same mailbox still cannot sign
-- the petition twice and no one can read it. Status, source and
-- département stay: the counts do not move.
UPDATE signatures SET first_name = '', last_name = '', email = '', email_key = ?, email_domain = '', postal = '',
    insee = '', comment = '', net_prefix = '', show_name = FALSE, profile_id = NULL
WHERE id = ?;


-- name: UsedSignatureToken
-- The signature of a confirmation token already used and not expired: a
-- link followed again.
SELECT signature_id FROM signature_tokens WHERE hash = ? AND used_at > 0 AND expires_at > ?;
