package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// consultationPathPrefix is where consultations and votes live
// (/votes/{id}); the board's origin is the host and this path.
const consultationPathPrefix = "/votes/"

// ConsultationInput is what an organiser fills in to write or edit a
// consultation or a vote. Opens and Closes are wall times in TZ.
type ConsultationInput struct {
	Title       string
	Description string
	Secret      bool
	Opens       cortege.Wall
	Closes      cortege.Wall
	TZ          string
	Revote      bool
	Audience    string
	MinRole     string
	Lang        string
	// GroupID, at creation only: the group that owns it, which the actor
	// administers; "" for one of the instance's (its administrators).
	GroupID string
}

// ConsultationView is a consultation as the actor sees it.
type ConsultationView struct {
	Consultation *cortege.Consultation
	Questions    []*cortege.ConsultationQuestion
	State        string // the state at the time of reading (StateAt)
	// Manage says the actor may edit it, open, close and publish it, and
	// generate its codes.
	Manage bool
	// TokenKey is a secret vote's published blind-signing key (the
	// board's form), once open; "" for a vote by codes.
	TokenKey string
}

// applyConsultation copies the input into c and validates it.
func applyConsultation(c *cortege.Consultation, in ConsultationInput) error {
	c.Title, c.Description, c.Secret, c.TZ = in.Title, in.Description, in.Secret, in.TZ
	c.Revote, c.Audience, c.MinRole = in.Revote, in.Audience, in.MinRole
	if in.Lang != "" {
		c.Lang = in.Lang
	}
	loc, err := cortege.LoadLocation(in.TZ)
	if err != nil || in.TZ == "" || in.TZ == "Local" {
		return cortege.Invalid("tz", "err.consultation.tz.invalid")
	}
	opens, err := cortege.LocalTime("opens_at", in.Opens, loc)
	if err != nil {
		return err
	}
	closes, err := cortege.LocalTime("closes_at", in.Closes, loc)
	if err != nil {
		return err
	}
	c.OpensAt, c.ClosesAt = opens.UTC(), closes.UTC()
	return c.Validate()
}

// consultationRights loads a consultation and says whether the actor
// manages it: its group's administrators, or the instance's for one of the
// instance's. A consultation of a group the actor may not see, or a draft
// they do not manage, is ENOTFOUND.
func (s *Service) consultationRights(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Consultation, bool, string, error) {
	c, err := q.ConsultationByID(ctx, id)
	if err != nil {
		return nil, false, "", err
	}
	manage, role := a.IsAdmin() && c.GroupID == "", cortege.RoleNone
	if c.GroupID != "" {
		_, role, err = s.groupAccess(ctx, q, a, c.GroupID)
		switch {
		case err == nil:
		case c.Audience == cortege.AudienceCodes && c.State != cortege.ConsultationDraft:
			// Whoever holds a code takes part, member of the group or not
			// (a private group's envelopes go to people it does not know):
			// the vote's page is reached by its link.
			role = cortege.RoleNone
		default:
			return nil, false, "", cortege.Errorf(cortege.ENOTFOUND, "err.consultation.not_found")
		}
		manage = role == cortege.GroupAdmin
	}
	if c.State == cortege.ConsultationDraft && !manage {
		return nil, false, "", cortege.Errorf(cortege.ENOTFOUND, "err.consultation.not_found")
	}
	return c, manage, role, nil
}

// manageConsultation loads a consultation the actor must manage.
func (s *Service) manageConsultation(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Consultation, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	c, manage, _, err := s.consultationRights(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if !manage {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.forbidden")
	}
	return c, nil
}

// CreateConsultation writes a draft consultation or vote, for a group the
// actor administers or, for the instance's administrators, the instance.
func (s *Service) CreateConsultation(ctx context.Context, a cortege.Actor, in ConsultationInput) (*cortege.Consultation, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	now := s.now()
	c := &cortege.Consultation{ID: cortege.NewID(now), GroupID: in.GroupID, State: cortege.ConsultationDraft,
		CreatedBy: profileID(a), CreatedAt: now, UpdatedAt: now, Lang: a.Account.Lang}
	if err := applyConsultation(c, in); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		if in.GroupID == "" {
			if err := requireAdmin(a); err != nil {
				return err
			}
		} else if _, role, err := s.groupAccess(ctx, q, a, in.GroupID); err != nil {
			return err
		} else if role != cortege.GroupAdmin {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.forbidden")
		}
		return q.CreateConsultation(ctx, c)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// UpdateConsultation edits a draft's text and rules.
func (s *Service) UpdateConsultation(ctx context.Context, a cortege.Actor, id string, in ConsultationInput) (*cortege.Consultation, error) {
	var out *cortege.Consultation
	err := s.inTx(ctx, func(q *store.Q) error {
		c, err := s.manageConsultation(ctx, q, a, id)
		if err != nil {
			return err
		}
		if !c.CanEdit() {
			return cortege.Errorf(cortege.ECONFLICT, "err.consultation.not_draft")
		}
		if err := applyConsultation(c, in); err != nil {
			return err
		}
		if c.Secret {
			qs, err := q.ConsultationQuestions(ctx, c.ID)
			if err != nil {
				return err
			}
			for _, x := range qs {
				if !cortege.SecretKind(x.Kind) || x.ShowIf != nil {
					return cortege.Invalid("secret", "err.consultation.secret.questions")
				}
			}
		}
		c.UpdatedAt = s.now()
		if err := q.UpdateConsultation(ctx, c); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}

// DeleteConsultation deletes a draft.
func (s *Service) DeleteConsultation(ctx context.Context, a cortege.Actor, id string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		c, err := s.manageConsultation(ctx, q, a, id)
		if err != nil {
			return err
		}
		if !c.CanEdit() {
			return cortege.Errorf(cortege.ECONFLICT, "err.consultation.not_draft")
		}
		return q.DeleteConsultation(ctx, id)
	})
}

// Consultation returns a consultation and its questions as the actor sees
// it.
func (s *Service) Consultation(ctx context.Context, a cortege.Actor, id string) (*ConsultationView, error) {
	q := s.db.Q()
	c, manage, _, err := s.consultationRights(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	qs, err := q.ConsultationQuestions(ctx, id)
	if err != nil {
		return nil, err
	}
	v := &ConsultationView{Consultation: c, Questions: qs, State: c.StateAt(s.now()), Manage: manage}
	if c.Secret && c.State != cortege.ConsultationDraft {
		if _, v.TokenKey, _, err = q.ConsultationKey(ctx, id); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// Consultations lists a group's consultations ("" for the instance's)
// the actor may see, newest first: drafts only for those who manage them.
func (s *Service) Consultations(ctx context.Context, a cortege.Actor, groupID string) ([]*cortege.Consultation, error) {
	q := s.db.Q()
	manage := a.IsAdmin() && groupID == ""
	if groupID != "" {
		_, role, err := s.groupAccess(ctx, q, a, groupID)
		if err != nil {
			return nil, err
		}
		manage = role == cortege.GroupAdmin
	}
	all, err := q.Consultations(ctx, groupID, 200)
	if err != nil {
		return nil, err
	}
	var out []*cortege.Consultation
	for _, c := range all {
		if c.State != cortege.ConsultationDraft || manage {
			out = append(out, c)
		}
	}
	return out, nil
}
