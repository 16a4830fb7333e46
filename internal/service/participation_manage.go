package service

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/csvimport"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/store"
)

// Approve accepts a pending registration, with an optional message; when
// the event is full the person goes on the waiting list instead. Both
// outcomes are mailed.
func (s *Service) Approve(ctx context.Context, a cortege.Actor, ref EventRef, participationID, message string) (*cortege.Participation, error) {
	var out *cortege.Participation
	err := s.inTx(ctx, func(q *store.Q) error {
		e, p, err := s.managedParticipation(ctx, q, a, ref, participationID, message)
		if err != nil {
			return err
		}
		if p.Status != cortege.PartPending && p.Status != cortege.PartRefused {
			return cortege.Errorf(cortege.ECONFLICT, "err.participation.not_pending")
		}
		if err := q.LockEvent(ctx, e.ID); err != nil {
			return err
		}
		seats, err := q.SeatsTaken(ctx, e.ID)
		if err != nil {
			return err
		}
		to := cortege.Admit(e, seats, true)
		ok, err := q.SetParticipationStatus(ctx, p.ID, p.Status, to, strings.TrimSpace(message))
		if err != nil {
			return err
		}
		if !ok {
			return cortege.Errorf(cortege.ECONFLICT, "err.participation.changed")
		}
		p.Status, p.Message, p.UpdatedAt = to, strings.TrimSpace(message), s.now()
		out = p.Participation
		kind := mail.EventMailApproved
		if to == cortege.PartWaitlisted {
			kind = mail.EventMailWaitlisted
		}
		return s.afterAdmission(ctx, q, e, p.Participation, kind)
	})
	return out, err
}

// Refuse declines a registration (pending, waitlisted or approved), with
// an optional message the person receives.
func (s *Service) Refuse(ctx context.Context, a cortege.Actor, ref EventRef, participationID, message string) (*cortege.Participation, error) {
	var out *cortege.Participation
	err := s.inTx(ctx, func(q *store.Q) error {
		e, p, err := s.managedParticipation(ctx, q, a, ref, participationID, message)
		if err != nil {
			return err
		}
		switch p.Status {
		case cortege.PartPending, cortege.PartWaitlisted, cortege.PartApproved, cortege.PartInvited:
		default:
			return cortege.Errorf(cortege.ECONFLICT, "err.participation.not_pending")
		}
		out = p.Participation
		return s.withdraw(ctx, q, e, p.Participation, cortege.PartRefused, strings.TrimSpace(message))
	})
	return out, err
}

