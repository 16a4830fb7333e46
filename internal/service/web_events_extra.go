package service

import (
	"context"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// FormatWhen writes an event's dates in its own zone, in lang ("samedi 3
// mai 2026, 19:00 – 21:00 (Europe/Paris)"), as mails do.
func FormatWhen(lang string, e *cortege.Event) string { return formatWhen(lang, e) }

// FormatChange writes a recorded change value (a time as a day and an
// hour, anything else as it is), as mails do.
func FormatChange(lang, v string) string { return formatChange(lang, v) }

// CheckInParticipant marks one approved participant as attended from the
// organisers' list (the one-tap "arrived" of the check-in page, for people
// who lost their ticket); organisers only. A participant already checked in
// is reported with Already.
func (s *Service) CheckInParticipant(ctx context.Context, a cortege.Actor, ref EventRef, participationID string) (*CheckInResult, error) {
	var out *CheckInResult
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		p, err := q.ParticipationByID(ctx, participationID)
		if cortege.IsNotFound(err) || err == nil && p.EventID != e.ID {
			return cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
		}
		if err != nil {
			return err
		}
		out, err = s.markAttended(ctx, q, e.ID, p)
		return err
	})
	return out, err
}

// KnownPlace finds coordinates for a place name the instance already knows
// (no geocoding service is ever called): the town of listed events, or
// the address of listed groups, that contains the folded name. It returns
// the average position of what matched, ok false when nothing did.
func (s *Service) KnownPlace(ctx context.Context, name string) (lat, lon float64, ok bool) {
	folded := cortege.NormalizeSearch(name)
	if folded == "" || len(folded) > 200 {
		return 0, 0, false
	}
	q := s.db.Q()
	var n int
	add := func(la, lo float64) { lat, lon, n = lat+la, lon+lo, n+1 }
	evs, err := q.SearchEvents(ctx, store.EventFilter{From: s.now().Add(-365 * 24 * time.Hour), Terms: searchTerms(name), Limit: 200})
	if err == nil {
		for _, e := range evs {
			r := e.Redacted(cortege.EventViewer{})
			if r.HasCoords && strings.Contains(cortege.NormalizeSearch(r.PlaceArea), folded) {
				add(r.Lat, r.Lon)
			}
		}
	}
	if n == 0 {
		gs, err := q.SearchGroups(ctx, "", strings.Join(strings.Fields(folded), "%"), 100, 0)
		if err == nil {
			for _, g := range gs {
				if g.HasCoords && strings.Contains(cortege.NormalizeSearch(g.Address), folded) {
					add(g.Lat, g.Lon)
				}
			}
		}
	}
	if n == 0 {
		return 0, 0, false
	}
	return lat / float64(n), lon / float64(n), true
}

// OrganisableGroups lists the groups the actor's profile administers or
// moderates, so may make organise an event.
func (s *Service) OrganisableGroups(ctx context.Context, a cortege.Actor) ([]*cortege.Group, error) {
	return s.myGroups(ctx, a, func(g *cortege.Group, role string) bool { return g.Can(role, cortege.ActPublishEvent) })
}

// AdministeredGroups lists the groups the actor administers: the groups
// whose invitations to co-organise an event it may answer.
func (s *Service) AdministeredGroups(ctx context.Context, a cortege.Actor) ([]*cortege.Group, error) {
	return s.myGroups(ctx, a, func(_ *cortege.Group, role string) bool { return role == cortege.GroupAdmin })
}

// myGroups lists the groups where the actor's profile holds an active role
// that keep accepts; none for a visitor.
func (s *Service) myGroups(ctx context.Context, a cortege.Actor, keep func(g *cortege.Group, role string) bool) ([]*cortege.Group, error) {
	if !a.SignedIn() || a.Profile == nil {
		return nil, nil
	}
	mine, err := s.db.Q().MembershipsByProfile(ctx, a.Profile.ID)
	if err != nil {
		return nil, err
	}
	var out []*cortege.Group
	for _, m := range mine {
		if m.Group != nil && keep(m.Group, m.Membership.ActiveRole()) {
			out = append(out, m.Group)
		}
	}
	return out, nil
}

// CheckUnsubscribeLink reports whether an event mail's unsubscribe link is
// genuine, without using it (the GET of the link shows a button).
func (s *Service) CheckUnsubscribeLink(ctx context.Context, participationID, token string) error {
	if !cortege.ValidTokenShape(token) || !s.checkLinkToken(ctx, s.db.Q(), "unsubscribe", participationID, token) {
		return cortege.Invalid("token", "err.token.invalid")
	}
	return nil
}
