package api

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// Event is an event as the caller may see it. It is always built from
// the service's redacted copy: a place or online link reserved to
// approved participants is "" here for anyone else, with place_hidden or
// online_hidden true, and coordinates are then rounded to about 10 km.
type Event struct {
	ID                  string       `json:"id"`
	Title               string       `json:"title"`
	Description         string       `json:"description"`
	DescriptionHTML     string       `json:"description_html"`
	Start               string       `json:"start"`
	End                 string       `json:"end"`
	TZ                  string       `json:"tz"`
	LocalStart          string       `json:"local_start"`
	LocalEnd            string       `json:"local_end"`
	PlaceArea           string       `json:"place_area"`
	Place               string       `json:"place"`
	Coordinates         *Coordinates `json:"coordinates"`
	OnlineURL           string       `json:"online_url"`
	PlaceTBA            bool         `json:"place_tba"`
	OnlineTBA           bool         `json:"online_tba"`
	HidePlace           bool         `json:"hide_place"`
	HideOnline          bool         `json:"hide_online"`
	PlaceHidden         bool         `json:"place_hidden"`
	OnlineHidden        bool         `json:"online_hidden"`
	Category            string       `json:"category"`
	Tags                []string     `json:"tags"`
	PictureURL          string       `json:"picture_url"`
	Status              string       `json:"status"`
	Published           bool         `json:"published"`
	Visibility          string       `json:"visibility"`
	JoinMode            string       `json:"join_mode"`
	Capacity            int          `json:"capacity"`
	HideCount           bool         `json:"hide_count"`
	ParticipantsVisible bool         `json:"participants_visible"`
	Conduct             string       `json:"conduct"`
	ConductRequired     bool         `json:"conduct_required"`
	CommentsClosed      bool         `json:"comments_closed"`
	Report              string       `json:"report"`
	ReportHTML          string       `json:"report_html"`
	ReportAt            *string      `json:"report_at"`
	SeriesID            string       `json:"series_id"`
	Occurrence          int          `json:"occurrence"`
	Sequence            int          `json:"sequence"`
	URL                 string       `json:"url"`
	ICSURL              string       `json:"ics_url"`
	CreatedAt           string       `json:"created_at"`
	UpdatedAt           string       `json:"updated_at"`
	CancelledAt         *string      `json:"cancelled_at"`
}

// toEvent converts an event already redacted for the caller (never the
// stored one): this is the only way event data reaches a response.
func (a *API) toEvent(r *cortege.Event) Event {
	out := Event{
		ID: r.ID, Title: r.Title, Description: r.Description, DescriptionHTML: markdown.ToHTML(r.Description),
		Start: timeString(r.Start), End: timeString(r.End), TZ: r.TZ,
		LocalStart: r.LocalStart().Format(time.RFC3339), LocalEnd: r.LocalEnd().Format(time.RFC3339),
		PlaceArea: r.PlaceArea, Place: r.Place, OnlineURL: r.OnlineURL, PlaceTBA: r.PlaceTBA, OnlineTBA: r.OnlineTBA,
		HidePlace: r.HidePlace, HideOnline: r.HideOnline,
		PlaceHidden: r.HidePlace && r.Place == "" && !r.PlaceTBA, OnlineHidden: r.HideOnline && r.OnlineURL == "" && !r.OnlineTBA,
		Category: r.Category, Tags: nonNil(r.Tags), PictureURL: a.uploadURL(r.Picture),
		Status: r.Status, Published: r.Published, Visibility: r.Visibility, JoinMode: r.JoinMode, Capacity: r.Capacity,
		HideCount: r.HideCount, ParticipantsVisible: r.ParticipantsVisible, Conduct: r.Conduct, ConductRequired: r.ConductRequired,
		CommentsClosed: r.CommentsClosed, Report: r.Report, ReportHTML: markdown.ToHTML(r.Report), ReportAt: optTime(r.ReportAt),
		SeriesID: r.SeriesID, Occurrence: r.Occurrence, Sequence: r.Sequence,
		URL: a.baseURL + "/events/" + r.ID, ICSURL: a.baseURL + "/events/" + r.ID + ".ics",
		CreatedAt: timeString(r.CreatedAt), UpdatedAt: timeString(r.UpdatedAt), CancelledAt: optTime(r.CancelledAt),
	}
	if r.HasCoords {
		out.Coordinates = &Coordinates{Lat: r.Lat, Lon: r.Lon}
	}
	return out
}