func (s *Service) managedParticipation(ctx context.Context, q *store.Q, a cortege.Actor, ref EventRef, id, message string) (*cortege.Event, *store.Participant, error) {
	e, _, err := s.loadManaged(ctx, q, a, ref)
	if err != nil {
		return nil, nil, err
	}
	if _, err := cortege.CheckText("message", message, cortege.MaxOrganiserMessage, true); err != nil {
		return nil, nil, err
	}
	p, err := q.ParticipationByID(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if p.EventID != e.ID {
		return nil, nil, cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
	}
	return e, p, nil
}

// InviteToEvent invites a profile (by @handle) to an event; on an
// invitation-only event only the invited may then register.
func (s *Service) InviteToEvent(ctx context.Context, a cortege.Actor, ref EventRef, handle string) (*cortege.Participation, error) {
	var out *cortege.Participation
	err := s.inTx(ctx, func(q *store.Q) error {
		e, _, err := s.loadManaged(ctx, q, a, ref)
		if err != nil {
			return err
		}
		h, err := cortege.NormalizeHandle(handle)
		if err != nil {
			return err
		}
		prof, err := q.ProfileByHandle(ctx, h)
		if err != nil || prof.Deleted {
			return cortege.Invalid("handle", "err.profile.not_found")
		}
		if prev, err := q.ParticipationOf(ctx, e.ID, prof.ID); err == nil {
			out = prev.Participation
			return nil
		} else if !cortege.IsNotFound(err) {
			return err
		}
		pos, err := q.NextPosition(ctx, e.ID)
		if err != nil {
			return err
		}
		now := s.now()
		p := &cortege.Participation{ID: cortege.NewID(now), EventID: e.ID, ProfileID: prof.ID, Status: cortege.PartInvited, Position: pos, Lang: cortege.DefaultLang, CreatedAt: now, UpdatedAt: now}
		out = p
		return s.createParticipation(ctx, q, p)
	})
	return out, err
}

// ParticipantView is one line of the participants list. Email is only
// filled for anonymous participants and only for organisers; Answers only
// for organisers.
type ParticipantView struct {
	ID              string
	Name            string
	Handle          string
	Anonymous       bool
	Email           string
	Status          string
	Position        int
	Answers         []cortege.Answer
	ConductAccepted bool
	TicketShort     string
	CheckedInAt     time.Time
	CreatedAt       time.Time
	// ProfileDeleted and ProfileSuspended say the profile behind the
	// registration was erased with its account, or is suspended: Name and
	// Handle are then empty (but to instance administrators for a
	// suspended one) and pages say "deleted profile" or "suspended
	// profile". The registration still counts.
	ProfileDeleted   bool
	ProfileSuspended bool
}

// Participants lists an event's participants: everything for organisers;
// for admitted participants, when the organiser opted in, the names of the
// others admitted.
func (s *Service) Participants(ctx context.Context, a cortege.Actor, ref EventRef) ([]ParticipantView, error) {
	q := s.db.Q()
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	if !e.ParticipantsVisibleTo(v) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return s.participants(ctx, q, a, e, v)
}

// participants is Participants for an event already loaded for a, who
// may see its participants.
func (s *Service) participants(ctx context.Context, q *store.Q, a cortege.Actor, e *cortege.Event, v cortege.EventViewer) ([]ParticipantView, error) {
	ps, err := q.Participations(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	profiles, err := participantProfiles(ctx, q, ps)
	if err != nil {
		return nil, err
	}
	var out []ParticipantView
	for _, p := range ps {
		pv := ParticipantView{ID: p.ID, Name: p.DisplayName, Handle: p.Handle, Anonymous: p.Anonymous(), Status: p.Status, Position: p.Position, CreatedAt: p.CreatedAt}
		pv.profileState(a, profiles[p.ProfileID])
		if v.Organiser {
			pv.Answers, pv.ConductAccepted, pv.TicketShort, pv.CheckedInAt = p.Answers, p.ConductAccepted, p.TicketShort, p.CheckedInAt
			if p.Anonymous() {
				pv.Email = p.Email
			}
		} else if !p.HoldsSeat() {
			continue
		} else {
			// Other participants see profiles only: someone who registered
			// with an address alone stays unnamed to them.
			pv.Position = 0
			if p.Anonymous() {
				pv.Name = ""
			}
		}
		out = append(out, pv)
	}
	return out, nil
}

// ExportParticipants returns the participants as CSV for a spreadsheet,
// with the answers to the questions; cells that a spreadsheet would take
// for formulas are neutralised. Organisers only.
func (s *Service) ExportParticipants(ctx context.Context, a cortege.Actor, ref EventRef) ([]byte, error) {
	q := s.db.Q()
	e, v, _, err := s.loadEvent(ctx, q, a, ref)
	if err != nil {
		return nil, err
	}
	if !v.Organiser {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	qs, err := q.Questions(ctx, e.ID)
	if err != nil {
		return nil, err
	}
	ps, err := s.Participants(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	w := csvimport.NewWriter(&b)
	head := []string{"name", "handle", "email", "status", "registered_at", "checked_in_at", "conduct_accepted"}
	for _, x := range qs {
		head = append(head, x.Label)
	}
	if err := w.Write(head...); err != nil {
		return nil, err
	}
	for _, p := range ps {
		checked := ""
		if !p.CheckedInAt.IsZero() {
			checked = localTime(p.CheckedInAt, e.TZ)
		}
		row := []string{csvName(a, p), p.Handle, p.Email, p.Status, localTime(p.CreatedAt, e.TZ), checked, fmt.Sprint(p.ConductAccepted)}
		ans := map[string]string{}
		for _, x := range p.Answers {
			ans[x.QuestionID] = x.Value
		}
		for _, x := range qs {
			row = append(row, ans[x.ID])
		}
		if err := w.Write(row...); err != nil {
			return nil, err
		}
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// participantProfiles loads the profiles behind registrations in one
// statement, to tell erased and suspended ones.
func participantProfiles(ctx context.Context, q *store.Q, ps []*store.Participant) (map[string]*cortege.Profile, error) {
	var ids []string
	for _, p := range ps {
		if p.ProfileID != "" {
			ids = append(ids, p.ProfileID)
		}
	}
	return q.ProfilesByIDs(ctx, ids)
}

// profileState marks a registration whose profile was erased or is
// suspended and hides its name as shownProfile would.
func (pv *ParticipantView) profileState(a cortege.Actor, p *cortege.Profile) {
	switch {
	case p == nil:
	case p.Deleted:
		pv.ProfileDeleted, pv.Name, pv.Handle = true, "", ""
	case p.Suspended:
		pv.ProfileSuspended = true
		if !a.IsAdmin() {
			pv.Name, pv.Handle = "", ""
		}
	}
}

// csvName is a participant's name in the CSV export, with the placeholder
// pages show for an erased or suspended profile, in the actor's language.
func csvName(a cortege.Actor, p ParticipantView) string {
	en := a.Account != nil && a.Account.Lang == "en"
	switch {
	case p.Name != "":
		return p.Name
	case p.ProfileDeleted && en:
		return "(deleted profile)"
	case p.ProfileDeleted:
		return "(profil supprimé)"
	case p.ProfileSuspended && en:
		return "(suspended profile)"
	case p.ProfileSuspended:
		return "(profil suspendu)"
	}
	return ""
}
