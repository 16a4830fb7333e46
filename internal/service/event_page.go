package service

import (
	"context"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// seriesNextShown bounds the next occurrences an event's page lists.
const seriesNextShown = 20

// EventPageView is what an event's page shows its actor, read under one
// look-up of the event and of what the actor is to it (the page used to
// load the event again for each of its sections).
type EventPageView struct {
	*EventView
	// Comments is the first page of comments.
	Comments []EventCommentView
	Photos   []*cortege.EventPhoto
	// Participants is set (and ShowParticipants true) when the actor may
	// see them and does not manage them from the organisers' own page.
	Participants     []ParticipantView
	ShowParticipants bool
	// Ticket is the actor's ticket, when they hold a seat of a ticketed
	// event.
	Ticket *Ticket
	// NextOccurrences are the series' next upcoming occurrences the actor
	// may see, at most seriesNextShown.
	NextOccurrences []*cortege.Event
	// Petitions are the petitions (not drafts) the event is linked to
	// (petition_gathering.go).
	Petitions []*cortege.Petition
}

// ShowEvent returns the event ref names and the sections of its page as
// the actor may see them.
func (s *Service) ShowEvent(ctx context.Context, a cortege.Actor, ref EventRef) (*EventPageView, error) {
	q := s.db.Q()
	e, v, p, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	ev, err := s.eventView(ctx, q, e, v, p)
	if err != nil {
		return nil, err
	}
	pg := &EventPageView{EventView: ev}
	if pg.Petitions, err = q.EventPetitions(ctx, e.ID); err != nil {
		return nil, err
	}
	if pg.Comments, err = s.comments(ctx, q, a, e, v, 1); err != nil {
		return nil, err
	}
	if pg.Photos, err = q.EventPhotos(ctx, e.ID, v.Organiser || v.Admin); err != nil {
		return nil, err
	}
	if e.ParticipantsVisibleTo(v) && !ev.CanEdit {
		if pg.Participants, err = s.participants(ctx, q, a, e, v); err != nil {
			return nil, err
		}
		pg.ShowParticipants = true
	}
	if p != nil && p.Admitted() && a.SignedIn() && a.Profile != nil && e.Ticketed() {
		if pg.Ticket, err = s.ticket(ctx, q, p.ID); err != nil && !cortege.IsNotFound(err) {
			return nil, err
		}
	}
	if e.SeriesID != "" {
		if pg.NextOccurrences, err = s.nextOccurrences(ctx, q, a, e); err != nil {
			return nil, err
		}
	}
	return pg, nil
}

// nextOccurrences lists the occurrences of e's series not over yet, but
// e, that a may see, in one statement for the rows and one for what a is to
// them, however long the series.
func (s *Service) nextOccurrences(ctx context.Context, q *store.Q, a cortege.Actor, e *cortege.Event) ([]*cortege.Event, error) {
	now := s.now()
	// One more than a page (e itself), and as many again: some may be
	// hidden from a.
	next, err := q.EventsInSeriesAfter(ctx, e.SeriesID, now, 2*seriesNextShown+1)
	if err != nil {
		return nil, err
	}
	vs, err := s.viewers(ctx, q, a, next)
	if err != nil {
		return nil, err
	}
	var out []*cortege.Event
	for _, o := range next {
		if v := vs[o.ID]; o.ID != e.ID && o.VisibleTo(v) && len(out) < seriesNextShown {
			out = append(out, o.Redacted(v))
		}
	}
	return out, nil
}
