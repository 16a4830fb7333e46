package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// petitionPathPrefix is where petitions' pages live (/petitions/{id}).
const petitionPathPrefix = "/petitions/"

// petitionURL returns the public URL of a petition's page.
func (s *Service) petitionURL(id string) string { return s.URL(petitionPathPrefix + id) }

// PetitionInput is what an organiser fills in to write or edit a petition.
// Place is a commune's INSEE code (local scope); its département is taken
// from the gazetteer. Departement is the code of a départemental scope.
type PetitionInput struct {
	Title          string
	Text           string
	Addressee      string
	Goal           int
	Picture        string
	Scope          string
	Place          string
	Departement    string
	Tags           []string
	EndsAt         time.Time
	FundraisingURL string
	Lang           string
	// GroupID, at creation only, writes the petition on behalf of a group
	// the actor administers: the group co-signs it from the start.
	GroupID string
}

// PetitionView is a petition as the actor sees it.
type PetitionView struct {
	Petition   *cortege.Petition
	State      string // the state at the time of reading (StateAt)
	Counts     cortege.SignatureCounts
	Organisers []*cortege.PetitionOrganiser
	// Organiser says the actor may edit it and see the organiser tools.
	Organiser bool
}

// apply copies the input into p and validates it, placing a local
// petition's commune with the gazetteer.
func (s *Service) applyPetition(p *cortege.Petition, in PetitionInput) error {
	p.Title, p.Text, p.Addressee, p.Goal, p.Picture = in.Title, in.Text, in.Addressee, in.Goal, in.Picture
	p.Scope, p.PlaceINSEE, p.Departement, p.Tags = in.Scope, in.Place, in.Departement, in.Tags
	p.EndsAt, p.FundraisingURL = in.EndsAt.UTC(), in.FundraisingURL
	if in.EndsAt.IsZero() {
		p.EndsAt = time.Time{}
	}
	if in.Lang != "" {
		p.Lang = in.Lang
	}
	if p.Scope == cortege.ScopeLocal && p.PlaceINSEE != "" {
		c, ok := s.gazetteer().ByINSEE(p.PlaceINSEE)
		if !ok {
			return cortege.Invalid("place", "err.petition.place.unknown")
		}
		p.Departement = c.Dep
	}
	if err := p.Validate(); err != nil {
		return err
	}
	if p.Scope == cortege.ScopeDepartement && !s.knownDepartement(p.Departement) {
		return cortege.Invalid("departement", "err.petition.departement.unknown")
	}
	return nil
}

// knownDepartement reports whether some commune of the gazetteer lies in dep.
func (s *Service) knownDepartement(dep string) bool {
	for _, c := range s.gazetteer().Communes() {
		if c.Dep == dep {
			return true
		}
	}
	return false
}

