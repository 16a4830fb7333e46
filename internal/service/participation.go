package service

import (
	"context"
	"fmt"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// JoinInput is what a person fills in to register.
type JoinInput struct {
	Answers       []cortege.Answer
	AcceptConduct bool
	// Name, Email and Lang register someone without an account (ignored
	// when the actor is signed in).
	Name  string
	Email string
	Lang  string
	// proven says the address was proven otherwise (a petition's signer
	// joining a linked gathering from their link): the registration is
	// admitted like a confirmed one, without a confirmation link, and
	// registering again returns it as it stands.
	proven bool
}

// JoinEvent registers the actor for an event: with their profile when signed
// in, else anonymously with a name and an address (a confirmation link is
// mailed; no account is created). Free events admit at once while seats
// remain, then put people on the waiting list; events by approval wait for
// an organiser; invitation-only events take only the invited.
func (s *Service) JoinEvent(ctx context.Context, a cortege.Actor, ref EventRef, in JoinInput) (*cortege.Participation, error) {
	now := s.now()
	anonymous := !a.SignedIn() || a.Profile == nil
	if !anonymous {
		if err := cortege.RequireIdentity(a); err != nil {
			return nil, err
		}
	}
	// One transaction, so one durable commit: the limits' counters, the
	// registration and its mail job.
	var out *cortege.Participation
	err := s.inTx(ctx, func(q *store.Q) error {
		e, v, mine, err := s.loadEvent(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if anonymous {
			// The event must be one they may see before what they typed
			// counts. A refused attempt counts nothing: it rolls back.
			p := &cortege.Participation{Name: in.Name, Email: in.Email, Lang: in.Lang}
			if err := p.Validate(); err != nil {
				return err
			}
			in.Name, in.Email, in.Lang = p.Name, p.Email, p.Lang
			if err := s.limitIn(ctx, q, "join:ip:"+a.IP, joinPerIP, joinWindow); err != nil {
				return err
			}
			if err := s.limitIn(ctx, q, "join:email:"+strings.ToLower(in.Email), joinPerEmail, joinWindow); err != nil {
				return err
			}
		}
		if err := q.LockEvent(ctx, e.ID); err != nil {
			return err
		}
		// An organiser may count themselves in, as Meetup counts its hosts:
		// admitted at once, without questions nor code of conduct to accept.
		host := v.Organiser && !anonymous
		if anonymous {
			// The address's registration, refused ones included: asking
			// again must not be a way round the organisers' answer.
			if prev, err := q.ParticipationByEmail(ctx, e.ID, in.Email); err == nil && (prev.Active() || prev.Status == cortege.PartRefused) {
				mine = prev
			} else if err != nil && !cortege.IsNotFound(err) {
				return err
			}
		}
		invited := mine != nil && mine.Status == cortege.PartInvited || host
		if err := cortege.CanJoin(e, now, invited); err != nil {
			return err
		}
		if mine != nil && !anonymous {
			switch mine.Status {
			case cortege.PartRefused:
				return cortege.Errorf(cortege.EFORBIDDEN, "err.participation.refused")
			case cortege.PartCancelled, cortege.PartInvited:
			default:
				return cortege.Errorf(cortege.ECONFLICT, "err.participation.already")
			}
		}
		conduct, err := eventConduct(ctx, q, e)
		if err != nil {
			return err
		}
		if conduct.Required && !in.AcceptConduct && !host {
			return cortege.Invalid("accept_conduct", "err.participation.conduct_required")
		}
		qs, err := q.Questions(ctx, e.ID)
		if err != nil {
			return err
		}
		if host {
			qs = optionalQuestions(qs)
		}
		answers, err := cortege.CheckAnswers(qs, in.Answers)
		if err != nil {
			return err
		}
		if anonymous && mine != nil && mine.Status != cortege.PartInvited {
			// Registering again answers exactly like a first time (checked
			// the same way above): the mail, not the page, tells where the
			// registration stands, with its link and ticket.
			out = mine.Participation
			if in.proven {
				return nil
			}
			return s.resendRegistration(ctx, q, e, mine.Participation)
		}
		pos, err := q.NextPosition(ctx, e.ID)
		if err != nil {
			return err
		}
		status := cortege.PartUnconfirmed
		if !anonymous || in.proven {
			seats, err := q.SeatsTaken(ctx, e.ID)
			if err != nil {
				return err
			}
			status = cortege.Admit(e, seats, invited)
		}
		var p *cortege.Participation
		if mine != nil {
			p = mine.Participation
			p.Status, p.Position, p.Answers, p.ConductAccepted, p.Message, p.UpdatedAt = status, pos, answers, in.AcceptConduct, "", now
			if err := q.UpdateParticipation(ctx, p); err != nil {
				return err
			}
		} else {
			p = &cortege.Participation{ID: cortege.NewID(now), EventID: e.ID, Status: status, Position: pos, Answers: answers,
				ConductAccepted: in.AcceptConduct, Lang: in.Lang, CreatedAt: now, UpdatedAt: now}
			if anonymous {
				p.Name, p.Email = in.Name, in.Email
			} else {
				p.ProfileID, p.Lang = a.Profile.ID, a.Account.Lang
			}
			if err := s.createParticipation(ctx, q, p); err != nil {
				return err
			}
		}
		out = p
		if anonymous && !in.proven {
			return s.enqueueEventMail(ctx, q, eventMail{Kind: mail.EventMailParticipationConfirm, EventID: e.ID, ParticipationID: p.ID}, "event:confirm:"+p.ID)
		}
		return s.afterAdmission(ctx, q, e, p, "")
	})
	return out, err
}

// createParticipation inserts p with the hashes of its link and ticket
// secrets.
func (s *Service) createParticipation(ctx context.Context, q *store.Q, p *cortege.Participation) error {
	var sec store.ParticipationSecrets
	for _, x := range []struct {
		purpose string
		dst     *string
	}{{"confirm", &sec.ConfirmHash}, {"cancel", &sec.CancelHash}} {
		tok, err := s.linkToken(ctx, q, x.purpose, p.ID)
		if err != nil {
			return err
		}
		*x.dst = cortege.HashToken(tok)
	}
	code, err := s.ticketCode(ctx, q, p.ID)
	if err != nil {
		return err
	}
	sec.TicketHash = cortege.HashToken(code)
	p.TicketShort = code[:4]
	return q.CreateParticipation(ctx, p, sec)
}

// afterAdmission tells the person where they stand and the organisers
// that someone registered.
func (s *Service) afterAdmission(ctx context.Context, q *store.Q, e *cortege.Event, p *cortege.Participation, kind string) error {
	if kind == "" {
		switch p.Status {
		case cortege.PartApproved, cortege.PartPending, cortege.PartWaitlisted:
			kind = statusMail(p.Status)
		default:
			return nil
		}
	}
	key := fmt.Sprintf("event:%s:%s:%d", kind, p.ID, p.UpdatedAt.UnixMilli())
	if err := s.enqueueEventMail(ctx, q, eventMail{Kind: kind, EventID: e.ID, ParticipationID: p.ID, Message: p.Message}, key); err != nil {
		return err
	}
	if kind == mail.EventMailJoined || kind == mail.EventMailPending {
		return s.notifyOrganisers(ctx, q, e, p)
	}
	return nil
}

// statusMail is the mail that tells someone their registration's status.
func statusMail(status string) string {
	switch status {
	case cortege.PartUnconfirmed:
		return mail.EventMailParticipationConfirm
	case cortege.PartPending:
		return mail.EventMailPending
	case cortege.PartWaitlisted:
		return mail.EventMailWaitlisted
	case cortege.PartRefused:
		return mail.EventMailRefused
	}
	return mail.EventMailJoined
}

// CheckParticipationLink returns the registration a confirmation link is
// for without confirming it (the GET of an emailed link).
func (s *Service) CheckParticipationLink(ctx context.Context, token string) (*cortege.Participation, *cortege.Event, error) {
	q := s.db.Q()
	p, err := s.participationByLink(ctx, q, confirmHashOf(token))
	if err != nil {
		return nil, nil, err
	}
	e, err := q.EventByID(ctx, p.EventID)
	if err != nil {
		return nil, nil, err
	}
	return p.Participation, e.Redacted(cortege.EventViewer{Status: p.Status}), nil
}

func confirmHashOf(token string) string {
	if !cortege.ValidTokenShape(token) {
		return ""
	}
	return cortege.HashToken(token)
}

func (s *Service) participationByLink(ctx context.Context, q *store.Q, hash string) (*store.Participant, error) {
	if hash == "" {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	p, err := q.ParticipationByConfirmHash(ctx, hash)
	if cortege.IsNotFound(err) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	return p, err
}

// ConfirmParticipation confirms an anonymous registration from the mailed
// link (a POST): the person is admitted, waitlisted or waits for approval
// like anyone else. Confirming twice changes nothing.
func (s *Service) ConfirmParticipation(ctx context.Context, token string) (*cortege.Participation, error) {
	var out *cortege.Participation
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.participationByLink(ctx, q, confirmHashOf(token))
		if err != nil {
			return err
		}
		out = p.Participation
		if p.Status != cortege.PartUnconfirmed {
			return nil
		}
		e, err := q.EventByID(ctx, p.EventID)
		if err != nil {
			return err
		}
		if err := cortege.CanJoin(e, s.now(), false); err != nil {
			return err
		}
		if err := q.LockEvent(ctx, e.ID); err != nil {
			return err
		}
		seats, err := q.SeatsTaken(ctx, e.ID)
		if err != nil {
			return err
		}
		status := cortege.Admit(e, seats, false)
		if ok, err := q.SetParticipationStatus(ctx, p.ID, cortege.PartUnconfirmed, status, ""); err != nil || !ok {
			return err
		}
		p.Status, p.UpdatedAt = status, s.now()
		return s.afterAdmission(ctx, q, e, p.Participation, "")
	})
	return out, err
}

// CancelParticipation withdraws the actor's registration. A freed seat
// goes to the next person on the waiting list, who is told.
func (s *Service) CancelParticipation(ctx context.Context, a cortege.Actor, ref EventRef) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error {
		e, _, mine, err := s.loadEvent(ctx, q, a, ref)
		if err != nil {
			return err
		}
		if mine == nil || !mine.Active() {
			return cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
		}
		return s.withdraw(ctx, q, e, mine.Participation, cortege.PartCancelled, "")
	})
}

