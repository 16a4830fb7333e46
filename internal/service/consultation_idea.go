package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// IdeaView is an idea of an ideas box as a reader sees it: its author's
// handle and name (ideas are shown with their author's name, which the
// form says), and whether the reader supports it.
type IdeaView struct {
	Idea        cortege.ConsultationIdea
	Handle      string
	DisplayName string
	Supported   bool
	Mine        bool
}

// MaxIdeasListed is the most ideas a box lists.
const MaxIdeasListed = 500

// ideaBox loads a consultation with linked answers and its ideas box
// question qid, for an actor who may take part in it: signed in, and for
// a members' consultation holding its role. Ideas and supports are one
// per member, so a consultation by codes has no ideas box, and a visitor
// with the link must sign in to submit or support.
func (s *Service) ideaBox(ctx context.Context, q *store.Q, a cortege.Actor, id, qid string) (*cortege.Consultation, string, error) {
	c, _, role, err := s.linkedConsultation(ctx, q, a, id)
	if err != nil {
		return nil, "", err
	}
	if err := requireSignedIn(a); err != nil {
		return nil, "", err
	}
	pid := profileID(a)
	if pid == "" {
		return nil, "", cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
	}
	switch c.Audience {
	case cortege.AudienceMembers:
		if c.GroupID != "" && cortege.RoleRank(role) < cortege.RoleRank(c.MinRole) {
			return nil, "", cortege.Errorf(cortege.EFORBIDDEN, "err.response.not_eligible")
		}
	case cortege.AudienceLink:
	default:
		return nil, "", cortege.Errorf(cortege.EFORBIDDEN, "err.response.not_eligible")
	}
	if !cortege.CanEditResponse(c, s.now()) {
		return nil, "", cortege.Errorf(cortege.ECONFLICT, "err.response.closed")
	}
	if qid != "" {
		if err := ideasQuestion(ctx, q, id, qid); err != nil {
			return nil, "", err
		}
	}
	return c, pid, nil
}

// ideasQuestion checks that qid is an ideas box of the consultation.
func ideasQuestion(ctx context.Context, q *store.Q, id, qid string) error {
	qs, err := q.ConsultationQuestions(ctx, id)
	if err != nil {
		return err
	}
	for _, x := range qs {
		if x.ID == qid && x.Kind == cortege.QuestionIdeas {
			return nil
		}
	}
	return cortege.Errorf(cortege.ENOTFOUND, "err.idea.box_not_found")
}

// SubmitIdea adds the actor's idea to an open consultation's ideas box
// (question qid), shown with their name; at most MaxIdeasPerMember each.
func (s *Service) SubmitIdea(ctx context.Context, a cortege.Actor, id, qid, title, body string) (*cortege.ConsultationIdea, error) {
	var out *cortege.ConsultationIdea
	err := s.inTx(ctx, func(q *store.Q) error {
		_, pid, err := s.ideaBox(ctx, q, a, id, qid)
		if err != nil {
			return err
		}
		n, err := q.CountConsultationIdeasBy(ctx, id, pid)
		if err != nil {
			return err
		}
		if n >= cortege.MaxIdeasPerMember {
			return cortege.Errorf(cortege.ECONFLICT, "err.idea.too_many")
		}
		now := s.now()
		i := &cortege.ConsultationIdea{ID: cortege.NewID(now), ConsultationID: id, QuestionID: qid, ProfileID: pid,
			Title: title, Body: body, CreatedAt: now}
		if err := i.Validate(); err != nil {
			return err
		}
		if err := q.AddConsultationIdea(ctx, i); err != nil {
			return err
		}
		out = i
		return nil
	})
	return out, err
}

// SupportIdea adds the actor's support to an idea, once per member: a
// second support is ECONFLICT err.idea.already_supported (the primary key
// decides, so concurrent clicks count once).
func (s *Service) SupportIdea(ctx context.Context, a cortege.Actor, id, ideaID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		_, pid, err := s.ideaBox(ctx, q, a, id, "")
		if err != nil {
			return err
		}
		if _, err := q.ConsultationIdeaByID(ctx, id, ideaID); err != nil {
			return err
		}
		ok, err := q.SupportConsultationIdea(ctx, ideaID, pid, s.now())
		if err == nil && !ok {
			err = cortege.Errorf(cortege.ECONFLICT, "err.idea.already_supported")
		}
		return err
	})
}

// WithdrawSupport takes the actor's support back from an idea, until
// closing; ENOTFOUND err.idea.not_supported when there was none.
func (s *Service) WithdrawSupport(ctx context.Context, a cortege.Actor, id, ideaID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		_, pid, err := s.ideaBox(ctx, q, a, id, "")
		if err != nil {
			return err
		}
		if _, err := q.ConsultationIdeaByID(ctx, id, ideaID); err != nil {
			return err
		}
		ok, err := q.UnsupportConsultationIdea(ctx, ideaID, pid)
		if err == nil && !ok {
			err = cortege.Errorf(cortege.ENOTFOUND, "err.idea.not_supported")
		}
		return err
	})
}

// Ideas lists an ideas box's ideas for anyone who may see the
// consultation, most supported first, then oldest.
func (s *Service) Ideas(ctx context.Context, a cortege.Actor, id, qid string) ([]IdeaView, error) {
	q := s.db.Q()
	if _, _, _, err := s.linkedConsultation(ctx, q, a, id); err != nil {
		return nil, err
	}
	if err := ideasQuestion(ctx, q, id, qid); err != nil {
		return nil, err
	}
	pid := profileID(a)
	rows, err := q.ConsultationIdeas(ctx, id, qid, pid, MaxIdeasListed)
	if err != nil {
		return nil, err
	}
	out := make([]IdeaView, 0, len(rows))
	for _, r := range rows {
		out = append(out, IdeaView{Idea: r.ConsultationIdea, Handle: r.Handle, DisplayName: r.DisplayName,
			Supported: r.Supported, Mine: pid != "" && r.ProfileID == pid})
	}
	return out, nil
}

// RemoveIdea deletes an idea with its supports: its author until closing,
// the consultation's organisers at any time (moderation).
func (s *Service) RemoveIdea(ctx context.Context, a cortege.Actor, id, ideaID string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		c, manage, _, err := s.linkedConsultation(ctx, q, a, id)
		if err != nil {
			return err
		}
		i, err := q.ConsultationIdeaByID(ctx, id, ideaID)
		if err != nil {
			return err
		}
		mine := i.ProfileID != "" && i.ProfileID == profileID(a)
		switch {
		case manage:
		case mine && cortege.CanEditResponse(c, s.now()):
		case mine:
			return cortege.Errorf(cortege.ECONFLICT, "err.response.closed")
		default:
			return cortege.Errorf(cortege.EFORBIDDEN, "err.idea.not_yours")
		}
		return q.DeleteConsultationIdea(ctx, id, ideaID)
	})
}