// EventDetail answers GET /api/v1/events/{id}: the event and everything
// its page shows the caller.
type EventDetail struct {
	Event         Event            `json:"event"`
	Creator       *PublicProfile   `json:"creator"`
	Organisers    []EventOrganiser `json:"organisers"`
	Counts        *EventCounts     `json:"counts"`
	Changes       []EventChange    `json:"changes"`
	Questions     []Question       `json:"questions"`
	Conduct       EventConduct     `json:"conduct"`
	Participation *Participation   `json:"participation"`
	Series        *Series          `json:"series"`
	CancelReason  string           `json:"cancel_reason"`
	CancelHTML    string           `json:"cancel_reason_html"`
	CanEdit       bool             `json:"can_edit"`
	CanJoin       bool             `json:"can_join"`
	CanComment    bool             `json:"can_comment"`
	CanReport     bool             `json:"can_report"`
	// CreatorDeleted: the creating profile was erased with its account.
	CreatorDeleted bool `json:"creator_deleted"`
	// Full: every seat is held; joining puts the caller on the waiting list.
	Full bool `json:"full"`
}

func (a *API) toEventDetail(v *service.EventView, lang string) EventDetail {
	d := EventDetail{Event: a.toEvent(v.Event), Creator: a.optProfile(v.Creator), Organisers: []EventOrganiser{},
		Changes: []EventChange{}, Questions: []Question{}, Conduct: toEventConduct(v.Conduct), CanEdit: v.CanEdit, CanJoin: v.CanJoin, CanComment: v.CanComment, CanReport: v.CanReport, CreatorDeleted: v.CreatorDeleted,
		CancelReason: v.Event.CancelReason, CancelHTML: markdown.ToHTML(v.Event.CancelReason)}
	d.Event.PlaceHidden, d.Event.OnlineHidden = v.PlaceHidden, v.OnlineHidden
	for _, o := range v.Organisers {
		d.Organisers = append(d.Organisers, EventOrganiser{Group: *a.toGroupSummary(o.Group), Status: o.Status})
	}
	if v.Counts != nil {
		c := toCounts(*v.Counts)
		d.Counts = &c
	}
	for _, c := range v.Changes {
		d.Changes = append(d.Changes, EventChange{Field: c.Field, From: c.From, To: c.To, At: timeString(c.At)})
	}
	for _, q := range v.Questions {
		d.Questions = append(d.Questions, toQuestion(q))
	}
	if v.Mine != nil {
		p := withRank(toParticipation(v.Mine), v.WaitlistRank)
		d.Participation = &p
	}
	if v.Series != nil {
		d.Series = toSeries(v.Series, lang, v.Event.Start)
	}
	d.Full = v.Full
	return d
}

// EventOrganiser is a group organising an event ("accepted"), or invited
// to co-organise it ("invited", shown to the organisers only).
type EventOrganiser struct {
	Group  GroupSummary `json:"group"`
	Status string       `json:"status"`
}

// EventCounts are the participation figures: registered, approved (seats
// held, attended included), attended, pending and on the waiting list.
type EventCounts struct {
	Registered int `json:"registered"`
	Approved   int `json:"approved"`
	Attended   int `json:"attended"`
	Pending    int `json:"pending"`
	Waitlisted int `json:"waitlisted"`
}

func toCounts(c cortege.ParticipantCounts) EventCounts {
	return EventCounts{Registered: c.Registered, Approved: c.Approved, Attended: c.Attended, Pending: c.Pending, Waitlisted: c.Waitlisted}
}

// EventChange records a change of date, time, place, link or status
// ("moved from … to …"); values the caller may not see are "".
type EventChange struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
	At    string `json:"at"`
}

// Question is a registration question; kind "text" or "choice".
type Question struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	Kind     string   `json:"kind"`
	Choices  []string `json:"choices"`
	Required bool     `json:"required"`
}

func toQuestion(q *cortege.Question) Question {
	return Question{ID: q.ID, Label: q.Label, Kind: q.Kind, Choices: nonNil(q.Choices), Required: q.Required}
}

// Series is the rule of a recurring event, also in words (rule_text, in
// the caller's language, at the hour of the date it is given with) and as
// an RFC 5545 RRULE.
type Series struct {
	ID       string  `json:"id"`
	Freq     string  `json:"freq"`
	Interval int     `json:"interval"`
	Weekday  int     `json:"weekday"`
	Week     int     `json:"week"`
	MonthDay int     `json:"month_day"`
	TZ       string  `json:"tz"`
	Until    *string `json:"until"`
	RuleText string  `json:"rule_text"`
	RRule    string  `json:"rrule"`
}

// toSeries converts a rule, worded at the hour of the date at.
func toSeries(s *cortege.Series, lang string, at time.Time) *Series {
	return &Series{ID: s.ID, Freq: s.Freq, Interval: s.Interval, Weekday: int(s.Weekday), Week: s.Week, MonthDay: s.MonthDay, TZ: s.TZ, Until: optTime(s.Until),
		RuleText: s.Words(lang, at, time.Now()) + " (" + s.TZ + ")", RRule: s.RRule(s.Until)}
}