// CheckCancelLink returns the registration a cancel link is for without
// cancelling it (the GET of an emailed link).
func (s *Service) CheckCancelLink(ctx context.Context, token string) (*cortege.Participation, *cortege.Event, error) {
	q := s.db.Q()
	p, err := s.participationByCancel(ctx, q, token)
	if err != nil {
		return nil, nil, err
	}
	e, err := q.EventByID(ctx, p.EventID)
	if err != nil {
		return nil, nil, err
	}
	return p.Participation, e.Redacted(cortege.EventViewer{Status: p.Status}), nil
}

func (s *Service) participationByCancel(ctx context.Context, q *store.Q, token string) (*store.Participant, error) {
	h := confirmHashOf(token)
	if h == "" {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	p, err := q.ParticipationByCancelHash(ctx, h)
	if cortege.IsNotFound(err) {
		return nil, cortege.Invalid("token", "err.token.invalid")
	}
	return p, err
}

// CancelParticipationByToken cancels a registration from the link in its
// mails (a POST), for people without an account.
func (s *Service) CancelParticipationByToken(ctx context.Context, token string) (*cortege.Participation, error) {
	var out *cortege.Participation
	err := s.inTx(ctx, func(q *store.Q) error {
		p, err := s.participationByCancel(ctx, q, token)
		if err != nil {
			return err
		}
		out = p.Participation
		if !p.Active() {
			return nil
		}
		e, err := q.EventByID(ctx, p.EventID)
		if err != nil {
			return err
		}
		return s.withdraw(ctx, q, e, p.Participation, cortege.PartCancelled, "")
	})
	return out, err
}

// withdraw moves p to cancelled or refused and promotes the waiting list
// when it held a seat.
func (s *Service) withdraw(ctx context.Context, q *store.Q, e *cortege.Event, p *cortege.Participation, to, message string) error {
	if err := q.LockEvent(ctx, e.ID); err != nil {
		return err
	}
	held := p.HoldsSeat()
	ok, err := q.SetParticipationStatus(ctx, p.ID, p.Status, to, message)
	if err != nil {
		return err
	}
	if !ok {
		return cortege.Errorf(cortege.ECONFLICT, "err.participation.changed")
	}
	p.Status, p.Message, p.UpdatedAt = to, message, s.now()
	if to == cortege.PartRefused {
		if err := s.afterAdmission(ctx, q, e, p, mail.EventMailRefused); err != nil {
			return err
		}
	}
	if held {
		return s.promote(ctx, q, e)
	}
	return nil
}

// promote moves people up from the waiting list into the free seats, in
// order of arrival, and tells them.
func (s *Service) promote(ctx context.Context, q *store.Q, e *cortege.Event) error {
	if e.Cancelled() || e.Past(s.now()) {
		return nil
	}
	seats, err := q.SeatsTaken(ctx, e.ID)
	if err != nil {
		return err
	}
	waiting, err := q.WaitingList(ctx, e.ID, 1000)
	if err != nil {
		return err
	}
	n := cortege.Promotions(e, seats, len(waiting))
	for _, p := range waiting[:n] {
		ok, err := q.SetParticipationStatus(ctx, p.ID, cortege.PartWaitlisted, cortege.PartApproved, "")
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		p.Status, p.UpdatedAt = cortege.PartApproved, s.now()
		if err := s.afterAdmission(ctx, q, e, p.Participation, mail.EventMailPromoted); err != nil {
			return err
		}
	}
	return nil
}

// SetEventUpdates turns the actor's event announcements on or off (turning
// them off never stops reminders, change or cancellation notices).
func (s *Service) SetEventUpdates(ctx context.Context, a cortege.Actor, ref EventRef, on bool) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	q := s.db.Q()
	_, _, mine, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return err
	}
	if mine == nil {
		return cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
	}
	return q.SetNoUpdates(ctx, mine.ID, !on)
}

// UnsubscribeParticipation is the one-click unsubscribe of event mails
// (RFC 8058): it turns off updates for that registration.
func (s *Service) UnsubscribeParticipation(ctx context.Context, participationID, token string) error {
	q := s.db.Q()
	if !cortege.ValidTokenShape(token) || !s.checkLinkToken(ctx, q, "unsubscribe", participationID, token) {
		return cortege.Invalid("token", "err.token.invalid")
	}
	return q.SetNoUpdates(ctx, participationID, true)
}

// CheckUnsubscribeLink reports whether an event mail's unsubscribe link is
// genuine, without using it (the GET of the link shows a button).
func (s *Service) CheckUnsubscribeLink(ctx context.Context, participationID, token string) error {
	if !cortege.ValidTokenShape(token) || !s.checkLinkToken(ctx, s.db.Q(), "unsubscribe", participationID, token) {
		return cortege.Invalid("token", "err.token.invalid")
	}
	return nil
}

// optionalQuestions copies qs with none required: organisers counting
// themselves in answer what they like.
func optionalQuestions(qs []*cortege.Question) []*cortege.Question {
	out := make([]*cortege.Question, len(qs))
	for i, x := range qs {
		c := *x
		c.Required = false
		out[i] = &c
	}
	return out
}
