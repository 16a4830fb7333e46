package store

import (
	"context"
	"database/sql"
	"time"

	"codeberg.org/cortege/cortege"
)

func scanSignature(s scanner) (*cortege.Signature, error) {
	var g cortege.Signature
	var ts [3]int64
	err := s.Scan(&g.ID, &g.PetitionID, &g.ProfileID, &g.FirstName, &g.LastName, &g.Email, &g.EmailKey, &g.EmailDomain,
		&g.Postal, &g.INSEE, &g.Departement, &g.Comment, &g.ShowName, &g.Status, &g.Source, &g.NetPrefix, &g.Lang,
		&ts[0], &ts[1], &ts[2])
	if err != nil {
		return nil, err
	}
	g.CreatedAt, g.ConfirmedAt, g.WithdrawnAt = fromMS(ts[0]), fromMS(ts[1]), fromMS(ts[2])
	return &g, nil
}

func (q *Q) signature(ctx context.Context, name string, args ...any) (*cortege.Signature, error) {
	if err := checkArgs(args); err != nil {
		return nil, err
	}
	g, err := scanSignature(q.stmt(ctx, name).QueryRowContext(ctx, args...))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.signature.not_found")
	}
	return g, wrap(name, err)
}

// CreateSignature inserts g with its consents; withdrawHash is the hash of
// the secret of its withdrawal link. A second live signature of the same
// mailbox on the same petition is ECONFLICT.
func (q *Q) CreateSignature(ctx context.Context, g *cortege.Signature, withdrawHash string) error {
	_, err := q.exec(ctx, "CreateSignature", g.ID, g.PetitionID, nullStr(g.ProfileID), g.FirstName, g.LastName, g.Email,
		g.EmailKey, g.EmailDomain, g.Postal, g.INSEE, g.Departement, g.Comment, g.ShowName, g.Status, g.Source,
		g.NetPrefix, g.Lang, withdrawHash, ms(g.CreatedAt), ms(g.ConfirmedAt), ms(g.WithdrawnAt))
	if err != nil {
		return err
	}
	for _, c := range g.Consents {
		if _, err := q.exec(ctx, "AddSignatureConsent", g.ID, c.Purpose, c.Given, c.Wording, ms(c.At)); err != nil {
			return err
		}
	}
	return nil
}

// SignatureByID returns a signature with its consents.
func (q *Q) SignatureByID(ctx context.Context, id string) (*cortege.Signature, error) {
	g, err := q.signature(ctx, "SignatureByID", id)
	if err != nil {
		return nil, err
	}
	g.Consents, err = q.SignatureConsents(ctx, id)
	return g, err
}

// SignatureByEmailKey returns the live (not withdrawn) signature of a
// canonical address on a petition, under that address or the keyed hash
// an erased signer keeps of it (erased), without its consents.
func (q *Q) SignatureByEmailKey(ctx context.Context, petitionID, key, erased string) (*cortege.Signature, error) {
	return q.signature(ctx, "SignatureByEmailKey", petitionID, key, erased)
}

// SignatureByWithdrawHash returns the signature whose withdrawal link has
// this secret's hash.
func (q *Q) SignatureByWithdrawHash(ctx context.Context, hash string) (*cortege.Signature, error) {
	return q.signature(ctx, "SignatureByWithdrawHash", hash)
}

// MoveSignature changes a signature's status from `from` to `to` (with
// its confirmation time) and reports whether it did: false when the
// signature was no longer in `from`, so a race moves the counter once.
func (q *Q) MoveSignature(ctx context.Context, id, from, to string, confirmedAt time.Time) (bool, error) {
	n, err := q.execN(ctx, "MoveSignature", to, ms(confirmedAt), id, from)
	return n == 1, err
}

// WithdrawSignature marks a signature withdrawn from status `from`, erases
// the signer's name, address, postal code, comment and link to their
// account and drops the consents; false when it was no longer in `from`.
func (q *Q) WithdrawSignature(ctx context.Context, id, from string, now time.Time) (bool, error) {
	n, err := q.execN(ctx, "WithdrawSignature", ms(now), id, from)
	if err != nil || n == 0 {
		return false, err
	}
	_, err = q.exec(ctx, "DeleteSignatureConsents", id)
	return true, err
}

// SignatureConsents lists a signature's consent choices.
func (q *Q) SignatureConsents(ctx context.Context, id string) ([]cortege.Consent, error) {
	rows, err := q.query(ctx, "SignatureConsents", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []cortege.Consent
	for rows.Next() {
		var c cortege.Consent
		var at int64
		if err := rows.Scan(&c.Purpose, &c.Given, &c.Wording, &at); err != nil {
			return nil, wrap("SignatureConsents", err)
		}
		c.At = fromMS(at)
		out = append(out, c)
	}
	return out, wrap("SignatureConsents", rows.Err())
}

// CreateSignatureToken stores the hash of a confirmation token.
func (q *Q) CreateSignatureToken(ctx context.Context, hash, signatureID string, expires time.Time) error {
	_, err := q.exec(ctx, "CreateSignatureToken", hash, signatureID, ms(expires))
	return err
}

// UseSignatureToken consumes a confirmation token once and returns its
// signature; ENOTFOUND when unknown, used or expired.
func (q *Q) UseSignatureToken(ctx context.Context, hash string, now time.Time) (string, error) {
	var id string
	err := q.get(ctx, "UseSignatureToken", []any{ms(now), hash, ms(now)}, &id)
	return id, err
}

// UsedSignatureToken returns the signature of a confirmation token used
// already and not expired (ENOTFOUND otherwise).
func (q *Q) UsedSignatureToken(ctx context.Context, hash string, now time.Time) (string, error) {
	var id string
	err := q.get(ctx, "UsedSignatureToken", []any{hash, ms(now)}, &id)
	return id, err
}

// PurgeSignatureTokens deletes the confirmation tokens expired before t.
func (q *Q) PurgeSignatureTokens(ctx context.Context, t time.Time) error {
	_, err := q.exec(ctx, "PurgeSignatureTokens", ms(t))
	return err
}

// SignaturesToTell returns up to limit IDs of confirmed signatures that
// agreed to the petition's news, after the ID after.
func (q *Q) SignaturesToTell(ctx context.Context, petitionID, after string, limit int) ([]string, error) {
	return q.ids(ctx, "SignaturesToTell", petitionID, after, limit)
}

func (q *Q) ids(ctx context.Context, name string, args ...any) ([]string, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, id)
	}
	return out, wrap(name, rows.Err())
}

