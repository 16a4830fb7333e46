package service

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"time"

	"golang.org/x/mod/sumdb/note"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/store"
)

// petitionHeadsJob signs the heads of the logs that grew.
const petitionHeadsJob = "petition.heads"

// PetitionHeadEvery is how often the logs that grew get a signed head.
const PetitionHeadEvery = time.Minute

// Heads kept in a published log: every head of the last hour, the latest
// of each hour of the last day, the latest of each day before (and always
// the latest of all).
const (
	headsAllFor    = time.Hour
	headsHourlyFor = 24 * time.Hour
)

func (s *Service) registerPetitionLogJobs(r *jobs.Runner) {
	r.Register(petitionHeadsJob, func(ctx context.Context, _ json.RawMessage) error { return s.SignPetitionHeads(ctx) })
	r.Every(petitionHeadsJob, PetitionHeadEvery)
}

// ledgerKey is the key heads are signed with: the instance's
// (Config.LedgerKey, DATA/ledger.key), or one made for this process when a
// test builds a service without it.
func (s *Service) ledgerKey() ledger.Key {
	s.ledgerOnce.Do(func() {
		if s.cfg.LedgerKey != nil {
			s.ledger = *s.cfg.LedgerKey
			return
		}
		skey, _, err := note.GenerateKey(rand.Reader, s.logHost())
		if err == nil {
			s.ledger, err = ledger.ParseKey(skey)
		}
		if err != nil {
			panic(err) // a host the note format refuses: BaseURL is checked at start
		}
	})
	return s.ledger
}

// logHost is the instance's host, the first part of each log's origin.
func (s *Service) logHost() string {
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host
	}
	return "localhost"
}

// PetitionLogOrigin is the log ID of a petition: the instance's host and
// the petition's path (docs/ledger.md).
func (s *Service) PetitionLogOrigin(petitionID string) string {
	path := petitionPathPrefix + petitionID
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Host != "" {
		return u.Host + u.Path + path
	}
	return "localhost" + path
}

// PetitionLogKey is the verifier key of the instance's heads, published at
// /.well-known/cortege-ledger-key and in every log.
func (s *Service) PetitionLogKey() string { return s.ledgerKey().Public }

// ledgerSalt is the salt of a signature's commitment: a keyed hash of its
// ID under the instance's link key, so that no salt is stored, the instance
// can give the receipt again in every mail, and no one else can open a
// commitment.
func (s *Service) ledgerSalt(ctx context.Context, q *store.Q, signatureID string) (ledger.Salt, error) {
	var salt ledger.Salt
	tok, err := s.linkToken(ctx, q, "petition-ledger-salt", signatureID)
	if err != nil {
		return salt, err
	}
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) != len(salt) {
		return salt, fmt.Errorf("ledger salt: %d bytes", len(b))
	}
	copy(salt[:], b)
	return salt, nil
}

// logSigned appends the sign entry of a signature just counted online, in
// q's transaction, and returns the signer's receipt.
func (s *Service) logSigned(ctx context.Context, q *store.Q, petitionID, signatureID string) (*ledger.Receipt, error) {
	origin := s.PetitionLogOrigin(petitionID)
	now := s.now()
	st, err := q.PetitionLogForAppend(ctx, petitionID, origin, now)
	if err != nil {
		return nil, err
	}
	salt, err := s.ledgerSalt(ctx, q, signatureID)
	if err != nil {
		return nil, err
	}
	e, after := ledger.AppendSign(st, ledger.Commit(salt, signatureID))
	if err := q.AppendPetitionLog(ctx, petitionID, e, after, now); err != nil {
		return nil, err
	}
	if err := q.SetSignatureLogPosition(ctx, signatureID, e.N); err != nil {
		return nil, err
	}
	rc := ledger.NewReceipt(origin, e, salt, signatureID)
	return &rc, nil
}

// logWithdrawn appends the revocation of a signature that counted online
// and leaves the count (withdrawn or invalidated), in q's transaction; a
// signature with no sign entry (paper, or never counted) appends nothing.
func (s *Service) logWithdrawn(ctx context.Context, q *store.Q, petitionID, signatureID string) error {
	pos, err := q.SignatureLogPosition(ctx, signatureID)
	if err != nil || pos < 0 {
		return err
	}
	origin := s.PetitionLogOrigin(petitionID)
	now := s.now()
	st, err := q.PetitionLogForAppend(ctx, petitionID, origin, now)
	if err != nil {
		return err
	}
	salt, err := s.ledgerSalt(ctx, q, signatureID)
	if err != nil {
		return err
	}
	e, after, err := ledger.AppendRevoke(st, pos, ledger.Commit(salt, signatureID))
	if err != nil {
		return err
	}
	if err := q.AppendPetitionLog(ctx, petitionID, e, after, now); err != nil {
		return err
	}
	return q.SetSignatureLogPosition(ctx, signatureID, -1)
}

