package service

import (
	"context"
	"crypto/sha256"

	qrcode "github.com/skip2/go-qrcode"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// ticketCode derives a participation's ticket code from the instance's
// link key: the same code on the page, in the mail and in the QR code,
// while the database keeps only its hash.
func (s *Service) ticketCode(ctx context.Context, q *store.Q, participationID string) (string, error) {
	tok, err := s.linkToken(ctx, q, "ticket", participationID)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(tok))
	return cortege.TicketCode(sum[:]), nil
}

// Ticket is what an admitted participant shows at the door.
type Ticket struct {
	Code  string // "ABCDE-FGHJK"
	QRPNG []byte // the code as a QR image
}

// MyTicket returns the actor's ticket for an event; only approved (or
// attended) participants of a ticketed event (not online-only) have one.
func (s *Service) MyTicket(ctx context.Context, a cortege.Actor, ref EventRef) (*Ticket, error) {
	if err := requireSignedIn(a); err != nil {
		return nil, err
	}
	q := s.db.Q()
	e, _, mine, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	if mine == nil || !mine.Admitted() || !e.Ticketed() {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.ticket.not_found")
	}
	return s.ticket(ctx, q, mine.ID)
}

// TicketByCancelToken returns the ticket of a registration without an
// account, from the private link in its mails.
func (s *Service) TicketByCancelToken(ctx context.Context, token string) (*Ticket, error) {
	q := s.db.Q()
	p, err := s.participationByCancel(ctx, q, token)
	if err != nil {
		return nil, err
	}
	if !p.Admitted() {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.ticket.not_found")
	}
	e, err := q.EventByID(ctx, p.EventID)
	if err != nil {
		return nil, err
	}
	if !e.Ticketed() {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.ticket.not_found")
	}
	return s.ticket(ctx, q, p.ID)
}

func (s *Service) ticket(ctx context.Context, q *store.Q, participationID string) (*Ticket, error) {
	code, err := s.ticketCode(ctx, q, participationID)
	if err != nil {
		return nil, err
	}
	png, err := qrcode.Encode(code, qrcode.Medium, 256)
	if err != nil {
		return nil, err
	}
	return &Ticket{Code: cortege.FormatTicketCode(code), QRPNG: png}, nil
}

// CheckInResult says who was checked in, or why not.
type CheckInResult struct {
	Participant ParticipantView
	// Already is true when the ticket had been used before: the person is
	// shown, nothing changes.
	Already bool
	// OffDay is true when the check-in happened outside the event's day
	// (see cortege.Event.CheckInExpected): it counts, but the organiser
	// is warned, who may have opened the wrong occurrence of a series.
	OffDay bool
	Counts cortege.ParticipantCounts
}

// CheckInOffDay reports whether checking people in for e now would be
// outside its day, so the door page warns before anyone is scanned.
func (s *Service) CheckInOffDay(e *cortege.Event) bool { return !e.CheckInExpected(s.now()) }

// checkInAllowed refuses the check-in of a cancelled event: nobody should
// be let in to something that was called off.
func checkInAllowed(e *cortege.Event) error {
	if e.Cancelled() {
		return cortege.Errorf(cortege.ECONFLICT, "err.checkin.cancelled")
	}
	return nil
}

// CheckIn marks the holder of a ticket code as attended; organisers only.
// The code may be typed (case, dashes and look-alike letters forgiven) or
// read from the QR code. A code that is not an admitted ticket of this
// event is EINVALID on field "code"; a cancelled event is ECONFLICT.
func (s *Service) CheckIn(ctx context.Context, a cortege.Actor, ref EventRef, code string) (*CheckInResult, error) {
	var out *CheckInResult
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		norm, ok := cortege.NormalizeTicketCode(code)
		if !ok {
			return cortege.Invalid("code", "err.ticket.invalid")
		}
		if err := checkInAllowed(e); err != nil {
			return err
		}
		p, err := q.ParticipationByTicket(ctx, e.ID, cortege.HashToken(norm))
		if cortege.IsNotFound(err) {
			return cortege.Invalid("code", "err.ticket.invalid")
		}
		if err != nil {
			return err
		}
		out, err = s.markAttended(ctx, q, e, p)
		return err
	})
	return out, err
}

// markAttended checks an admitted participant in (once: a second time is
// reported with Already) and returns the new counts; people not admitted
// are refused.
func (s *Service) markAttended(ctx context.Context, q *store.Q, e *cortege.Event, p *store.Participant) (*CheckInResult, error) {
	out := &CheckInResult{OffDay: s.CheckInOffDay(e)}
	switch p.Status {
	case cortege.PartAttended:
		out.Already = true
	case cortege.PartApproved:
		now := s.now()
		if _, err := q.CheckIn(ctx, p.ID, now); err != nil {
			return nil, err
		}
		p.Status, p.CheckedInAt = cortege.PartAttended, now
	default:
		return nil, cortege.Invalid("code", "err.ticket.not_admitted")
	}
	out.Participant = ParticipantView{ID: p.ID, Name: p.DisplayName, Handle: p.Handle, Anonymous: p.Anonymous(), Status: p.Status, TicketShort: p.TicketShort, CheckedInAt: p.CheckedInAt}
	var err error
	out.Counts, err = s.counts(ctx, q, e.ID)
	return out, err
}

// Counts returns registered / approved / attended figures for organisers,
// so they know their real no-show rate.
func (s *Service) Counts(ctx context.Context, a cortege.Actor, ref EventRef) (cortege.ParticipantCounts, error) {
	q := s.db.Q()
	e, _, err := s.loadManaged(ctx, q, a, ref)
	if err != nil {
		return cortege.ParticipantCounts{}, err
	}
	return s.counts(ctx, q, e.ID)
}

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
		if err := checkInAllowed(e); err != nil {
			return err
		}
		p, err := q.ParticipationByID(ctx, participationID)
		if cortege.IsNotFound(err) || err == nil && p.EventID != e.ID {
			return cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
		}
		if err != nil {
			return err
		}
		out, err = s.markAttended(ctx, q, e, p)
		return err
	})
	return out, err
}
