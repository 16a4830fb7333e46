package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// GenerateCodes issues n anonymous invitation codes for a vote by codes,
// as a new batch of slips numbered from 1, and returns them once, in slip
// order, for printing: only their hashes are kept. The codes are drawn
// from crypto/rand and stored in shuffled order, so nothing ties a slip to
// any list of names (the envelopes' list is made and shuffled apart).
func (s *Service) GenerateCodes(ctx context.Context, a cortege.Actor, voteID string, n int) ([]cortege.InvitationSlip, error) {
	var out []cortege.InvitationSlip
	err := s.inTx(ctx, func(q *store.Q) error {
		c, err := s.codesVote(ctx, q, a, voteID)
		if err != nil {
			return err
		}
		if n < 1 || n > cortege.MaxCodesPerBatch { // after the rights: a stranger learns nothing of the vote
			return cortege.Invalid("count", "err.vote.codes.count")
		}
		batch, err := q.LastVoteBatch(ctx, c.ID)
		if err != nil {
			return err
		}
		batch++
		out = make([]cortege.InvitationSlip, n)
		for i := range out {
			out[i] = cortege.InvitationSlip{Batch: batch, Slip: i + 1, Code: cortege.NewInvitationCode(), State: cortege.CodeIssued}
		}
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		shuffle(order)
		for _, i := range order {
			if err := q.AddVoteCode(ctx, c.ID, out[i].Code.Hash(), batch, out[i].Slip); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// codesVote loads a vote by codes the actor manages, not closed yet.
func (s *Service) codesVote(ctx context.Context, q *store.Q, a cortege.Actor, voteID string) (*cortege.Consultation, error) {
	c, err := s.manageConsultation(ctx, q, a, voteID)
	if err != nil {
		return nil, err
	}
	if c.Audience != cortege.AudienceCodes {
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.vote.codes.audience")
	}
	if st := c.StateAt(s.now()); st != cortege.ConsultationDraft && st != cortege.ConsultationOpen {
		return nil, cortege.Errorf(cortege.ECONFLICT, "err.vote.codes.closed")
	}
	return c, nil
}

// VoidSlip voids the code of a spoiled or lost slip: it works no more. A
// slip whose code was used is ECONFLICT; an unknown slip ENOTFOUND.
func (s *Service) VoidSlip(ctx context.Context, a cortege.Actor, voteID string, batch, slip int) error {
	return s.inTx(ctx, func(q *store.Q) error {
		c, err := s.codesVote(ctx, q, a, voteID)
		if err != nil {
			return err
		}
		return voidSlip(ctx, q, c.ID, batch, slip)
	})
}

func voidSlip(ctx context.Context, q *store.Q, voteID string, batch, slip int) error {
	ok, err := q.VoidVoteSlip(ctx, voteID, batch, slip)
	if err != nil || ok {
		return err
	}
	exists, err := q.VoteSlipExists(ctx, voteID, batch, slip)
	if err != nil {
		return err
	}
	if !exists {
		return cortege.Errorf(cortege.ENOTFOUND, "err.vote.slip.not_found")
	}
	return cortege.Errorf(cortege.ECONFLICT, "err.vote.slip.not_issued")
}

// ReprintSlip voids a slip's code and issues a new one for the same batch
// and slip number, returned once for printing.
func (s *Service) ReprintSlip(ctx context.Context, a cortege.Actor, voteID string, batch, slip int) (*cortege.InvitationSlip, error) {
	var out *cortege.InvitationSlip
	err := s.inTx(ctx, func(q *store.Q) error {
		c, err := s.codesVote(ctx, q, a, voteID)
		if err != nil {
			return err
		}
		if err := voidSlip(ctx, q, c.ID, batch, slip); err != nil {
			return err
		}
		out = &cortege.InvitationSlip{Batch: batch, Slip: slip, Code: cortege.NewInvitationCode(), State: cortege.CodeIssued}
		return q.AddVoteCode(ctx, c.ID, out.Code.Hash(), batch, slip)
	})
	return out, err
}