// SignerReceipt returns, to whoever holds a signer's link token, the
// receipt of their signature's entry in the petition's log; ENOTFOUND when
// the signature is not counted online.
func (s *Service) SignerReceipt(ctx context.Context, token string) (*ledger.Receipt, error) {
	q := s.db.Q()
	g, err := s.signatureByWithdrawToken(ctx, q, token)
	if err != nil {
		return nil, err
	}
	pos, err := q.SignatureLogPosition(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	if pos < 0 || !g.Counts() {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.signature.no_receipt")
	}
	salt, err := s.ledgerSalt(ctx, q, g.ID)
	if err != nil {
		return nil, err
	}
	e := ledger.Entry{N: pos, Kind: ledger.KindSign, Commitment: ledger.Commit(salt, g.ID)}
	rc := ledger.NewReceipt(s.PetitionLogOrigin(g.PetitionID), e, salt, g.ID)
	return &rc, nil
}

// SignPetitionHeads signs a head for each log that grew since its latest
// head, and thins the heads kept (headsAllFor, headsHourlyFor).
func (s *Service) SignPetitionHeads(ctx context.Context) error {
	q := s.db.Q()
	key := s.ledgerKey()
	for {
		logs, err := q.PetitionLogsToHead(ctx, 100)
		if err != nil || len(logs) == 0 {
			return err
		}
		for _, l := range logs {
			if err := s.signHead(ctx, q, key, l); err != nil {
				return err
			}
		}
		if len(logs) < 100 {
			return nil
		}
	}
}

func (s *Service) signHead(ctx context.Context, q *store.Q, key ledger.Key, l store.PetitionLogToHead) error {
	st, err := ledger.UnmarshalState(s.PetitionLogOrigin(l.PetitionID), l.State)
	if err != nil {
		return err
	}
	heads, err := q.PetitionLogHeads(ctx, l.PetitionID)
	if err != nil {
		return err
	}
	now := s.now().Truncate(time.Second)
	if n := len(heads); n > 0 && !heads[n-1].SignedAt.Before(now) {
		return nil // heads' times increase: the next run signs it
	}
	h := ledger.HeadOf(st, now)
	msg, err := h.Sign(key.Signer)
	if err != nil {
		return err
	}
	if err := q.AddPetitionLogHead(ctx, l.PetitionID, store.LogHead{Size: h.Size, SignedAt: h.Time, Note: msg}); err != nil {
		return err
	}
	heads = append(heads, store.LogHead{Size: h.Size, SignedAt: h.Time})
	for _, size := range thinHeads(heads, now) {
		if err := q.DeletePetitionLogHead(ctx, l.PetitionID, size); err != nil {
			return err
		}
	}
	return nil
}

// thinHeads returns the sizes of the heads (in order of size) no longer
// kept at now: of those older than headsAllFor, only the latest of each
// hour stays, and of those older than headsHourlyFor the latest of each
// day; the latest head always stays.
func thinHeads(heads []store.LogHead, now time.Time) []int64 {
	var drop []int64
	for i := 0; i < len(heads)-1; i++ {
		h, next := heads[i], heads[i+1]
		age := now.Sub(h.SignedAt)
		var bucket time.Duration
		switch {
		case age <= headsAllFor:
			continue
		case age <= headsHourlyFor:
			bucket = time.Hour
		default:
			bucket = 24 * time.Hour
		}
		if h.SignedAt.Truncate(bucket).Equal(next.SignedAt.Truncate(bucket)) {
			drop = append(drop, h.Size)
		}
	}
	return drop
}

// WritePetitionLog writes the published log of a petition the actor may
// see (docs/ledger.md, the body of /petitions/{id}/log.json) to w: every
// entry up to the log's size when it was read, and the heads signed by
// then, in canonical form.
func (s *Service) WritePetitionLog(ctx context.Context, a cortege.Actor, petitionID string, w io.Writer) error {
	q := s.db.Q()
	if _, _, err := s.loadPetition(ctx, q, a, petitionID); err != nil {
		return err
	}
	origin := s.PetitionLogOrigin(petitionID)
	heads, err := q.PetitionLogHeads(ctx, petitionID)
	if err != nil {
		return err
	}
	// Read after the heads: the size covers every head's.
	st, _, err := q.PetitionLogState(ctx, petitionID, origin)
	if err != nil {
		return err
	}
	notes := make([]string, len(heads))
	for i, h := range heads {
		notes[i] = h.Note
	}
	d := ledger.NewDocumentWriter(w)
	if err := d.Begin(ledger.Format, origin, s.PetitionLogKey()); err != nil {
		return err
	}
	if err := q.PetitionLogEntries(ctx, petitionID, st.Size, d.Entry); err != nil {
		return err
	}
	return d.End(notes)
}
