package service

import (
	"context"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// identityPerHour caps choices at the identity step (each tries a handle).
const identityPerHour = 30

// requirePublisher is requireProfile for use cases that publish something
// under the actor's profile: the account must have chosen its public name.
func requirePublisher(a cortege.Actor) error {
	if err := requireProfile(a); err != nil {
		return err
	}
	return cortege.RequireIdentity(a)
}

// IdentityStep is what the step "choose how you appear" shows: the first
// profile as it stands, what to prefill, and a fresh neutral suggestion.
type IdentityStep struct {
	Profile *cortege.Profile
	// Legacy: the handle was made from the address by an older version;
	// the person may keep it or take another.
	Legacy bool
	// Name is the name to prefill: empty while it is only the suggested
	// handle or the address's local part.
	Name string
	// Suggestion is another neutral handle, free when the page was made.
	Suggestion string
}

// Identity returns the identity step of the actor's account. It works once
// the name is chosen too (the page then only confirms it).
func (s *Service) Identity(ctx context.Context, a cortege.Actor) (*IdentityStep, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	p, err := s.firstProfile(ctx, q, a.Account)
	if err != nil {
		return nil, err
	}
	st := &IdentityStep{Profile: p, Legacy: a.Account.Identity == cortege.IdentityLegacy, Name: p.DisplayName}
	if p.DisplayName == p.Handle || cortege.NameFromAddress(p.DisplayName, a.Account.Email) {
		st.Name = ""
	}
	if st.Suggestion, err = s.suggestHandle(ctx, q, a.Account.Lang); err != nil {
		return nil, err
	}
	return st, nil
}

// IdentityInput is what the person chooses: the public name others see
// and the handle of their address (@handle).
type IdentityInput struct {
	DisplayName string
	Handle      string
}

// ChooseIdentity sets the public name and handle of the actor's first
// profile and lets the account publish. Keeping the current handle is a
// choice too. A taken handle is ECONFLICT on field "handle" (see
// HandleNear for one to offer instead). Once chosen, the handle stays (it
// is how others find and mention the person); the name can change in the
// profile's settings.
func (s *Service) ChooseIdentity(ctx context.Context, a cortege.Actor, in IdentityInput) (*cortege.Profile, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	if !a.Account.NeedsIdentity() {
		return nil, &cortege.Error{Code: cortege.ECONFLICT, Field: "handle", Message: "err.identity.chosen"}
	}
	if err := s.limit(ctx, "identity:"+a.Account.ID, identityPerHour, time.Hour); err != nil {
		return nil, err
	}
	var out *cortege.Profile
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.firstProfile(ctx, q, a.Account)
		if err != nil {
			return err
		}
		next := *p
		next.Handle, next.DisplayName = in.Handle, in.DisplayName
		if err := next.Validate(); err != nil {
			return err
		}
		release := a.Account.Identity == cortege.IdentityNew
		if err := q.RenameProfile(ctx, p.ID, p.Handle, next.Handle, next.DisplayName, release); err != nil {
			return err
		}
		out = &next
		return q.SetAccountIdentity(ctx, a.Account.ID, cortege.IdentityChosen)
	})
	if err != nil {
		return nil, err
	}
	a.Account.Identity = cortege.IdentityChosen
	if a.Profile != nil && a.Profile.ID == out.ID {
		*a.Profile = *out
	}
	return out, nil
}

// HandleNear returns a free handle close to a taken or reserved one
// ("marie" → "marie_2"), to offer when the one typed cannot be had; "" when
// the text holds too little of a handle.
func (s *Service) HandleNear(ctx context.Context, handle string) (string, error) {
	base := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(handle), "@"))
	if _, err := cortege.NormalizeHandle(base); err != nil && cortege.ErrorOf(err).Message != "err.handle.reserved" {
		return "", nil
	}
	if len(base) > cortege.MaxHandleLen-4 {
		base = base[:cortege.MaxHandleLen-4]
	}
	q := s.db.Q()
	for i := 2; i < 1000; i++ {
		h := base + "_" + itoa(i)
		if _, err := cortege.NormalizeHandle(h); err != nil {
			continue
		}
		taken, err := q.HandleTaken(ctx, h)
		if err != nil {
			return "", err
		}
		if !taken {
			return h, nil
		}
	}
	return "", nil
}

// suggestHandle returns a free neutral handle in lang, with a longer
// number each time short ones keep being taken.
func (s *Service) suggestHandle(ctx context.Context, q *store.Q, lang string) (string, error) {
	for i := 0; i < 40; i++ {
		h := cortege.SuggestHandle(lang, 2+i/8)
		taken, err := q.HandleTaken(ctx, h)
		if err != nil {
			return "", err
		}
		if !taken {
			return h, nil
		}
	}
	return "", cortege.Errorf(cortege.ECONFLICT, "err.handle.taken")
}

// firstProfile is the profile the identity step is about: the account's
// default one (its first, unless the person chose another).
func (s *Service) firstProfile(ctx context.Context, q *store.Q, acc *cortege.Account) (*cortege.Profile, error) {
	p, err := s.actingProfile(ctx, q, acc, acc.DefaultProfileID)
	if err == nil && p == nil {
		err = cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
	}
	return p, err
}

// settleIdentity decides, once, where an account made before the identity
// step stands: asked to choose when its first profile's handle is what the
// old rule derived from its address, chosen otherwise. p is the acting
// profile when known (saves a read when it is the first one).
func (s *Service) settleIdentity(ctx context.Context, q *store.Q, acc *cortege.Account, p *cortege.Profile) error {
	if acc.Identity != cortege.IdentityUnchecked {
		return nil
	}
	if p == nil || p.ID != acc.DefaultProfileID {
		var err error
		if p, err = s.actingProfile(ctx, q, acc, acc.DefaultProfileID); err != nil {
			return err
		}
	}
	state := cortege.IdentityChosen
	if p != nil && cortege.HandleFromAddress(p.Handle, acc.Email) {
		state = cortege.IdentityLegacy
	}
	if err := q.SetAccountIdentity(ctx, acc.ID, state); err != nil {
		return err
	}
	acc.Identity = state
	return nil
}
