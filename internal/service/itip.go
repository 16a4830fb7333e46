package service

import (
	"context"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/ics"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// loadCancelReason fills e.CancelReason from the store when e is
// cancelled and the reason was not loaded yet.
func loadCancelReason(ctx context.Context, q *store.Q, e *cortege.Event) error {
	if !e.Cancelled() || e.CancelReason != "" {
		return nil
	}
	r, err := q.CancelReason(ctx, e.ID)
	e.CancelReason = r
	return err
}

// withCancelReason puts the reason of a cancelled event in its calendar
// entry: as COMMENT (where iTIP puts it) and at the top of DESCRIPTION
// (what calendar programs show).
func withCancelReason(ctx context.Context, q *store.Q, e *cortege.Event, ie *ics.Event) error {
	if err := loadCancelReason(ctx, q, e); err != nil || e.CancelReason == "" {
		return err
	}
	ie.Comment = e.CancelReason
	ie.Description = strings.TrimSpace(e.CancelReason + "\n\n" + ie.Description)
	return nil
}

// mailCalendar is the iTIP message (RFC 5546) a mail about r carries,
// r being already redacted for its recipient to: the same UID as the
// feeds and downloads, the event's current SEQUENCE, and an ORGANIZER
// that is the mail's sender (the instance's address, named after the
// organiser), since mail programs match a notice with the mailbox it
// comes from. PUBLISH (an invitation to add) names no attendee; CANCEL
// names its recipient, the one person it is sent to: listing everyone,
// as the RFC suggests for a whole cancellation, would give every
// participant's address to each of them.
func (s *Service) mailCalendar(ctx context.Context, q *store.Q, r *cortege.Event, method string, to mail.Address) ([]byte, error) {
	cal, err := s.calendar(ctx, q, "", []*cortege.Event{r})
	if err != nil {
		return nil, err
	}
	cal.Method = method
	from := s.from(ctx)
	for i := range cal.Events {
		ie := &cal.Events[i]
		if ie.OrganizerName == "" {
			ie.OrganizerName = from.Name
		}
		ie.OrganizerEmail = from.Email
		if method == ics.MethodCancel {
			ie.Status = ics.StatusCancelled
			ie.Attendees = []ics.Attendee{{Name: to.Name, Email: to.Email}}
		}
	}
	return ics.Marshal(cal)
}
