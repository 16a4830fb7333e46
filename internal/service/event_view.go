package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// EventView is an event as one viewer may see it. Event is already
// redacted: the exact place, coordinates and online link are removed
// unless the viewer is an organiser or an approved participant, so the
// HTML page, the API and the calendar built from it cannot leak them.
type EventView struct {
	Event  *cortege.Event
	Viewer cortege.EventViewer
	// PlaceHidden and OnlineHidden say a detail exists but is shown after
	// approval.
	PlaceHidden  bool
	OnlineHidden bool
	Creator      *cortege.Profile // nil for an event created without an account
	Organisers   []OrganiserView
	Counts       *cortege.ParticipantCounts // nil when hidden from the viewer
	Changes      []*cortege.EventChange
	Questions    []*cortege.Question
	Mine         *cortege.Participation // the viewer's registration, nil when none
	Series       *cortege.Series
	CanEdit      bool
	CanJoin      bool
	CanComment   bool
	URL          string
	ICSURL       string
	// Conduct holds the codes of conduct participants are asked to respect:
	// the event's own, or its organising groups' (cortege.ConductOf).
	Conduct cortege.EventConduct
	// CanReport: signed in and not an organiser (organisers edit, unpublish
	// or cancel their event rather than report it).
	CanReport bool
	// CreatorDeleted: the creating profile was erased with its account
	// (Creator is then nil); pages say "deleted profile".
	CreatorDeleted bool
	// Full: every seat is held, so joining puts one on the waiting list
	// (said even when the figures are hidden: joining would tell anyway).
	Full bool
	// WaitlistRank is the viewer's place on the waiting list (1: next to
	// get a seat), 0 when not waitlisted.
	WaitlistRank int
}

// OrganiserView is a group organising (or invited to co-organise) an event.
type OrganiserView struct {
	Group  *cortege.Group
	Status string
}

// Event returns the event ref names as the actor may see it.
func (s *Service) Event(ctx context.Context, a cortege.Actor, ref EventRef) (*EventView, error) {
	q := s.db.Q()
	e, v, p, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	return s.eventView(ctx, q, e, v, p)
}

