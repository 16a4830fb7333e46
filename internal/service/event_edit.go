package service

import (
	"context"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// EventScope says which occurrences of a series an edit or a cancellation
// touches.
type EventScope int

// Scopes of an edit.
const (
	ScopeThis      EventScope = iota // this occurrence only (or a single event)
	ScopeFollowing                   // this occurrence and all following ones
)

// UpdateEvent saves the organisers' edit. Changes of date, time or place
// (a "to be announced" place or link filled in included) are recorded,
// raise the calendar SEQUENCE and are told to participants.
func (s *Service) UpdateEvent(ctx context.Context, a cortege.Actor, ref EventRef, in EventInput, scope EventScope) (*cortege.Event, error) {
	now := s.now()
	// Organisers only, before anything of the input is looked at (and
	// before any upload is decoded).
	old, _, err := s.loadManaged(ctx, s.db.Q(), a, ref)
	if err != nil {
		return nil, err
	}
	if err := s.locateEvent(ctx, &in, old); err != nil {
		return nil, err
	}
	var picture string
	if in.Picture != nil {
		name, err := s.saveImage(ctx, a, in.Picture, "picture", photoUploadMaxSide, VariantCard)
		if err != nil {
			return nil, err
		}
		picture = name
	}
	if err := validateQuestions(in.Questions, now); err != nil {
		return nil, err
	}
	var out *cortege.Event
	err = s.inTx(ctx, func(q *store.Q) error {
		e, v, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if err := q.LockEvent(ctx, e.ID); err != nil {
			return err
		}
		before := *e
		status := e.Status
		applyInput(e, in)
		if in.Status == cortege.EventCancelled && status != cortege.EventCancelled {
			return cortege.Invalid("status", "err.event.cancel_with_cancel")
		}
		if status == cortege.EventCancelled {
			e.Status = cortege.EventCancelled
		}
		e.Published = in.Publish
		switch {
		case picture != "":
			e.Picture = picture
		case in.NoPicture:
			e.Picture = ""
		}
		if err := e.Validate(); err != nil {
			return err
		}
		if c, err := eventConduct(ctx, q, e); err != nil {
			return err
		} else if err := checkConductRequired(c, e); err != nil {
			return err
		}
		if in.Questions != nil {
			if err := q.ReplaceQuestions(ctx, e.ID, in.Questions); err != nil {
				return err
			}
		}
		if err := s.saveEdit(ctx, q, v, a, &before, e, now); err != nil {
			return err
		}
		if scope == ScopeFollowing && e.SeriesID != "" {
			if err := s.editFollowing(ctx, q, v, a, &before, e, now); err != nil {
				return err
			}
		}
		// More seats may let the waiting list move up.
		if e.Capacity != before.Capacity || e.JoinMode != before.JoinMode {
			if err := s.promote(ctx, q, e); err != nil {
				return err
			}
		}
		out = e
		return nil
	})
	if err == nil && out.Picture != old.Picture {
		s.releaseUploads(ctx, old.Picture) // replaced or removed
	}
	return out, err
}

// saveEdit stores e edited from before, recording the changes and telling
// participants about them.
func (s *Service) saveEdit(ctx context.Context, q *store.Q, v cortege.EventViewer, a cortege.Actor, before, e *cortege.Event, now time.Time) error {
	changes := cortege.Changes(before, e)
	if cortege.Significant(changes) || e.Title != before.Title || e.Description != before.Description {
		e.Sequence++
	}
	e.UpdatedAt = now
	if err := q.UpdateEvent(ctx, e); err != nil {
		return err
	}
	if len(changes) == 0 {
		return nil
	}
	by := ""
	if a.Profile != nil {
		by = a.Profile.ID
	}
	for i := range changes {
		c := &changes[i]
		c.ID, c.ByProfile, c.At = cortege.NewID(now), by, now
		if err := q.AddEventChange(ctx, c); err != nil {
			return err
		}
	}
	if !e.Published || !e.Confirmed {
		return nil
	}
	return s.notifyParticipants(ctx, q, e, mail.EventMailChanged, eventMail{ChangeSeq: e.Sequence, Changes: changes}, registered)
}

// SetPublished publishes a draft or takes an event back to draft.
func (s *Service) SetPublished(ctx context.Context, a cortege.Actor, ref EventRef, published bool) (*cortege.Event, error) {
	var out *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		e.Published, e.UpdatedAt = published, s.now()
		out = e
		return q.UpdateEvent(ctx, e)
	})
	return out, err
}

