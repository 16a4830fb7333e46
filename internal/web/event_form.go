package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// eventFields are the fields of the event form.
var eventFields = []string{
	"title", "description", "start", "end", "tz", "place_area", "place", "lat", "lon", "online_url",
	"place_tba", "online_tba", "hide_place", "hide_online", "category", "tags", "status", "publish",
	"visibility", "join_mode", "capacity", "hide_count", "participants_visible", "conduct",
	"conduct_required", "comments_closed", "questions", "group", "repeat", "interval", "until", "email",
	"no_picture", "scope", "picture", "place_choice", "coords_auto",
}

// eventFormData is the view model of the create and edit pages.
type eventFormData struct {
	Ref        evRef
	Edit       bool
	Event      *cortege.Event
	Anonymous  bool // creating without an account: an address is asked
	Zones      []string
	Categories []string
	Groups     []*cortege.Group
	Series     bool
	MaxMB      int
}

// Action is where the form posts.
func (d *eventFormData) Action() string {
	if d.Edit {
		return d.Ref.Path("/edit")
	}
	return "/events"
}

func (w *Web) eventFormData(r *http.Request, edit *service.EventView, ref evRef) (*eventFormData, error) {
	a := httpx.Actor(r.Context())
	d := &eventFormData{Ref: ref, Categories: cortege.EventCategories, MaxMB: maxUploadBytes >> 20}
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return nil, err
	}
	if edit != nil {
		d.Edit, d.Event, d.Series = true, edit.Event, edit.Event.SeriesID != ""
		d.Zones = zonesWith(edit.Event.TZ, set.DefaultTZ)
	} else {
		d.Anonymous = !a.SignedIn() || a.Profile == nil
		if d.Anonymous && !set.AnonymousCreation {
			return nil, cortege.Errorf(cortege.EUNAUTH, "err.event.signin_required")
		}
		d.Zones = zonesWith(set.DefaultTZ)
	}
	if d.Groups, err = w.svc.OrganisableGroups(r.Context(), a); err != nil {
		return nil, err
	}
	return d, nil
}

// handleEventNew shows the creation form with its defaults: the
// instance's zone, public, free to join, published.
func (w *Web) handleEventNew(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.eventFormData(r, nil, evRef{})
	if err != nil {
		return err
	}
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return err
	}
	f := &form{Name: "event", Values: map[string]string{
		"tz": set.DefaultTZ, "publish": "1", "visibility": cortege.VisibilityPublic, "join_mode": cortege.JoinFree,
		"status": cortege.EventConfirmed, "interval": "1", "group": r.URL.Query().Get("group"),
	}, Errors: map[string]string{}}
	return w.render(rw, r, http.StatusOK, "event_form", "event.new.title", d, f)
}

// handleEventCreate creates the event: signed in, it opens the new page;
// without an account, it says to check the mail for the confirmation
// link (which is also the private management link).
func (w *Web) handleEventCreate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	d, err := w.eventFormData(r, nil, evRef{})
	if err != nil {
		return err
	}
	f, pic, err := parseMultipart(rw, r, "event", "picture", eventFields...)
	var e *cortege.Event
	if err == nil {
		var in service.EventInput
		in, err = w.eventInput(r, f, nil)
		if err == nil {
			in.Picture, in.Lang = pic, info(r).lang
			e, err = w.svc.CreateEvent(r.Context(), a, in)
		}
	}
	if err != nil {
		w.placeChoices(f, "place_area", err)
		return w.formPage(rw, r, "event_form", "event.new.title", d, f, err)
	}
	if d.Anonymous {
		// A redirect, so reloading the page makes no second event.
		return w.redirect(rw, r, eventSentPath)
	}
	return w.redirect(rw, r, "/events/"+e.ID+"?ok=event_created")
}

// eventSentPath is the "check your mail" page after a creation without
// an account.
const eventSentPath = "/events/sent"

// handleEventSent says the creation link went out (to the address given,
// which the page does not repeat: it is not in its address).
func (w *Web) handleEventSent(rw http.ResponseWriter, r *http.Request) error {
	return w.render(rw, r, http.StatusOK, "event_sent", "event.sent.title", nil, nil)
}

