package service

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"errors"

	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// SignOff puts a member on a vote's sign-in sheet and blind-signs the
// token their browser blinded (RFC 9474, RSABSSA-SHA384-PSS-Randomized),
// in one transaction: the member must hold the vote's role in its group
// (any active account for an instance's vote) and the vote must be open.
// A second sign-off is ECONFLICT ("you already took part"), never saying
// when. The sheet keeps the day only; the box never sees any of it.
func (s *Service) SignOff(ctx context.Context, a cortege.Actor, voteID string, blinded []byte) ([]byte, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	pid := profileID(a)
	if pid == "" {
		return nil, cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
	}
	var sig []byte
	err := s.inTx(ctx, func(q *store.Q) error {
		c, _, role, err := s.consultationRights(ctx, q, a, voteID)
		if err != nil {
			return err
		}
		now := s.now()
		if !c.Secret || c.Audience != cortege.AudienceMembers {
			return cortege.Errorf(cortege.ECONFLICT, "err.vote.no_signoff")
		}
		if !c.Accepting(now) {
			return cortege.Errorf(cortege.ECONFLICT, "err.vote.not_open")
		}
		if c.GroupID != "" && cortege.RoleRank(role) < cortege.RoleRank(c.MinRole) {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.vote.not_eligible")
		}
		if len(blinded) == 0 || len(blinded) > 1024 {
			return cortege.Invalid("blinded", "err.vote.blinded.invalid")
		}
		err = q.AddSignOff(ctx, cortege.SignOff{ConsultationID: c.ID, VoterKey: pid, Channel: cortege.ChannelOnline,
			Day: cortege.SignOffDay(now, c.Location())})
		if cortege.ErrorCode(err) == cortege.ECONFLICT {
			return cortege.Errorf(cortege.ECONFLICT, "err.vote.already_took_part")
		} else if err != nil {
			return err
		}
		signer, err := s.voteSigner(ctx, q, c.ID)
		if err != nil {
			return err
		}
		sig, err = signer.BlindSign(blinded)
		if err != nil {
			return cortege.Invalid("blinded", "err.vote.blinded.invalid") // rolls the sheet's line back
		}
		return nil
	})
	return sig, err
}

// voteSigner is a vote's blind signer, from its key in the database.
func (s *Service) voteSigner(ctx context.Context, q *store.Q, id string) (blindrsa.Signer, error) {
	der, _, _, err := q.ConsultationKey(ctx, id)
	if err != nil {
		return blindrsa.Signer{}, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return blindrsa.Signer{}, err
	}
	sk, ok := k.(*rsa.PrivateKey)
	if !ok {
		return blindrsa.Signer{}, errors.New("vote key is not RSA")
	}
	return blindrsa.NewSigner(sk), nil
}

// HasSignedOff reports whether the actor is on a vote's sheet (the page
// says "you took part" instead of the form).
func (s *Service) HasSignedOff(ctx context.Context, a cortege.Actor, voteID string) (bool, error) {
	pid := profileID(a)
	if pid == "" {
		return false, nil
	}
	return s.db.Q().HasSignedOff(ctx, voteID, pid)
}
