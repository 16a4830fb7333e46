package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Participation is the caller's registration to an event. Status is
// pending (waiting for approval), approved, waitlisted (the event is full:
// position orders the waiting list), refused, cancelled, invited or
// attended.
type Participation struct {
	ID              string   `json:"id"`
	EventID         string   `json:"event_id"`
	Status          string   `json:"status"`
	Position        int      `json:"position"`
	Answers         []Answer `json:"answers"`
	ConductAccepted bool     `json:"conduct_accepted"`
	Message         string   `json:"message"`
	Updates         bool     `json:"updates"`
	CheckedInAt     *string  `json:"checked_in_at"`
	CreatedAt       string   `json:"created_at"`
	// WaitlistRank is the place on the waiting list (1: the next to get a
	// seat), null when not waitlisted or not known in this answer.
	WaitlistRank *int `json:"waitlist_rank"`
}

func toParticipation(p *cortege.Participation) Participation {
	return Participation{ID: p.ID, EventID: p.EventID, Status: p.Status, Position: p.Position, Answers: toAnswers(p.Answers),
		ConductAccepted: p.ConductAccepted, Message: p.Message, Updates: !p.NoUpdates, CheckedInAt: optTime(p.CheckedInAt), CreatedAt: timeString(p.CreatedAt)}
}

// Answer is an answer to a registration question.
type Answer struct {
	QuestionID string `json:"question_id"`
	Value      string `json:"value"`
}

func toAnswers(as []cortege.Answer) []Answer {
	out := make([]Answer, 0, len(as))
	for _, x := range as {
		out = append(out, Answer{QuestionID: x.QuestionID, Value: x.Value})
	}
	return out
}

// JoinEventBody is the body of POST /api/v1/events/{id}/participation.
type JoinEventBody struct {
	Answers       []Answer `json:"answers,omitempty"`
	AcceptConduct bool     `json:"accept_conduct,omitempty"`
}

// ParticipationUpdate is the body of PATCH /api/v1/events/{id}/participation:
// updates false stops announcements and other news of the event
// (reminders and cancellation notices still come).
type ParticipationUpdate struct {
	Updates *bool `json:"updates"`
}

// Participant is one line of the participants list. Organisers see
// everything (the email of participants without an account, answers,
// ticket); participants, when the organiser opted in, the names of the
// others admitted.
type Participant struct {
	ID              string   `json:"id"`
	Name            string   `json:"name"`
	Handle          string   `json:"handle"`
	Anonymous       bool     `json:"anonymous"`
	Email           string   `json:"email"`
	Status          string   `json:"status"`
	Position        int      `json:"position"`
	Answers         []Answer `json:"answers"`
	ConductAccepted bool     `json:"conduct_accepted"`
	TicketShort     string   `json:"ticket_short"`
	CheckedInAt     *string  `json:"checked_in_at"`
	CreatedAt       *string  `json:"created_at"`
	// ProfileDeleted and ProfileSuspended: see service.ParticipantView.
	ProfileDeleted   bool `json:"profile_deleted"`
	ProfileSuspended bool `json:"profile_suspended"`
}

func toParticipant(p service.ParticipantView) Participant {
	return Participant{ID: p.ID, Name: p.Name, Handle: p.Handle, Anonymous: p.Anonymous, Email: p.Email, Status: p.Status,
		Position: p.Position, Answers: toAnswers(p.Answers), ConductAccepted: p.ConductAccepted, TicketShort: p.TicketShort,
		CheckedInAt: optTime(p.CheckedInAt), CreatedAt: optTime(p.CreatedAt), ProfileDeleted: p.ProfileDeleted, ProfileSuspended: p.ProfileSuspended}
}

// ParticipantList answers GET /api/v1/events/{id}/participants.
type ParticipantList struct {
	Participants []Participant `json:"participants"`
}

// InviteBody is the body of POST /api/v1/events/{id}/invitations.
type InviteBody struct {
	Handle string `json:"handle"`
}

// Ticket is what an admitted participant shows at the door.
type Ticket struct {
	Code string `json:"code"`
}

// handleParticipate registers the caller: approved at once while seats
// remain (then waitlisted), pending on events by approval.
func (a *API) handleParticipate(w http.ResponseWriter, r *http.Request) error {
	var in JoinEventBody
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	ji := service.JoinInput{AcceptConduct: in.AcceptConduct}
	for _, x := range in.Answers {
		ji.Answers = append(ji.Answers, cortege.Answer{QuestionID: x.QuestionID, Value: x.Value})
	}
	p, err := a.svc.JoinEvent(r.Context(), httpx.Actor(r.Context()), ref, ji)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toParticipation(p))
}

// handleParticipationCancel withdraws the caller's registration; the
// freed seat goes to the next on the waiting list.
func (a *API) handleParticipationCancel(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	if err := a.svc.CancelParticipation(r.Context(), httpx.Actor(r.Context()), ref); err != nil {
		return err
	}
	return noContent(w)
}

// handleParticipationGet answers the caller's registration (404 when none).
func (a *API) handleParticipationGet(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	v, err := a.svc.Event(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	if v.Mine == nil {
		return cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
	}
	return writeJSON(w, http.StatusOK, withRank(toParticipation(v.Mine), v.WaitlistRank))
}

// handleParticipationUpdate turns the caller's event news on or off.
func (a *API) handleParticipationUpdate(w http.ResponseWriter, r *http.Request) error {
	var in ParticipationUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	if in.Updates != nil {
		if err := a.svc.SetEventUpdates(ctx, actor, ref, *in.Updates); err != nil {
			return err
		}
	}
	return a.handleParticipationGet(w, r)
}

// handleTicket answers the caller's ticket code; approved participants.
func (a *API) handleTicket(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	t, err := a.svc.MyTicket(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Ticket{Code: t.Code})
}

// handleParticipantList lists the participants: organisers, and admitted
// participants when the organiser opted in.
func (a *API) handleParticipantList(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	ps, err := a.svc.Participants(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	out := ParticipantList{Participants: make([]Participant, 0, len(ps))}
	for _, p := range ps {
		out.Participants = append(out.Participants, toParticipant(p))
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleParticipantExport answers the participants as CSV (formula cells
// neutralised); organisers.
func (a *API) handleParticipantExport(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	b, err := a.svc.ExportParticipants(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="participants-`+ref.ID+`.csv"`)
	h.Set("Cache-Control", "no-store")
	w.Write(b)
	return nil
}

// answerParticipant serves approve and refuse; organisers. The person is
// told, with the optional message.
func (a *API) answerParticipant(approve bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var in MessageBody
		if err := decodeOptional(w, r, &in); err != nil {
			return err
		}
		ref, err := eventRef(r)
		if err != nil {
			return err
		}
		pid, err := pathID(r, "participation")
		if err != nil {
			return err
		}
		ctx, actor := r.Context(), httpx.Actor(r.Context())
		var p *cortege.Participation
		if approve {
			p, err = a.svc.Approve(ctx, actor, ref, pid, in.Message)
		} else {
			p, err = a.svc.Refuse(ctx, actor, ref, pid, in.Message)
		}
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, toParticipation(p))
	}
}

// handleEventInvite invites a profile by @handle; organisers.
func (a *API) handleEventInvite(w http.ResponseWriter, r *http.Request) error {
	var in InviteBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	p, err := a.svc.InviteToEvent(r.Context(), httpx.Actor(r.Context()), ref, in.Handle)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toParticipation(p))
}