// EventItem is an event in a list, with its distance from the searched
// point when there was one.
type EventItem struct {
	Event      Event    `json:"event"`
	DistanceKm *float64 `json:"distance_km"`
	// Series is set when the item stands for a whole series, event being
	// its next date: lists show a series once.
	Series *SeriesListing `json:"series"`
}

// EventList answers GET /api/v1/events: one page of results.
type EventList struct {
	Events  []EventItem `json:"events"`
	Page    int         `json:"page"`
	HasNext bool        `json:"has_next"`
	// Next is the cursor of the next page (?after=), absent when there is
	// none or when pages are numbered (a search near a point).
	Next string `json:"next,omitempty"`
}

// handleEventSearch searches listed events: ?q= (accent-insensitive),
// ?from=&to= (RFC 3339 or dates; from defaults to now), ?near= (a commune
// or postal code) or ?lat=&lon=, [&radius_km=], ?online=true, ?category=, ?group= (ID or handle), ?after= (the cursor of the next page), ?page=,
// ?per_page= (at most 100).
func (a *API) handleEventSearch(w http.ResponseWriter, r *http.Request) error {
	var eq service.EventQuery
	var err error
	if eq.Text, err = queryText(r, "q", 200); err != nil {
		return err
	}
	if eq.From, err = queryTime(r, "from"); err != nil {
		return err
	}
	if eq.To, err = queryTime(r, "to"); err != nil {
		return err
	}
	if eq.Near, eq.Lat, eq.Lon, eq.RadiusKM, err = a.nearQuery(r); err != nil {
		return err
	}
	if eq.OnlineOnly, err = queryBool(r, "online"); err != nil {
		return err
	}
	if eq.Category, err = queryText(r, "category", 40); err != nil {
		return err
	}
	if eq.Page, err = queryPage(r); err != nil {
		return err
	}
	if eq.After, err = service.ParseCursor("after", r.URL.Query().Get("after")); err != nil {
		return err
	}
	if pp, ok, err := queryFloat(r, "per_page", 1, 100); err != nil {
		return err
	} else if ok {
		eq.PerPage = int(pp)
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	if ref := r.URL.Query().Get("group"); ref != "" {
		g, err := a.svc.FindGroup(ctx, actor, "group", ref)
		if err != nil {
			return err
		}
		eq.GroupID = g.ID
	}
	res, err := a.svc.SearchEvents(ctx, actor, eq)
	if err != nil {
		return err
	}
	out := EventList{Events: make([]EventItem, 0, len(res.Items)), Page: res.Page, HasNext: res.HasNext, Next: res.Next}
	lang := httpx.Lang(ctx)
	for _, it := range res.Items {
		item := EventItem{Event: a.toEvent(it.Event), Series: a.toSeriesListing(it, lang)}
		if it.HasDist {
			d := it.DistanceKM
			item.DistanceKm = &d
		}
		out.Events = append(out.Events, item)
	}
	return writeJSON(w, http.StatusOK, out)
}

// groupByRef is group for a reference given elsewhere than the path.
func (a *API) groupByRef(r *http.Request, ref string) (*cortege.Group, error) {
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	if validID(ref) {
		g, err := a.svc.GroupByID(ctx, actor, ref)
		if err == nil || !cortege.IsNotFound(err) {
			return g, err
		}
	}
	return a.svc.GroupByHandle(ctx, actor, ref)
}

// eventRef names the event of the {id} path value.
func eventRef(r *http.Request) (service.EventRef, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return service.EventRef{}, err
	}
	return service.ByID(id), nil
}

// organisedEvent names the event of the request and checks the caller
// organises it (ENOTFOUND when they cannot see it, EFORBIDDEN when they
// only can), before the handler reads anything of the body beyond its
// JSON: a stranger's answer never depends on what the body says.
func (a *API) organisedEvent(r *http.Request) (service.EventRef, *service.EventView, error) {
	ref, err := eventRef(r)
	if err != nil {
		return ref, nil, err
	}
	v, err := a.svc.Event(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return ref, nil, err
	}
	if !v.CanEdit {
		return ref, nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return ref, v, nil
}

// writeEvent answers the event as the caller now sees it.
func (a *API) writeEvent(w http.ResponseWriter, r *http.Request, id string, status int) error {
	v, err := a.svc.Event(r.Context(), httpx.Actor(r.Context()), service.ByID(id))
	if err != nil {
		return err
	}
	return writeJSON(w, status, a.toEventDetail(v, httpx.Lang(r.Context())))
}

// handleEventGet answers an event as the caller may see it: the hidden
// place and link only for organisers and approved participants.
func (a *API) handleEventGet(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	return a.writeEvent(w, r, ref.ID, http.StatusOK)
}