func (s *Service) eventView(ctx context.Context, q *store.Q, e *cortege.Event, v cortege.EventViewer, p *store.Participant) (*EventView, error) {
	now := s.now()
	r := e.Redacted(v)
	ev := &EventView{
		Event: r, Viewer: v,
		PlaceHidden:  e.Place != "" && r.Place == "",
		OnlineHidden: e.OnlineURL != "" && r.OnlineURL == "",
		CanEdit:      e.CanEditEvent(v),
		CanComment:   e.CanComment(v),
		CanReport:    v.SignedIn && !v.Organiser,
		URL:          s.eventURL(e.ID),
		ICSURL:       s.eventURL(e.ID) + ".ics",
	}
	ev.CanJoin = cortege.CanJoin(e, now, v.Status == cortege.PartInvited || v.Organiser && v.SignedIn) == nil && (v.Status == "" || v.Status == cortege.PartCancelled || v.Status == cortege.PartInvited)
	if p != nil {
		ev.Mine = p.Participation
	}
	if e.CreatedBy != "" {
		if c, err := q.ProfileByID(ctx, e.CreatedBy); err == nil && !c.Deleted {
			ev.Creator = c
			if !v.Admin {
				ev.Creator = c.Masked()
			}
		} else if err == nil {
			ev.CreatorDeleted = true
		}
	}
	orgs, err := q.EventOrganizers(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	gids := make([]string, 0, len(orgs))
	for _, o := range orgs {
		gids = append(gids, o.GroupID)
	}
	groups, err := q.GroupsByIDs(ctx, gids) // one statement, however many co-organisers
	if err != nil {
		return nil, err
	}
	var organising []*cortege.Group
	for _, o := range orgs {
		if o.Status != cortege.OrganiserAccepted && !v.Organiser {
			continue
		}
		g := groups[o.GroupID]
		if g == nil {
			continue
		}
		ev.Organisers = append(ev.Organisers, OrganiserView{Group: g, Status: o.Status})
		if o.Status == cortege.OrganiserAccepted {
			organising = append(organising, g)
		}
	}
	if ev.Conduct, err = conductOf(ctx, q, e, organising); err != nil {
		return nil, err
	}
	if e.CountVisibleTo(v) {
		c, err := s.counts(ctx, q, e.ID)
		if err != nil {
			return nil, err
		}
		ev.Counts = &c
	}
	if ev.Changes, err = q.EventChanges(ctx, e.ID); err != nil {
		return nil, err
	}
	ev.Changes = redactChanges(ev.Changes, e, v)
	if ev.Questions, err = q.Questions(ctx, e.ID); err != nil {
		return nil, err
	}
	if err := s.waitlistView(ctx, q, e, ev); err != nil {
		return nil, err
	}
	if e.SeriesID != "" {
		if ser, err := q.SeriesByID(ctx, e.SeriesID); err == nil {
			ev.Series = ser
		}
	}
	return ev, nil
}

// redactChanges removes from the changes what v may not read (see
// Event.ChangeFor).
func redactChanges(cs []*cortege.EventChange, e *cortege.Event, v cortege.EventViewer) []*cortege.EventChange {
	out := make([]*cortege.EventChange, 0, len(cs))
	for _, c := range cs {
		x := e.ChangeFor(*c, v)
		out = append(out, &x)
	}
	return out
}

func (s *Service) counts(ctx context.Context, q *store.Q, eventID string) (cortege.ParticipantCounts, error) {
	m, err := q.CountParticipations(ctx, eventID)
	if err != nil {
		return cortege.ParticipantCounts{}, err
	}
	c := cortege.ParticipantCounts{
		Approved:   m[cortege.PartApproved] + m[cortege.PartAttended],
		Attended:   m[cortege.PartAttended],
		Pending:    m[cortege.PartPending],
		Waitlisted: m[cortege.PartWaitlisted],
	}
	c.Registered = c.Approved + c.Pending + c.Waitlisted
	return c, nil
}

// AddGroupOrganiser makes a group an organiser of an event: the actor
// organises the event and administers or moderates the group.
func (s *Service) AddGroupOrganiser(ctx context.Context, a cortege.Actor, ref EventRef, groupID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if err := s.requireGroupOrganiser(ctx, q, a, groupID); cortege.IsNotFound(err) || cortege.ErrorCode(err) == cortege.EFORBIDDEN {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.organiser.not_moderator")
		} else if err != nil {
			return err
		}
		if err := q.AddEventOrganizer(ctx, &cortege.EventOrganiser{EventID: e.ID, GroupID: groupID, Status: cortege.OrganiserAccepted, InvitedBy: a.Profile.ID, CreatedAt: s.now()}); err != nil {
			return err
		}
		return q.SetEventOrganizerStatus(ctx, e.ID, groupID, cortege.OrganiserAccepted)
	})
}

// InviteCoOrganiser invites another group to co-organise an event; its
// administrators accept or decline (AnswerCoOrganiser).
func (s *Service) InviteCoOrganiser(ctx context.Context, a cortege.Actor, ref EventRef, groupID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		g, err := q.GroupByID(ctx, groupID)
		if err != nil {
			return err
		}
		by, byName := "", ""
		if a.Profile != nil {
			by, byName = a.Profile.ID, a.Profile.DisplayName
		}
		if err := q.AddEventOrganizer(ctx, &cortege.EventOrganiser{EventID: e.ID, GroupID: groupID, Status: cortege.OrganiserInvited, InvitedBy: by, CreatedAt: s.now()}); err != nil {
			return err
		}
		// Tell the group's administrators, who alone can answer.
		admins, err := q.GroupProfilesWithRole(ctx, groupID, cortege.GroupAdmin)
		if err != nil {
			return err
		}
		for _, pid := range admins {
			n := notice{ProfileID: pid, Kind: cortege.NotifyCoOrganise, Group: g.Name, Actor: byName, Subject: e.Title, Path: coOrganisePath}
			if err := queueNotice(ctx, q, n, e.ID+":"+groupID); err != nil {
				return err
			}
		}
		return nil
	})
}

