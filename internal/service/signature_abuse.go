package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Defaults of the organisers' view of suspicious bursts.
const (
	DefaultBurstMin  = 20 // signatures in one minute from one network or domain
	burstsShown      = 50
	maxInvalidations = 10000
)

// Burst kinds.
const (
	BurstNet    = store.BurstNet    // one /24 or /48 network (hashed)
	BurstDomain = store.BurstDomain // one mail domain
)

// SignatureBurst is a minute in which many live signatures came from one
// network (Key is then a keyed hash, never an address) or one mail domain.
type SignatureBurst struct {
	Kind   string
	Key    string
	Minute time.Time
	Count  int
}

// SignatureBursts lists, for the petition's organisers, the minutes since
// `since` with at least min live signatures (DefaultBurstMin when 0) from
// one network or one mail domain, most first.
func (s *Service) SignatureBursts(ctx context.Context, a cortege.Actor, petitionID string, since time.Time, min int) ([]SignatureBurst, error) {
	if min <= 0 {
		min = DefaultBurstMin
	}
	q := s.db.Q()
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	p, org, err := s.loadPetition(ctx, q, a, petitionID)
	if err != nil {
		return nil, err
	}
	if !org {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	var out []SignatureBurst
	for _, kind := range []string{BurstNet, BurstDomain} {
		bs, err := q.Bursts(ctx, p.ID, kind, since, min, burstsShown)
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			out = append(out, SignatureBurst(b))
		}
	}
	return out, nil
}

// InvalidateBurst invalidates every live signature of one burst (as
// SignatureBursts listed it) and returns how many; they leave the count.
func (s *Service) InvalidateBurst(ctx context.Context, a cortege.Actor, petitionID string, b SignatureBurst) (int, error) {
	if b.Kind != BurstNet && b.Kind != BurstDomain || b.Key == "" {
		return 0, cortege.Invalid("burst", "err.signature.burst.invalid")
	}
	var n int
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, petitionID)
		if err != nil {
			return err
		}
		ids, err := q.SignaturesInBurst(ctx, p.ID, store.Burst{Kind: b.Kind, Key: b.Key, Minute: b.Minute.Truncate(time.Minute)})
		if err != nil {
			return err
		}
		n, err = s.invalidate(ctx, q, p, ids)
		return err
	})
	return n, err
}

// InvalidateSignatures invalidates the live signatures of the petition
// among ids (others are skipped) and returns how many it invalidated.
func (s *Service) InvalidateSignatures(ctx context.Context, a cortege.Actor, petitionID string, ids []string) (int, error) {
	if len(ids) > maxInvalidations {
		return 0, cortege.Invalid("ids", "err.signature.too_many")
	}
	var n int
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, petitionID)
		if err != nil {
			return err
		}
		n, err = s.invalidate(ctx, q, p, ids)
		return err
	})
	return n, err
}

// invalidate moves the live signatures of p among ids to invalidated and
// takes the confirmed ones off the counter, in q's transaction.
func (s *Service) invalidate(ctx context.Context, q *store.Q, p *cortege.Petition, ids []string) (int, error) {
	online, paper := map[string]int{}, map[string]int{}
	var logged []string // confirmed online: their entries are revoked
	n := 0
	for _, id := range ids {
		g, err := q.SignatureByID(ctx, id)
		if cortege.IsNotFound(err) {
			continue
		} else if err != nil {
			return 0, err
		}
		if g.PetitionID != p.ID || (g.Status != cortege.SignatureConfirmed && g.Status != cortege.SignatureUnconfirmed) {
			continue
		}
		moved, err := q.MoveSignature(ctx, g.ID, g.Status, cortege.SignatureInvalidated, g.ConfirmedAt)
		if err != nil {
			return 0, err
		}
		if !moved {
			continue
		}
		n++
		if g.Status == cortege.SignatureConfirmed && g.Source != cortege.SourcePaper {
			logged = append(logged, g.ID)
		}
		if g.Status == cortege.SignatureConfirmed {
			if g.Source == cortege.SourcePaper {
				paper[g.Departement]--
			} else {
				online[g.Departement]--
			}
		}
	}
	if err := s.countSignatures(ctx, q, p, online, paper); err != nil {
		return 0, err
	}
	for _, id := range logged {
		if err := s.logWithdrawn(ctx, q, p.ID, id); err != nil {
			return 0, err
		}
	}
	return n, nil
}
