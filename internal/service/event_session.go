package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Event sessions: opening a private link of an event (an accountless
// organiser's management link, a participant's confirmation or cancel
// link) exchanges its token for a session kept in a cookie scoped to the
// event's pages, so the page can drop the token from the address bar and
// no later request or Referer carries it.
const (
	// EventSessionTTL is how long an event session lasts; opening the
	// mailed link again starts a new one.
	EventSessionTTL    = 30 * 24 * time.Hour
	eventSessionsPerIP = 120 // per hour: each opening of a link makes one
)

// ByManageSession refers to event id through the management session of a
// visitor who opened its management link. A session that is unknown,
// expired, for another event or whose link stopped working (the event was
// claimed) falls back to ByID: the visitor is then an ordinary one.
func ByManageSession(id, secret string) EventRef { return EventRef{ID: id, ManageSession: secret} }

// OpenManageSession checks a management link's token and exchanges it for
// a management session of its event. It returns the session's secret (for
// the cookie, never stored) and the event's ID.
func (s *Service) OpenManageSession(ctx context.Context, a cortege.Actor, token string) (secret, eventID string, err error) {
	e, err := s.CheckManageLink(ctx, token)
	if err != nil {
		return "", "", err
	}
	secret, err = s.openEventSession(ctx, a, &store.EventSession{EventID: e.ID, Kind: store.EventSessionManage, LinkHash: cortege.HashToken(token)})
	return secret, e.ID, err
}

// Link purposes a participant's session can be opened from.
const (
	ParticipantConfirmLink = "confirm"
	ParticipantCancelLink  = "cancel"
)

// OpenParticipantSession checks a participant's confirmation or cancel
// link (purpose) and exchanges it for a session on that registration. It
// changes nothing else: confirming and cancelling stay POSTs.
func (s *Service) OpenParticipantSession(ctx context.Context, a cortege.Actor, purpose, token string) (secret, eventID string, err error) {
	q := s.db.Q()
	var p *store.Participant
	switch purpose {
	case ParticipantConfirmLink:
		p, err = s.participationByLink(ctx, q, confirmHashOf(token))
	case ParticipantCancelLink:
		p, err = s.participationByCancel(ctx, q, token)
	default:
		err = cortege.Invalid("token", "err.token.invalid")
	}
	if err != nil {
		return "", "", err
	}
	secret, err = s.openEventSession(ctx, a, &store.EventSession{EventID: p.EventID, Kind: store.EventSessionParticipant, ParticipationID: p.ID})
	return secret, p.EventID, err
}

func (s *Service) openEventSession(ctx context.Context, a cortege.Actor, es *store.EventSession) (string, error) {
	if err := s.limit(ctx, "event:session:ip:"+a.IP, eventSessionsPerIP, time.Hour); err != nil {
		return "", err
	}
	secret := cortege.NewToken()
	now := s.now()
	es.ID, es.CreatedAt, es.ExpiresAt = cortege.HashToken(secret), now, now.Add(EventSessionTTL)
	return secret, s.db.Q().CreateEventSession(ctx, es)
}

// eventSession returns the live session of kind behind secret for event
// id, or ENOTFOUND.
func (s *Service) eventSession(ctx context.Context, q *store.Q, id, secret, kind string) (*store.EventSession, error) {
	if !cortege.ValidTokenShape(secret) {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.token.invalid")
	}
	es, err := q.EventSessionByID(ctx, cortege.HashToken(secret))
	if err != nil {
		return nil, err
	}
	if es.Kind != kind || es.EventID != id {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.token.invalid")
	}
	return es, nil
}

// manageSessionEvent is the event a management session gives access to,
// ENOTFOUND when the session or its link no longer works.
func (s *Service) manageSessionEvent(ctx context.Context, q *store.Q, ref EventRef) (*cortege.Event, error) {
	es, err := s.eventSession(ctx, q, ref.ID, ref.ManageSession, store.EventSessionManage)
	if err != nil {
		return nil, err
	}
	return q.EventByManageToken(ctx, es.LinkHash)
}

// CloseEventSession ends an event session (the visitor is done, or its
// cookie is stale).
func (s *Service) CloseEventSession(ctx context.Context, secret string) error {
	if !cortege.ValidTokenShape(secret) {
		return nil
	}
	return s.db.Q().DeleteEventSession(ctx, cortege.HashToken(secret))
}

// Registration is what a participant's session shows: the registration,
// the event as they may see it, and the ticket once admitted (nil for an
// online-only event).
type Registration struct {
	Participation *cortege.Participation
	Event         *cortege.Event
	Ticket        *Ticket
}

// participantTokens returns the registration behind a participant session
// of event id, with the tokens of its mailed links (derived again, never
// stored), so the session does what those links do.
func (s *Service) participantTokens(ctx context.Context, id, secret string) (confirm, cancel string, err error) {
	q := s.db.Q()
	es, err := s.eventSession(ctx, q, id, secret, store.EventSessionParticipant)
	if err != nil {
		return "", "", cortege.Invalid("token", "err.token.invalid")
	}
	if confirm, err = s.linkToken(ctx, q, "confirm", es.ParticipationID); err != nil {
		return "", "", err
	}
	cancel, err = s.linkToken(ctx, q, "cancel", es.ParticipationID)
	return confirm, cancel, err
}

// RegistrationBySession returns the registration behind a participant
// session of event id (the clean page its mailed links lead to).
func (s *Service) RegistrationBySession(ctx context.Context, id, secret string) (*Registration, error) {
	_, cancel, err := s.participantTokens(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	p, e, err := s.CheckCancelLink(ctx, cancel)
	if err != nil {
		return nil, err
	}
	r := &Registration{Participation: p, Event: e}
	if p.Admitted() {
		if r.Ticket, err = s.TicketByCancelToken(ctx, cancel); err != nil && !cortege.IsNotFound(err) {
			return nil, err
		}
	}
	return r, nil
}

// ConfirmRegistrationBySession confirms the registration behind a
// participant session, as its confirmation link does.
func (s *Service) ConfirmRegistrationBySession(ctx context.Context, id, secret string) (*cortege.Participation, error) {
	confirm, _, err := s.participantTokens(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	return s.ConfirmParticipation(ctx, confirm)
}

// CancelRegistrationBySession cancels the registration behind a
// participant session, as its cancel link does.
func (s *Service) CancelRegistrationBySession(ctx context.Context, id, secret string) (*cortege.Participation, error) {
	_, cancel, err := s.participantTokens(ctx, id, secret)
	if err != nil {
		return nil, err
	}
	return s.CancelParticipationByToken(ctx, cancel)
}
