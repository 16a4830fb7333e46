package store

import (
	"context"
	"time"
)

// Kinds of event session.
const (
	// EventSessionManage: an accountless organiser opened the event's
	// management link.
	EventSessionManage = "manage"
	// EventSessionParticipant: someone registered without an account
	// opened the confirmation or cancel link of their registration.
	EventSessionParticipant = "participant"
)

// EventSession is what a private link of an event is exchanged for: its
// ID is the SHA-256 of the secret kept in the visitor's cookie.
type EventSession struct {
	ID              string
	EventID         string
	Kind            string
	LinkHash        string // management sessions: the hash of the link's token
	ParticipationID string // participant sessions
	CreatedAt       time.Time
	ExpiresAt       time.Time
}

// CreateEventSession stores an event session.
func (q *Q) CreateEventSession(ctx context.Context, s *EventSession) error {
	_, err := q.exec(ctx, "CreateEventSession", s.ID, s.EventID, s.Kind, s.LinkHash, nullStr(s.ParticipationID), ms(s.CreatedAt), ms(s.ExpiresAt))
	return err
}

// EventSessionByID returns a live event session or ENOTFOUND.
func (q *Q) EventSessionByID(ctx context.Context, id string) (*EventSession, error) {
	var s EventSession
	var created, expires int64
	err := q.get(ctx, "EventSessionByID", []any{id, ms(q.db.now())}, &s.ID, &s.EventID, &s.Kind, &s.LinkHash, &s.ParticipationID, &created, &expires)
	if err != nil {
		return nil, err
	}
	s.CreatedAt, s.ExpiresAt = fromMS(created), fromMS(expires)
	return &s, nil
}

// DeleteEventSession ends one event session.
func (q *Q) DeleteEventSession(ctx context.Context, id string) error {
	_, err := q.exec(ctx, "DeleteEventSession", id)
	return err
}