// CoOrganiserInvitations lists the events a group is invited to
// co-organise; its administrators only.
func (s *Service) CoOrganiserInvitations(ctx context.Context, a cortege.Actor, groupID string) ([]*cortege.Event, error) {
	q := s.db.Q()
	if err := s.requireGroupAdmin(ctx, q, a, groupID); err != nil {
		return nil, err
	}
	invs, err := q.EventInvitationsForGroup(ctx, groupID)
	if err != nil {
		return nil, err
	}
	var out []*cortege.Event
	for _, inv := range invs {
		if e, err := q.EventByID(ctx, inv.EventID); err == nil {
			out = append(out, e.Redacted(cortege.EventViewer{}))
		}
	}
	return out, nil
}

// AnswerCoOrganiser accepts or declines an invitation to co-organise an
// event; the group's administrators only.
func (s *Service) AnswerCoOrganiser(ctx context.Context, a cortege.Actor, eventID, groupID string, accept bool) error {
	return s.inTx(ctx, func(q *store.Q) error {
		if err := s.requireGroupAdmin(ctx, q, a, groupID); err != nil {
			return err
		}
		orgs, err := q.EventOrganizers(ctx, eventID)
		if err != nil {
			return err
		}
		for _, o := range orgs {
			if o.GroupID == groupID && o.Status == cortege.OrganiserInvited {
				if accept {
					return q.SetEventOrganizerStatus(ctx, eventID, groupID, cortege.OrganiserAccepted)
				}
				return q.RemoveEventOrganizer(ctx, eventID, groupID)
			}
		}
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	})
}

// RemoveGroupOrganiser takes a group off an event's organisers: the
// event's organisers, or the group's administrators.
func (s *Service) RemoveGroupOrganiser(ctx context.Context, a cortege.Actor, ref EventRef, groupID string) error {
	return s.inTx(ctx, func(q *store.Q) error {
		e, err := s.organiserToRemove(ctx, q, a, ref, groupID)
		if err != nil {
			return err
		}
		return q.RemoveEventOrganizer(ctx, e.ID, groupID)
	})
}

// MayRemoveGroupOrganiser answers nil when the actor may take the group
// off the event's organisers, else RemoveGroupOrganiser's error; it
// changes nothing (the page that asks to confirm).
func (s *Service) MayRemoveGroupOrganiser(ctx context.Context, a cortege.Actor, ref EventRef, groupID string) error {
	_, err := s.organiserToRemove(ctx, s.db.Q(), a, ref, groupID)
	return err
}

// organiserToRemove checks the actor may remove the group, one of the
// event's organisers (invited or accepted), and returns the event.
func (s *Service) organiserToRemove(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef, groupID string) (*cortege.Event, error) {
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	if !v.Organiser {
		if err := s.requireGroupAdmin(ctx, q, a, groupID); err != nil {
			return nil, err
		}
	}
	orgs, err := q.EventOrganizers(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range orgs {
		if o.GroupID == groupID {
			return e, nil
		}
	}
	return nil, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
}

func (s *Service) requireGroupAdmin(ctx context.Context, q *store.Q, a cortege.Actor, groupID string) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	if a.Profile == nil {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	role, err := q.MembershipRole(ctx, groupID, a.Profile.ID)
	if err != nil && !cortege.IsNotFound(err) {
		return err
	}
	if role != cortege.GroupAdmin {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return nil
}

// EventChanges lists the recorded changes of an event the actor may see.
func (s *Service) EventChanges(ctx context.Context, a cortege.Actor, ref EventRef) ([]*cortege.EventChange, error) {
	v, err := s.Event(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	return v.Changes, nil
}

// localTime formats an instant in a zone for mails and pages: RFC 3339
// with the zone's offset.
func localTime(t time.Time, tz string) string {
	loc, err := cortege.LoadLocation(tz)
	if err != nil {
		loc = time.UTC
	}
	return t.In(loc).Format(time.RFC3339)
}
