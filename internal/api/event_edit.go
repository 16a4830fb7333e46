package api

import (
	"encoding/json"
	"net/http"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// EventCreate is the body of POST /api/v1/events. start and title are
// required; start and end are RFC 3339 instants or local date-times
// without offset on the clocks of tz (a local time the clocks skip is
// refused); end defaults to two hours later, tz to the
// instance's zone, publish to true (false keeps a draft), visibility to
// public, join_mode to free.
type EventCreate struct {
	Title               string          `json:"title"`
	Description         string          `json:"description"`
	Start               string          `json:"start"`
	End                 string          `json:"end"`
	TZ                  string          `json:"tz"`
	PlaceArea           string          `json:"place_area"`
	Place               string          `json:"place"`
	Coordinates         *Coordinates    `json:"coordinates"`
	OnlineURL           string          `json:"online_url"`
	PlaceTBA            bool            `json:"place_tba"`
	OnlineTBA           bool            `json:"online_tba"`
	HidePlace           bool            `json:"hide_place"`
	HideOnline          bool            `json:"hide_online"`
	Category            string          `json:"category"`
	Tags                []string        `json:"tags"`
	Status              string          `json:"status"`
	Publish             *bool           `json:"publish"`
	Visibility          string          `json:"visibility"`
	JoinMode            string          `json:"join_mode"`
	Capacity            int             `json:"capacity"`
	HideCount           bool            `json:"hide_count"`
	ParticipantsVisible bool            `json:"participants_visible"`
	Conduct             string          `json:"conduct"`
	ConductRequired     bool            `json:"conduct_required"`
	CommentsClosed      bool            `json:"comments_closed"`
	Questions           []QuestionInput `json:"questions"`
	Group               string          `json:"group"`
	Repeat              *RepeatInput    `json:"repeat"`
}

// QuestionInput is a registration question an organiser sets.
type QuestionInput struct {
	Label    string   `json:"label"`
	Kind     string   `json:"kind"`
	Choices  []string `json:"choices,omitempty"`
	Required bool     `json:"required,omitempty"`
}

// RepeatInput makes a new event the first occurrence of a series: freq
// weekly, monthly_date or monthly_weekday ("third Friday";
// last_weekday for "last Friday"), every interval weeks or months, until
// a date.
type RepeatInput struct {
	Freq        string `json:"freq"`
	Interval    int    `json:"interval,omitempty"`
	LastWeekday bool   `json:"last_weekday,omitempty"`
	Until       string `json:"until,omitempty"`
}

// EventUpdate is the body of PATCH /api/v1/events/{id}; absent fields
// stay, "coordinates": null removes the point, "questions" replaces them
// all. ?scope=following applies the edit to the following occurrences of
// a series too.
type EventUpdate struct {
	Title               *string          `json:"title"`
	Description         *string          `json:"description"`
	Start               *string          `json:"start"`
	End                 *string          `json:"end"`
	TZ                  *string          `json:"tz"`
	PlaceArea           *string          `json:"place_area"`
	Place               *string          `json:"place"`
	Coordinates         json.RawMessage  `json:"coordinates"`
	OnlineURL           *string          `json:"online_url"`
	PlaceTBA            *bool            `json:"place_tba"`
	OnlineTBA           *bool            `json:"online_tba"`
	HidePlace           *bool            `json:"hide_place"`
	HideOnline          *bool            `json:"hide_online"`
	Category            *string          `json:"category"`
	Tags                *[]string        `json:"tags"`
	Status              *string          `json:"status"`
	Visibility          *string          `json:"visibility"`
	JoinMode            *string          `json:"join_mode"`
	Capacity            *int             `json:"capacity"`
	HideCount           *bool            `json:"hide_count"`
	ParticipantsVisible *bool            `json:"participants_visible"`
	Conduct             *string          `json:"conduct"`
	ConductRequired     *bool            `json:"conduct_required"`
	CommentsClosed      *bool            `json:"comments_closed"`
	Questions           *[]QuestionInput `json:"questions"`
}

// CancelBody is the body of POST /api/v1/events/{id}/cancel: "this"
// (default) or "following" occurrences of a series, and the reason told
// to participants and shown on the page (Markdown, optional).
type CancelBody struct {
	Scope  string `json:"scope,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// ReportBody is the body of PUT /api/v1/events/{id}/report: the
// after-event report (compte-rendu) in Markdown; "" removes it.
type ReportBody struct {
	Report string `json:"report"`
}

func questions(in []QuestionInput) []*cortege.Question {
	out := make([]*cortege.Question, 0, len(in))
	for i, q := range in {
		out = append(out, &cortege.Question{Label: q.Label, Kind: q.Kind, Choices: q.Choices, Required: q.Required, Position: i})
	}
	return out
}

func parseScope(field, s string) (service.EventScope, error) {
	switch s {
	case "", "this":
		return service.ScopeThis, nil
	case "following":
		return service.ScopeFollowing, nil
	}
	return 0, cortege.Invalid(field, "err.api.scope")
}

// handleEventCreate creates an event organised by the caller's profile,
// and by a group they administer or moderate when "group" is given.
func (a *API) handleEventCreate(w http.ResponseWriter, r *http.Request) error {
	var in EventCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	var start, end time.Time
	var err error
	tz := in.TZ
	if tz == "" {
		set, err := a.svc.EventSettings(r.Context())
		if err != nil {
			return err
		}
		tz = set.DefaultTZ
	}
	if in.Start != "" {
		if start, err = eventTime("start", in.Start, tz); err != nil {
			return err
		}
	}
	if in.End != "" {
		if end, err = eventTime("end", in.End, tz); err != nil {
			return err
		}
	}
	ei := service.EventInput{Title: in.Title, Description: in.Description, Start: start, End: end, TZ: in.TZ,
		PlaceArea: in.PlaceArea, Place: in.Place, OnlineURL: in.OnlineURL, PlaceTBA: in.PlaceTBA, OnlineTBA: in.OnlineTBA,
		HidePlace: in.HidePlace, HideOnline: in.HideOnline, Category: in.Category, Tags: in.Tags, Status: in.Status,
		Publish: in.Publish == nil || *in.Publish, Visibility: in.Visibility, JoinMode: in.JoinMode, Capacity: in.Capacity,
		HideCount: in.HideCount, ParticipantsVisible: in.ParticipantsVisible, Conduct: in.Conduct,
		ConductRequired: in.ConductRequired, CommentsClosed: in.CommentsClosed}
	if in.Coordinates != nil {
		ei.HasCoords, ei.Lat, ei.Lon = true, in.Coordinates.Lat, in.Coordinates.Lon
	}
	if in.Questions != nil {
		ei.Questions = questions(in.Questions)
	}
	if in.Repeat != nil {
		until, err := optTimeIn("repeat", &in.Repeat.Until)
		if err != nil {
			return err
		}
		ei.Repeat = &service.RepeatInput{Freq: in.Repeat.Freq, Interval: in.Repeat.Interval, LastWeekday: in.Repeat.LastWeekday, Until: until}
	}
	if in.Group != "" {
		g, err := a.groupByRef(r, in.Group)
		if err != nil {
			if cortege.IsNotFound(err) {
				return cortege.Invalid("group", "err.group.not_found")
			}
			return err
		}
		ei.GroupID = g.ID
	}
	e, err := a.svc.CreateEvent(r.Context(), httpx.Actor(r.Context()), ei)
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/events/"+e.ID)
	return a.writeEvent(w, r, e.ID, http.StatusCreated)
}

// handleEventUpdate saves the organisers' edit; changes of date, time or
// place are recorded and told to participants.
func (a *API) handleEventUpdate(w http.ResponseWriter, r *http.Request) error {
	var in EventUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, v, err := a.organisedEvent(r)
	if err != nil {
		return err
	}
	scope, err := parseScope("scope", r.URL.Query().Get("scope"))
	if err != nil {
		return err
	}
	coords, setCoords, err := rawCoordinates(in.Coordinates)
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	ei, err := editInput(v.Event, in)
	if err != nil {
		return err
	}
	if setCoords {
		ei.HasCoords, ei.Lat, ei.Lon = coords != nil, 0, 0
		if coords != nil {
			ei.Lat, ei.Lon = coords.Lat, coords.Lon
		}
	}
	if _, err := a.svc.UpdateEvent(ctx, actor, ref, ei, scope); err != nil {
		return err
	}
	return a.writeEvent(w, r, ref.ID, http.StatusOK)
}

// editInput starts from the event as its organiser sees it (nothing is
// redacted for them) and applies the PATCH.
func editInput(e *cortege.Event, in EventUpdate) (service.EventInput, error) {
	ei := service.EventInput{Title: e.Title, Description: e.Description, Start: e.Start, End: e.End, TZ: e.TZ,
		PlaceArea: e.PlaceArea, Place: e.Place, HasCoords: e.HasCoords, Lat: e.Lat, Lon: e.Lon, OnlineURL: e.OnlineURL,
		PlaceTBA: e.PlaceTBA, OnlineTBA: e.OnlineTBA, HidePlace: e.HidePlace, HideOnline: e.HideOnline,
		Category: e.Category, Tags: e.Tags, Status: e.Status, Publish: e.Published, Visibility: e.Visibility,
		JoinMode: e.JoinMode, Capacity: e.Capacity, HideCount: e.HideCount, ParticipantsVisible: e.ParticipantsVisible,
		Conduct: e.Conduct, ConductRequired: e.ConductRequired, CommentsClosed: e.CommentsClosed}
	for _, f := range []struct{ in, out *string }{
		{in.Title, &ei.Title}, {in.Description, &ei.Description}, {in.TZ, &ei.TZ}, {in.PlaceArea, &ei.PlaceArea},
		{in.Place, &ei.Place}, {in.OnlineURL, &ei.OnlineURL}, {in.Category, &ei.Category}, {in.Status, &ei.Status},
		{in.Visibility, &ei.Visibility}, {in.JoinMode, &ei.JoinMode}, {in.Conduct, &ei.Conduct},
	} {
		setStr(f.out, f.in)
	}
	for _, f := range []struct{ in, out *bool }{
		{in.PlaceTBA, &ei.PlaceTBA}, {in.OnlineTBA, &ei.OnlineTBA}, {in.HidePlace, &ei.HidePlace}, {in.HideOnline, &ei.HideOnline},
		{in.HideCount, &ei.HideCount}, {in.ParticipantsVisible, &ei.ParticipantsVisible}, {in.ConductRequired, &ei.ConductRequired},
		{in.CommentsClosed, &ei.CommentsClosed},
	} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if in.Capacity != nil {
		ei.Capacity = *in.Capacity
	}
	if in.Tags != nil {
		ei.Tags = *in.Tags
	}
	if in.Questions != nil {
		ei.Questions = questions(*in.Questions)
	}
	var err error
	if in.Start != nil {
		if ei.Start, err = eventTime("start", *in.Start, ei.TZ); err != nil {
			return ei, err
		}
		if in.End == nil {
			ei.End = ei.Start.Add(e.End.Sub(e.Start)) // keep the length
		}
	}
	if in.End != nil && *in.End != "" {
		if ei.End, err = eventTime("end", *in.End, ei.TZ); err != nil {
			return ei, err
		}
	} else if in.End != nil {
		ei.End = time.Time{}
	}
	return ei, nil
}

// publish serves publish and unpublish (back to draft); organisers.
func (a *API) publish(on bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ref, err := eventRef(r)
		if err != nil {
			return err
		}
		if _, err := a.svc.SetPublished(r.Context(), httpx.Actor(r.Context()), ref, on); err != nil {
			return err
		}
		return a.writeEvent(w, r, ref.ID, http.StatusOK)
	}
}

// handleEventCancel calls an event off (it stays visible, marked
// cancelled, with the reason); everyone registered is told.
func (a *API) handleEventCancel(w http.ResponseWriter, r *http.Request) error {
	var in CancelBody
	if err := decodeOptional(w, r, &in); err != nil {
		return err
	}
	ref, _, err := a.organisedEvent(r)
	if err != nil {
		return err
	}
	scope, err := parseScope("scope", in.Scope)
	if err != nil {
		return err
	}
	if _, err := a.svc.CancelEvent(r.Context(), httpx.Actor(r.Context()), ref, scope, in.Reason); err != nil {
		return err
	}
	return a.writeEvent(w, r, ref.ID, http.StatusOK)
}

// handleEventDelete deletes an event nobody registered for; organisers.
func (a *API) handleEventDelete(w http.ResponseWriter, r *http.Request) error {
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	if err := a.svc.DeleteEvent(r.Context(), httpx.Actor(r.Context()), ref); err != nil {
		return err
	}
	return noContent(w)
}

// handleEventReport publishes the after-event report; organisers.
func (a *API) handleEventReport(w http.ResponseWriter, r *http.Request) error {
	var in ReportBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ref, err := eventRef(r)
	if err != nil {
		return err
	}
	if _, err := a.svc.PublishReport(r.Context(), httpx.Actor(r.Context()), ref, in.Report); err != nil {
		return err
	}
	return a.writeEvent(w, r, ref.ID, http.StatusOK)
}

// eventPicture serves PUT (raw image body) and DELETE of an event's
// picture; organisers.
func (a *API) eventPicture(remove bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		var data []byte
		if !remove {
			var err error
			if data, err = a.readImage(w, r, "picture"); err != nil {
				return err
			}
		}
		ref, err := eventRef(r)
		if err != nil {
			return err
		}
		ctx, actor := r.Context(), httpx.Actor(r.Context())
		v, err := a.svc.Event(ctx, actor, ref)
		if err != nil {
			return err
		}
		if !v.CanEdit {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
		}
		ei, err := editInput(v.Event, EventUpdate{})
		if err != nil {
			return err
		}
		ei.Picture, ei.NoPicture = data, remove
		if _, err := a.svc.UpdateEvent(ctx, actor, ref, ei, service.ScopeThis); err != nil {
			return err
		}
		return a.writeEvent(w, r, ref.ID, http.StatusOK)
	}
}