// Burst kinds: by network (hashed /24 or /48) or by mail domain.
const (
	BurstNet    = "net"
	BurstDomain = "domain"
)

// Burst is a minute in which many live signatures came from one network
// or one mail domain.
type Burst struct {
	Kind   string
	Key    string // the hashed network or the domain
	Minute time.Time
	Count  int
}

// Bursts lists the minutes since `since` with at least min live signatures
// from one source of kind (BurstNet or BurstDomain), most first.
func (q *Q) Bursts(ctx context.Context, petitionID, kind string, since time.Time, min, limit int) ([]Burst, error) {
	name := "NetBursts"
	if kind == BurstDomain {
		name = "DomainBursts"
	}
	rows, err := q.query(ctx, name, petitionID, ms(since), min, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Burst
	for rows.Next() {
		b := Burst{Kind: kind}
		var minute int64
		if err := rows.Scan(&b.Key, &minute, &b.Count); err != nil {
			return nil, wrap(name, err)
		}
		b.Minute = time.UnixMilli(minute * 60000).UTC()
		out = append(out, b)
	}
	return out, wrap(name, rows.Err())
}

// SignaturesInBurst returns the IDs of the live signatures of one burst.
func (q *Q) SignaturesInBurst(ctx context.Context, petitionID string, b Burst) ([]string, error) {
	name := "SignaturesFromNet"
	if b.Kind == BurstDomain {
		name = "SignaturesFromDomain"
	}
	from := b.Minute.UnixMilli()
	return q.ids(ctx, name, petitionID, b.Key, from, from+60000)
}

// EraseClosedSigners erases the personal data of the signers of petitions
// closed before t (names, addresses, postal codes, comments, hashed
// networks, links to accounts, consents), keeping what the counts rest
// on, and returns how many it erased.
func (q *Q) EraseClosedSigners(ctx context.Context, t time.Time) (int64, error) {
	if _, err := q.exec(ctx, "EraseClosedConsents", ms(t)); err != nil {
		return 0, err
	}
	return q.execN(ctx, "EraseClosedSigners", ms(t))
}

// DeleteUnconfirmedSignatures deletes the signatures created before t and
// never confirmed (they never counted).
func (q *Q) DeleteUnconfirmedSignatures(ctx context.Context, t time.Time) error {
	_, err := q.exec(ctx, "DeleteUnconfirmedSignatures", ms(t))
	return err
}

// PublicSignatures returns up to limit confirmed signatures a page may
// show, newest first, before the ID before ("" from the newest); the
// name only when the signer chose to show it. The second result is the
// cursor of the next page ("" at the end).
func (q *Q) PublicSignatures(ctx context.Context, petitionID, before string, limit int) ([]cortege.PublicSignature, string, error) {
	if before == "" {
		before = "~" // after every ULID
	}
	rows, err := q.query(ctx, "PublicSignatures", petitionID, before, limit)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []cortege.PublicSignature
	var last string
	for rows.Next() {
		var g cortege.Signature
		var at int64
		if err := rows.Scan(&g.FirstName, &g.LastName, &g.ShowName, &g.Comment, &g.Departement, &at, &last); err != nil {
			return nil, "", wrap("PublicSignatures", err)
		}
		out = append(out, cortege.PublicSignature{Name: g.DisplayName(), Comment: g.Comment, Departement: g.Departement, At: fromMS(at)})
	}
	if len(out) < limit {
		last = ""
	}
	return out, last, wrap("PublicSignatures", rows.Err())
}

// SignerKey is one signature of a profile and its canonical address.
type SignerKey struct{ ID, EmailKey string }

// SignaturesOfProfile lists the signatures a profile made.
func (q *Q) SignaturesOfProfile(ctx context.Context, profileID string) ([]SignerKey, error) {
	rows, err := q.query(ctx, "SignaturesOfProfile", profileID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SignerKey
	for rows.Next() {
		var k SignerKey
		if err := rows.Scan(&k.ID, &k.EmailKey); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// EraseSigner erases what identifies a signer (see the query), keeping
// emailKey (a keyed hash) so the mailbox cannot sign again, and their
// consents.
func (q *Q) EraseSigner(ctx context.Context, id, emailKey string) error {
	if _, err := q.exec(ctx, "EraseSigner", emailKey, id); err != nil {
		return err
	}
	_, err := q.exec(ctx, "DeleteSignatureConsents", id)
	return err
}