// CancelEvent calls an event off, with the organisers' reason (Markdown,
// may be empty). It stays visible, marked cancelled with its history and
// the reason, and everyone registered is told once, checked-in people
// included (even those who turned off updates), with a calendar notice
// that drops it from their calendar. With ScopeFollowing, the following
// occurrences of its series are cancelled too (one notice each, since
// each is its own calendar entry) and no more are generated.
func (s *Service) CancelEvent(ctx context.Context, a cortege.Actor, ref EventRef, scope EventScope, reason string) (*cortege.Event, error) {
	now := s.now()
	var out *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if reason, err = cortege.CheckCancelReason(reason); err != nil {
			return err
		}
		targets := []*cortege.Event{e}
		if scope == ScopeFollowing && e.SeriesID != "" {
			more, err := q.EventsInSeries(ctx, e.SeriesID, e.Occurrence+1)
			if err != nil {
				return err
			}
			targets = append(targets, more...)
			ser, err := q.SeriesByID(ctx, e.SeriesID)
			if err != nil {
				return err
			}
			ser.Until = e.Start.Add(-time.Second)
			if err := q.UpdateSeries(ctx, ser); err != nil {
				return err
			}
		}
		for _, t := range targets {
			if t.Cancelled() {
				continue
			}
			if err := s.cancelOne(ctx, q, a, t, reason, now); err != nil {
				return err
			}
		}
		out = e
		return nil
	})
	return out, err
}

func (s *Service) cancelOne(ctx context.Context, q *store.Q, a cortege.Actor, e *cortege.Event, reason string, now time.Time) error {
	before := *e
	e.Status, e.CancelledAt, e.UpdatedAt, e.CancelReason = cortege.EventCancelled, now, now, reason
	e.Sequence++ // above every SEQUENCE sent before, so calendars take the notice
	if err := q.UpdateEvent(ctx, e); err != nil {
		return err
	}
	if reason != "" {
		if err := q.SetCancelReason(ctx, e.ID, reason, now); err != nil {
			return err
		}
	}
	by := ""
	if a.Profile != nil {
		by = a.Profile.ID
	}
	if err := q.AddEventChange(ctx, &cortege.EventChange{ID: cortege.NewID(now), EventID: e.ID, Field: cortege.ChangeStatus, From: before.Status, To: e.Status, ByProfile: by, At: now}); err != nil {
		return err
	}
	if !e.Published || !e.Confirmed {
		return nil
	}
	return s.notifyParticipants(ctx, q, e, mail.EventMailCancelled, eventMail{ChangeSeq: e.Sequence}, func(p *store.Participant) bool {
		return registered(p) || p.Status == cortege.PartInvited
	})
}

// registered selects the people who count on an event and hear of its
// changes: approved, checked in, pending approval or on the waiting list
// (not those who left, were refused or never confirmed their address).
func registered(p *store.Participant) bool {
	switch p.Status {
	case cortege.PartApproved, cortege.PartAttended, cortege.PartPending, cortege.PartWaitlisted:
		return true
	}
	return false
}

// PublishReport publishes (or updates) the after-event report.
func (s *Service) PublishReport(ctx context.Context, a cortege.Actor, ref EventRef, report string) (*cortege.Event, error) {
	var out *cortege.Event
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		e.Report = strings.TrimSpace(report)
		if err := e.Validate(); err != nil {
			return err
		}
		now := s.now()
		if e.ReportAt.IsZero() {
			e.ReportAt = now
		}
		if e.Report == "" {
			e.ReportAt = time.Time{}
		}
		e.UpdatedAt = now
		out = e
		return q.UpdateEvent(ctx, e)
	})
	return out, err
}

// SetCommentsClosed closes or reopens the comments of an event.
func (s *Service) SetCommentsClosed(ctx context.Context, a cortege.Actor, ref EventRef, closed bool) error {
	return s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		e.CommentsClosed, e.UpdatedAt = closed, s.now()
		return q.UpdateEvent(ctx, e)
	})
}

// DeleteEvent removes an event created by mistake; its organisers only,
// and only while nobody is registered (pending, admitted, waiting or
// invited): an event people count on is cancelled instead, so they are
// told and its trace stays.
func (s *Service) DeleteEvent(ctx context.Context, a cortege.Actor, ref EventRef) error {
	var files []string
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		photos, err := q.EventPhotos(ctx, e.ID, true)
		if err != nil {
			return err
		}
		files = []string{e.Picture}
		for _, p := range photos {
			files = append(files, p.File)
		}
		counts, err := q.CountParticipations(ctx, e.ID)
		if err != nil {
			return err
		}
		for status, n := range counts {
			if n > 0 && status != cortege.PartCancelled && status != cortege.PartRefused {
				return cortege.Errorf(cortege.ECONFLICT, "err.event.delete_participants")
			}
		}
		return q.DeleteEvent(ctx, e.ID)
	})
	if err == nil {
		s.releaseUploads(ctx, files...) // its picture and photos
	}
	return err
}