// CreatePetition writes a draft petition by the actor's profile, or on
// behalf of a group the actor administers (in.GroupID).
func (s *Service) CreatePetition(ctx context.Context, a cortege.Actor, in PetitionInput) (*cortege.Petition, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	if err := cortege.RequireIdentity(a); err != nil {
		return nil, err
	}
	now := s.now()
	p := &cortege.Petition{ID: cortege.NewID(now), State: cortege.PetitionDraft, CreatedBy: a.Profile.ID,
		Lang: a.Account.Lang, CreatedAt: now, UpdatedAt: now}
	if err := s.applyPetition(p, in); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(q *store.Q) error {
		if in.GroupID != "" {
			if err := s.requireGroupAdmin(ctx, q, a, in.GroupID); err != nil {
				return err
			}
		}
		if err := q.CreatePetition(ctx, p); err != nil {
			return err
		}
		if in.GroupID == "" {
			return nil
		}
		return q.AddPetitionOrganizer(ctx, &cortege.PetitionOrganiser{PetitionID: p.ID, GroupID: in.GroupID,
			Status: cortege.OrganiserAccepted, InvitedBy: a.Profile.ID, CreatedAt: now})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// isPetitionOrganiser reports whether the actor organises p: its creator,
// or an administrator of a group co-signing it.
func (s *Service) isPetitionOrganiser(ctx context.Context, q *store.Q, a cortege.Actor, p *cortege.Petition) (bool, error) {
	if !a.SignedIn() || a.Profile == nil || a.Profile.Deleted {
		return false, nil
	}
	if p.CreatedBy == a.Profile.ID {
		return true, nil
	}
	return q.IsPetitionGroupAdmin(ctx, p.ID, a.Profile.ID)
}

// loadPetition reads a petition the actor may see, with whether they
// organise it; a draft is ENOTFOUND to anyone else.
func (s *Service) loadPetition(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Petition, bool, error) {
	p, err := q.PetitionByID(ctx, id)
	if err != nil {
		return nil, false, err
	}
	org, err := s.isPetitionOrganiser(ctx, q, a, p)
	if err != nil {
		return nil, false, err
	}
	if !p.VisibleTo(org) {
		return nil, false, cortege.Errorf(cortege.ENOTFOUND, "err.petition.not_found")
	}
	return p, org, nil
}

// organisedPetition is loadPetition for an organiser's use case: others
// get EFORBIDDEN (or ENOTFOUND for a draft), and the row is locked.
func (s *Service) organisedPetition(ctx context.Context, q *store.Q, a cortege.Actor, id string) (*cortege.Petition, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	if err := q.LockPetition(ctx, id); err != nil {
		if cortege.IsNotFound(err) {
			return nil, cortege.Errorf(cortege.ENOTFOUND, "err.petition.not_found")
		}
		return nil, err
	}
	p, org, err := s.loadPetition(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	if !org {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return p, nil
}

// Petition returns a petition as the actor sees it, with its counter.
func (s *Service) Petition(ctx context.Context, a cortege.Actor, id string) (*PetitionView, error) {
	q := s.db.Q()
	p, org, err := s.loadPetition(ctx, q, a, id)
	if err != nil {
		return nil, err
	}
	v := &PetitionView{Petition: p, State: p.StateAt(s.now()), Organiser: org}
	if v.Counts, err = q.PetitionCounts(ctx, p.ID); err != nil {
		return nil, err
	}
	if v.Organisers, err = q.PetitionOrganizers(ctx, p.ID); err != nil {
		return nil, err
	}
	return v, nil
}

// PetitionCounts returns the counter of a petition the actor may see.
func (s *Service) PetitionCounts(ctx context.Context, a cortege.Actor, id string) (cortege.SignatureCounts, error) {
	q := s.db.Q()
	if _, _, err := s.loadPetition(ctx, q, a, id); err != nil {
		return cortege.SignatureCounts{}, err
	}
	return q.PetitionCounts(ctx, id)
}

// UpdatePetition changes a petition's text and settings: its organisers,
// while it is a draft or gathering signatures.
func (s *Service) UpdatePetition(ctx context.Context, a cortege.Actor, id string, in PetitionInput) (*cortege.Petition, error) {
	var out *cortege.Petition
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, id)
		if err != nil {
			return err
		}
		if !p.CanEdit(true, s.now()) {
			return cortege.Errorf(cortege.ECONFLICT, "err.petition.not_editable")
		}
		if err := s.applyPetition(p, in); err != nil {
			return err
		}
		p.UpdatedAt = s.now()
		out = p
		return q.UpdatePetition(ctx, p)
	})
	return out, err
}

// movePetition takes a petition to state `to`, refusing a move its
// lifecycle does not allow; set changes the rest before it is written.
func (s *Service) movePetition(ctx context.Context, a cortege.Actor, id, to string, set func(q *store.Q, p *cortege.Petition) error) (*cortege.Petition, error) {
	var out *cortege.Petition
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.organisedPetition(ctx, q, a, id)
		if err != nil {
			return err
		}
		now := s.now()
		if !p.CanMove(to, now) {
			return cortege.Errorf(cortege.ECONFLICT, "err.petition.state")
		}
		if p.StateAt(now) == cortege.PetitionClosed && p.ClosedAt.IsZero() {
			p.ClosedAt = p.EndsAt
		}
		p.State, p.UpdatedAt = to, now
		switch to {
		case cortege.PetitionPublished:
			p.PublishedAt = now
		case cortege.PetitionClosed:
			p.ClosedAt = now
		}
		if set != nil {
			if err := set(q, p); err != nil {
				return err
			}
		}
		out = p
		return q.UpdatePetition(ctx, p)
	})
	return out, err
}

// PublishPetition opens a draft to signatures.
func (s *Service) PublishPetition(ctx context.Context, a cortege.Actor, id string) (*cortege.Petition, error) {
	return s.movePetition(ctx, a, id, cortege.PetitionPublished, nil)
}

// ClosePetition ends the signing before (or without) the end date.
func (s *Service) ClosePetition(ctx context.Context, a cortege.Actor, id string) (*cortege.Petition, error) {
	return s.movePetition(ctx, a, id, cortege.PetitionClosed, nil)
}

// RecordAnswer records the addressee's answer (which also ends the
// signing) and tells, by a job, the signers who agreed to hear of the
// petition.
func (s *Service) RecordAnswer(ctx context.Context, a cortege.Actor, id, answer string) (*cortege.Petition, error) {
	return s.movePetition(ctx, a, id, cortege.PetitionAnswered, func(q *store.Q, p *cortege.Petition) error {
		p.Answer = answer
		if err := p.Validate(); err != nil {
			return err
		}
		if p.Answer == "" {
			return cortege.Invalid("answer", "err.petition.answer.required")
		}
		p.AnsweredAt = p.UpdatedAt
		if p.ClosedAt.IsZero() {
			p.ClosedAt = p.UpdatedAt
		}
		return s.enqueuePetitionFanout(ctx, q, p.ID)
	})
}

// ClosePetitionsDue writes the closed state of the petitions whose end
// date has passed (pages already show them closed: StateAt); a job runs
// it every few minutes.
func (s *Service) ClosePetitionsDue(ctx context.Context) error {
	_, err := s.db.Q().ClosePetitionsDue(ctx, s.now())
	return err
}

// MaxPublicSignatures caps one page of PublicSignatures.
const MaxPublicSignatures = 100

// PublicSignatures lists, to anyone who may see the petition, the
// confirmed signatures with a name shown or a comment, newest first, a
// page at a time (before: the cursor returned by the previous page).
func (s *Service) PublicSignatures(ctx context.Context, a cortege.Actor, petitionID, before string, limit int) ([]cortege.PublicSignature, string, error) {
	if limit <= 0 || limit > MaxPublicSignatures {
		limit = MaxPublicSignatures
	}
	q := s.db.Q()
	if _, _, err := s.loadPetition(ctx, q, a, petitionID); err != nil {
		return nil, "", err
	}
	return q.PublicSignatures(ctx, petitionID, before, limit)
}

// MyPetitions lists the petitions the actor organises, newest first.
func (s *Service) MyPetitions(ctx context.Context, a cortege.Actor, limit int) ([]*cortege.Petition, error) {
	if err := requireProfile(a); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	return s.db.Q().PetitionsOrganisedBy(ctx, a.Profile.ID, limit)
}
