package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
)

// Participant is a participation with who to write to: the profile's name
// and handle, and the address and language of its account (or the ones an
// anonymous participant gave). The address is for mail only, never shown
// to other people for a profile.
type Participant struct {
	*cortege.Participation
	DisplayName string
	Handle      string
	MailTo      string // "" when the profile's account is gone or suspended
	MailLang    string
	AccountID   string
}

// ParticipationSecrets are the hashes of the secrets in a participant's
// links and ticket.
type ParticipationSecrets struct {
	ConfirmHash, CancelHash, TicketHash string
}

func scanParticipant(s scanner) (*Participant, error) {
	p := &Participant{Participation: &cortege.Participation{}}
	x := p.Participation
	var answers string
	var checked, created, updated int64
	if err := s.Scan(&x.ID, &x.EventID, &x.ProfileID, &x.Name, &x.Email, &x.Status, &x.Position, &answers,
		&x.ConductAccepted, &x.Message, &x.TicketShort, &checked, &x.NoUpdates, &x.Lang, &created, &updated,
		&p.DisplayName, &p.Handle, &p.MailTo, &p.MailLang, &p.AccountID); err != nil {
		return nil, err
	}
	x.CheckedInAt, x.CreatedAt, x.UpdatedAt = fromMS(checked), fromMS(created), fromMS(updated)
	if answers != "" {
		json.Unmarshal([]byte(answers), &x.Answers)
	}
	return p, nil
}

func encodeAnswers(a []cortege.Answer) string {
	if len(a) == 0 {
		return ""
	}
	b, _ := json.Marshal(a)
	return string(b)
}

func (q *Q) participant(ctx context.Context, name string, args ...any) (*Participant, error) {
	p, err := scanParticipant(q.stmt(ctx, name).QueryRowContext(ctx, args...))
	if err == sql.ErrNoRows {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
	}
	return p, wrap(name, err)
}

func (q *Q) participants(ctx context.Context, name string, args ...any) ([]*Participant, error) {
	rows, err := q.query(ctx, name, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*Participant
	for rows.Next() {
		p, err := scanParticipant(rows)
		if err != nil {
			return nil, wrap(name, err)
		}
		out = append(out, p)
	}
	return out, wrap(name, rows.Err())
}

// CreateParticipation inserts p with the hashes of its secrets.
func (q *Q) CreateParticipation(ctx context.Context, p *cortege.Participation, s ParticipationSecrets) error {
	_, err := q.exec(ctx, "CreateParticipation", p.ID, p.EventID, nullStr(p.ProfileID), p.Name, p.Email,
		strings.ToLower(p.Email), p.Status, p.Position, encodeAnswers(p.Answers), p.ConductAccepted, p.Message,
		s.ConfirmHash, s.CancelHash, s.TicketHash, p.TicketShort, p.NoUpdates, p.Lang, ms(p.CreatedAt), ms(p.UpdatedAt))
	return err
}

// UpdateParticipation saves the status, position, answers, conduct
// acceptance and message of p.
func (q *Q) UpdateParticipation(ctx context.Context, p *cortege.Participation) error {
	return q.changed(ctx, "UpdateParticipation", p.Status, p.Position, encodeAnswers(p.Answers), p.ConductAccepted,
		p.Message, ms(p.UpdatedAt), p.ID)
}

// SetParticipationStatus moves a participation from status from to status
// to; it reports false when the participation was no longer in from.
func (q *Q) SetParticipationStatus(ctx context.Context, id, from, to, message string) (bool, error) {
	n, err := q.execN(ctx, "SetParticipationStatus", to, message, ms(q.db.now()), id, from)
	return n > 0, err
}

// CheckIn marks an approved participation attended; false when it was not
// approved (already checked in, refused, cancelled…).
func (q *Q) CheckIn(ctx context.Context, id string, at time.Time) (bool, error) {
	n, err := q.execN(ctx, "CheckIn", ms(at), ms(at), id)
	return n > 0, err
}

// SetNoUpdates records whether a participant turned off updates.
func (q *Q) SetNoUpdates(ctx context.Context, id string, off bool) error {
	return q.changed(ctx, "SetNoUpdates", off, ms(q.db.now()), id)
}

// ParticipationByID returns a participation or ENOTFOUND.
func (q *Q) ParticipationByID(ctx context.Context, id string) (*Participant, error) {
	return q.participant(ctx, "ParticipationByID", id)
}

// ParticipationOf returns a profile's participation in an event or ENOTFOUND.
func (q *Q) ParticipationOf(ctx context.Context, eventID, profileID string) (*Participant, error) {
	return q.participant(ctx, "ParticipationOf", eventID, profileID)
}

// ParticipationByEmail returns the latest anonymous participation of an
// address in an event, or ENOTFOUND.
func (q *Q) ParticipationByEmail(ctx context.Context, eventID, email string) (*Participant, error) {
	return q.participant(ctx, "ParticipationByEmail", eventID, strings.ToLower(email))
}

// ParticipationByConfirmHash finds the participation a confirmation link is for.
func (q *Q) ParticipationByConfirmHash(ctx context.Context, hash string) (*Participant, error) {
	return q.participant(ctx, "ParticipationByConfirmHash", hash)
}

// ParticipationByCancelHash finds the participation a cancel link is for.
func (q *Q) ParticipationByCancelHash(ctx context.Context, hash string) (*Participant, error) {
	return q.participant(ctx, "ParticipationByCancelHash", hash)
}

// ParticipationByTicket finds an event's participation by its ticket hash.
func (q *Q) ParticipationByTicket(ctx context.Context, eventID, hash string) (*Participant, error) {
	return q.participant(ctx, "ParticipationByTicket", eventID, hash)
}

// Participations lists an event's participations in order of arrival.
func (q *Q) Participations(ctx context.Context, eventID string) ([]*Participant, error) {
	return q.participants(ctx, "Participations", eventID)
}

// WaitingList lists up to n waitlisted participations, first in line first.
func (q *Q) WaitingList(ctx context.Context, eventID string, n int) ([]*Participant, error) {
	return q.participants(ctx, "WaitingList", eventID, n)
}

// CountParticipations counts an event's participations by status.
func (q *Q) CountParticipations(ctx context.Context, eventID string) (map[string]int, error) {
	rows, err := q.query(ctx, "CountParticipations", eventID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, wrap("CountParticipations", err)
		}
		out[s] = n
	}
	return out, wrap("CountParticipations", rows.Err())
}

// SeatsTaken counts the participations holding a seat.
func (q *Q) SeatsTaken(ctx context.Context, eventID string) (int, error) {
	var n int
	return n, q.get(ctx, "SeatsTaken", []any{eventID}, &n)
}

// NextPosition returns the position of the next arrival.
func (q *Q) NextPosition(ctx context.Context, eventID string) (int, error) {
	var n int
	return n, q.get(ctx, "NextPosition", []any{eventID}, &n)
}

// ParticipationsByProfile lists every registration of a profile, whatever
// its status, oldest first (the data export).
func (q *Q) ParticipationsByProfile(ctx context.Context, profileID string) ([]*Participant, error) {
	return q.participants(ctx, "ParticipationsByProfile", profileID)
}
