package api

import (
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// OrganiserBody is the body of POST /api/v1/events/{id}/organisers and
// /co-organisers: a group's ID or handle.
type OrganiserBody struct {
	Group string `json:"group"`
}

// EventBatch answers lists of events without paging (occurrences of a
// series, co-organising invitations).
type EventBatch struct {
	Events []Event `json:"events"`
}

// GroupEvents answers GET /api/v1/groups/{group}/events: upcoming events
// (a series once, by its next occurrence, with how many more follow) and
// a page of past ones.
type GroupEvents struct {
	Upcoming []SeriesEvent `json:"upcoming"`
	// Next is the cursor of the upcoming events that follow (?after=),
	// absent when there are no more.
	Next string  `json:"next,omitempty"`
	Past []Event `json:"past"`
}

// SeriesEvent is an upcoming event of a group; more counts the other
// upcoming occurrences of its series.
type SeriesEvent struct {
	Event Event `json:"event"`
	More  int   `json:"more"`
	// Series is the rule of the series event stands for (in words at its
	// hour), null for a single event.
	Series *Series `json:"series"`
}

// MyEvents answers GET /api/v1/me/events: the events part of the
// dashboard.
type MyEvents struct {
	Upcoming   []JoinedEvent    `json:"upcoming"`
	Organising []OrganisedEvent `json:"organising"`
	Suggested  []Event          `json:"suggested"`
	Past       []JoinedEvent    `json:"past"`
}

// JoinedEvent is an event the caller takes part in, with their status.
type JoinedEvent struct {
	Event  Event  `json:"event"`
	Status string `json:"status"`
}

// OrganisedEvent is an event the caller organises, with how many
// registrations wait for an answer.
type OrganisedEvent struct {
	Event   Event `json:"event"`
	Pending int   `json:"pending"`
}

func (a *API) toMyEvents(d *service.EventDashboard) MyEvents {
	out := MyEvents{Upcoming: []JoinedEvent{}, Organising: []OrganisedEvent{}, Suggested: []Event{}, Past: []JoinedEvent{}}
	for _, j := range d.Upcoming {
		out.Upcoming = append(out.Upcoming, JoinedEvent{Event: a.toEvent(j.Event), Status: j.Status})
	}
	for _, o := range d.Organising {
		out.Organising = append(out.Organising, OrganisedEvent{Event: a.toEvent(o.Event), Pending: o.Pending})
	}
	for _, e := range d.Suggested {
		out.Suggested = append(out.Suggested, a.toEvent(e))
	}
	for _, j := range d.Past {
		out.Past = append(out.Past, JoinedEvent{Event: a.toEvent(j.Event), Status: j.Status})
	}
	return out
}

func (a *API) toEventBatch(es []*cortege.Event) EventBatch {
	out := EventBatch{Events: make([]Event, 0, len(es))}
	for _, e := range es {
		out.Events = append(out.Events, a.toEvent(e))
	}
	return out
}

// organiserGroup finds the group a decoded body names.
func (a *API) organiserGroup(r *http.Request, in OrganiserBody) (*cortege.Group, error) {
	if in.Group == "" {
		return nil, cortege.Invalid("group", "err.group.not_found")
	}
	g, err := a.groupByRef(r, in.Group)
	if cortege.IsNotFound(err) {
		return nil, cortege.Invalid("group", "err.group.not_found")
	}
	return g, err
}

// handleOrganiserAdd makes a group an organiser: the caller organises the
// event and administers or moderates the group.
func (a *API) handleOrganiserAdd(w http.ResponseWriter, r *http.Request) error {
	var in OrganiserBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, _, err := a.organisedEvent(r)
	if err != nil {
		return err
	}
	// Only a group the caller moderates may be added: one they cannot see
	// answers as one they do not moderate, so the answer tells nothing of
	// private groups.
	g, err := a.groupByRef(r, in.Group)
	if cortege.IsNotFound(err) || in.Group == "" {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.organiser.not_moderator")
	} else if err != nil {
		return err
	}
	if err := a.svc.AddGroupOrganiser(r.Context(), httpx.Actor(r.Context()), ref, g.ID); err != nil {
		return err
	}
	return a.writeEvent(w, r, ref.ID, http.StatusOK)
}

// handleCoOrganiserInvite invites another group to co-organise; its
// administrators answer.
func (a *API) handleCoOrganiserInvite(w http.ResponseWriter, r *http.Request) error {
	var in OrganiserBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, _, err := a.organisedEvent(r)
	if err != nil {
		return err
	}
	g, err := a.organiserGroup(r, in)
	if err != nil {
		return err
	}
	if err := a.svc.InviteCoOrganiser(r.Context(), httpx.Actor(r.Context()), ref, g.ID); err != nil {
		return err
	}
	return a.writeEvent(w, r, ref.ID, http.StatusOK)
}

// handleOrganiserRemove takes a group off the organisers: the event's
// organisers or the group's administrators.
func (a *API) handleOrganiserRemove(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	if err := a.svc.RemoveGroupOrganiser(r.Context(), httpx.Actor(r.Context()), ref, g.ID); err != nil {
		return err
	}
	return noContent(w)
}

// handleCoOrganisingList lists the events a group is invited to
// co-organise; its administrators.
func (a *API) handleCoOrganisingList(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	es, err := a.svc.CoOrganiserInvitations(r.Context(), httpx.Actor(r.Context()), g.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toEventBatch(es))
}

// answerCoOrganising serves accept and decline of an invitation to
// co-organise; the group's administrators.
func (a *API) answerCoOrganising(accept bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		g, err := a.group(r)
		if err != nil {
			return err
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if err := a.svc.AnswerCoOrganiser(r.Context(), httpx.Actor(r.Context()), id, g.ID, accept); err != nil {
			return err
		}
		return noContent(w)
	}
}

// handleOccurrences lists the occurrences of the event's series the
// caller may see ([] for a single event).
func (a *API) handleOccurrences(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	es, err := a.svc.SeriesOccurrences(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toEventBatch(es))
}

// handleMyEvents answers the caller's events dashboard.
func (a *API) handleMyEvents(w http.ResponseWriter, r *http.Request) error {
	d, err := a.svc.MyEvents(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toMyEvents(d))
}

// handleGroupEvents lists a page of a group's upcoming events (?after= the
// cursor of the next) and of its past events (?page= pages the past ones).
func (a *API) handleGroupEvents(w http.ResponseWriter, r *http.Request) error {
	page, err := queryPage(r)
	if err != nil {
		return err
	}
	g, err := a.group(r)
	if err != nil {
		return err
	}
	after, err := service.ParseCursor("after", r.URL.Query().Get("after"))
	if err != nil {
		return err
	}
	gp, err := a.svc.GroupEvents(r.Context(), httpx.Actor(r.Context()), g.ID, after, page)
	if err != nil {
		return err
	}
	out := GroupEvents{Upcoming: make([]SeriesEvent, 0, len(gp.Upcoming)), Past: make([]Event, 0, len(gp.Past))}
	if gp.Next > 0 {
		out.Next = strconv.FormatInt(gp.Next, 10)
	}
	for _, it := range gp.Upcoming {
		se := SeriesEvent{Event: a.toEvent(it.Event), More: it.More}
		if it.Series != nil {
			se.Series = toSeries(it.Series, httpx.Lang(r.Context()), it.Event.Start)
		}
		out.Upcoming = append(out.Upcoming, se)
	}
	for _, e := range gp.Past {
		out.Past = append(out.Past, a.toEvent(e))
	}
	return writeJSON(w, http.StatusOK, out)
}