// handleEventEdit shows the edit form of an event to its organisers.
func (w *Web) handleEventEdit(rw http.ResponseWriter, r *http.Request) error {
	ref, er := eventRef(r)
	v, err := w.svc.Event(r.Context(), httpx.Actor(r.Context()), ref)
	if err != nil {
		return err
	}
	if !v.CanEdit {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	er.ID = v.Event.ID
	d, err := w.eventFormData(r, v, er)
	if err != nil {
		return err
	}
	f := &form{Name: "event", Values: eventValues(v.Event, v.Questions), Errors: map[string]string{}}
	return w.render(rw, r, http.StatusOK, "event_form", "event.edit.title", d, f)
}

// handleEventUpdate saves an edit (for a series: this occurrence, or this
// one and the following).
func (w *Web) handleEventUpdate(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	ref, er := eventRef(r)
	v, err := w.svc.Event(r.Context(), a, ref)
	if err != nil {
		return err
	}
	if !v.CanEdit {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	er.ID = v.Event.ID
	d, err := w.eventFormData(r, v, er)
	if err != nil {
		return err
	}
	f, pic, err := parseMultipart(rw, r, "event", "picture", eventFields...)
	if err == nil {
		var in service.EventInput
		in, err = w.eventInput(r, f, v)
		if err == nil {
			in.Picture, in.NoPicture = pic, f.V("no_picture") != ""
			scope := service.ScopeThis
			if f.V("scope") == "following" {
				scope = service.ScopeFollowing
			}
			_, err = w.svc.UpdateEvent(r.Context(), a, ref, in, scope)
		}
	}
	if err != nil {
		w.placeChoices(f, "place_area", err)
		return w.formPage(rw, r, "event_form", "event.edit.title", d, f, err)
	}
	return w.redirect(rw, r, okPath(er.Path(""), "event_saved"))
}

// okPath adds ?ok=KEY (or &ok=KEY) to a local path.
func okPath(path, key string) string {
	if strings.Contains(path, "?") {
		return path + "&ok=" + key
	}
	return path + "?ok=" + key
}

// eventInput turns the form into the service's input, refusing here only
// what the service cannot see (a date or number that does not parse).
func (w *Web) eventInput(r *http.Request, f *form, edit *service.EventView) (service.EventInput, error) {
	on := func(k string) bool { return f.V(k) != "" }
	in := service.EventInput{
		Title: f.V("title"), Description: f.V("description"), PlaceArea: f.V("place_area"), Place: f.V("place"),
		OnlineURL: f.V("online_url"), PlaceTBA: on("place_tba"), OnlineTBA: on("online_tba"), HidePlace: on("hide_place"),
		HideOnline: on("hide_online"), Category: f.V("category"), Status: f.V("status"), Publish: on("publish"),
		Visibility: f.V("visibility"), JoinMode: f.V("join_mode"), HideCount: on("hide_count"),
		ParticipantsVisible: on("participants_visible"), Conduct: f.V("conduct"), ConductRequired: on("conduct_required"),
		CommentsClosed: on("comments_closed"), CreatorEmail: f.V("email"), PlaceChoice: f.V("place_choice"),
	}
	if strings.TrimSpace(in.Title) == "" {
		return in, invalid("title", "err.event.title_required")
	}
	if len(in.Title) > 4*cortege.MaxEventTitleLen {
		return in, invalid("title", "err.event.title_invalid")
	}
	tz := strings.TrimSpace(f.V("tz"))
	if tz == "" {
		set, err := w.svc.EventSettings(r.Context())
		if err != nil {
			return in, err
		}
		tz = set.DefaultTZ
	}
	loc, err := loadZone(tz)
	if err != nil {
		return in, err
	}
	in.TZ = loc.String()
	if in.Start, err = parseEventTime("start", f.V("start"), loc); err != nil {
		return in, err
	}
	if in.Start.IsZero() {
		return in, invalid("start", "err.event.start_required")
	}
	if in.End, err = parseEventTime("end", f.V("end"), loc); err != nil {
		return in, err
	}
	if !in.End.IsZero() && !in.End.After(in.Start) {
		return in, invalid("end", "err.event.end_before_start")
	}
	lat, lon := f.V("lat"), f.V("lon")
	if f.V("coords_auto") == "1" {
		lat, lon = "", "" // filled by the page's script from the commune: the server places it again
	}
	if in.HasCoords, in.Lat, in.Lon, err = parseCoords(lat, lon); err != nil {
		return in, err
	}
	if in.Capacity, err = parseCapacity(f.V("capacity")); err != nil {
		return in, err
	}
	in.Tags = parseTags(f.V("tags"))
	var old []*cortege.Question
	if edit != nil {
		old = edit.Questions
	}
	if in.Questions, err = parseQuestions(f.V("questions"), old); err != nil {
		return in, err
	}
	if edit != nil {
		return in, nil
	}
	in.GroupID = strings.TrimSpace(f.V("group"))
	in.Repeat, err = parseRepeat(f.V("repeat"), f.V("interval"), f.V("until"), loc)
	return in, err
}

// parseCoords reads the typed latitude and longitude (a decimal comma
// allowed); both empty is no point.
func parseCoords(lat, lon string) (ok bool, la, lo float64, err error) {
	lat, lon = strings.TrimSpace(lat), strings.TrimSpace(lon)
	if lat == "" && lon == "" {
		return false, 0, 0, nil
	}
	la, err1 := strconv.ParseFloat(strings.Replace(lat, ",", ".", 1), 64)
	lo, err2 := strconv.ParseFloat(strings.Replace(lon, ",", ".", 1), 64)
	if err1 != nil || err2 != nil || !(la >= -90 && la <= 90) || !(lo >= -180 && lo <= 180) { // NaN too
		return false, 0, 0, invalid("lat", "err.event.coords_invalid")
	}
	return true, la, lo, nil
}

// parseCapacity reads the number of seats; empty is no limit (0).
func parseCapacity(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > cortege.MaxEventCapacity {
		return 0, invalid("capacity", "err.event.capacity_invalid")
	}
	return n, nil
}

// parseTags splits the typed tags at commas; the domain normalises them.
func parseTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// parseRepeat reads the repeat fields of a new event: the rule
// ("monthly_last" is the last weekday of the month), every interval
// weeks or months, until a day of zone loc (its end); rule "" is none.
func parseRepeat(rule, interval, until string, loc *time.Location) (*service.RepeatInput, error) {
	if rule == "" {
		return nil, nil
	}
	ri := &service.RepeatInput{Freq: rule, Interval: 1}
	if rule == "monthly_last" {
		ri.Freq, ri.LastWeekday = cortege.FreqMonthlyWeekday, true
	}
	if iv := strings.TrimSpace(interval); iv != "" {
		n, err := strconv.Atoi(iv)
		if err != nil {
			return nil, invalid("interval", "err.series.interval_invalid")
		}
		ri.Interval = n
	}
	end, err := parseLocal("until", until, loc)
	if err != nil {
		return nil, err
	}
	if !end.IsZero() {
		ri.Until = end.Add(24*time.Hour - time.Second)
	}
	return ri, nil
}

// parseQuestions reads the registration questions, one a line: "Label"
// for a short text, "Label | choice | choice" for a choice, a leading "*"
// for a required answer. Questions kept with the same label keep their ID,
// so answers already given stay attached.
func parseQuestions(s string, old []*cortege.Question) ([]*cortege.Question, error) {
	byLabel := map[string]string{}
	for _, q := range old {
		byLabel[q.Label] = q.ID
	}
	out := []*cortege.Question{}
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if len(out) >= cortege.MaxQuestions {
			return nil, invalid("questions", "err.question.too_many")
		}
		q := &cortege.Question{Kind: cortege.QuestionText, Position: len(out)}
		if rest, ok := strings.CutPrefix(line, "*"); ok {
			q.Required, line = true, strings.TrimSpace(rest)
		}
		parts := strings.Split(line, "|")
		q.Label = strings.TrimSpace(parts[0])
		if len(parts) > 1 {
			q.Kind, q.Choices = cortege.QuestionChoice, parts[1:]
		}
		q.ID = byLabel[q.Label]
		out = append(out, q)
	}
	return out, nil
}

// questionsText writes questions back in the form's syntax.
func questionsText(qs []*cortege.Question) string {
	var b strings.Builder
	for _, q := range qs {
		if q.Required {
			b.WriteString("* ")
		}
		b.WriteString(q.Label)
		for _, c := range q.Choices {
			b.WriteString(" | " + c)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// eventValues fills the edit form from an event.
func eventValues(e *cortege.Event, qs []*cortege.Question) map[string]string {
	b := func(x bool) string {
		if x {
			return "1"
		}
		return ""
	}
	loc := e.Location()
	v := map[string]string{
		"title": e.Title, "description": e.Description, "start": localValue(e.Start, loc), "end": localValue(e.End, loc),
		"tz": e.TZ, "place_area": e.PlaceArea, "place": e.Place, "online_url": e.OnlineURL,
		"place_tba": b(e.PlaceTBA), "online_tba": b(e.OnlineTBA), "hide_place": b(e.HidePlace), "hide_online": b(e.HideOnline),
		"category": e.Category, "tags": strings.Join(e.Tags, ", "), "status": e.Status, "publish": b(e.Published),
		"visibility": e.Visibility, "join_mode": e.JoinMode, "hide_count": b(e.HideCount),
		"participants_visible": b(e.ParticipantsVisible), "conduct": e.Conduct, "conduct_required": b(e.ConductRequired),
		"comments_closed": b(e.CommentsClosed), "questions": questionsText(qs), "scope": "this",
	}
	if e.Capacity > 0 {
		v["capacity"] = strconv.Itoa(e.Capacity)
	}
	if e.HasCoords {
		v["lat"] = strconv.FormatFloat(e.Lat, 'f', -1, 64)
		v["lon"] = strconv.FormatFloat(e.Lon, 'f', -1, 64)
	}
	return v
}
