package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// eventPageData is the view model of an event's page. Everything comes
// from the service's EventView, already redacted for the viewer.
type eventPageData struct {
	V                *service.EventView
	Ref              evRef
	When             string
	Description      template.HTML
	Report           template.HTML
	JSONLD           *service.JSONLDEvent // public pages only
	Changes          []changeLine
	Comments         []service.EventCommentView
	Photos           []*cortege.EventPhoto
	Participants     []service.ParticipantView
	ShowParticipants bool
	Ticket           *service.Ticket
	Conduct          []conductBlock // the codes of conduct shown with the join form
	PhotoAuthors     map[string]*cortege.Profile
	Occurrences      []eventItem // the series' other dates to come
	SeriesWords      string      // the series' rule in words, "" for a single event
	WaitlistPlace    string      // "You are 3rd on the waiting list", "" when not waitlisted
	Started, Past    bool
	CanPhoto         bool
	Licence          string
	SignedIn         bool
	ShareURL         string
	MaxMB            int
	Where            *whereView          // nil when there is no place to show
	Petitions        []*cortege.Petition // the petitions the event is linked to (petition_gathering.go)
	lang             string
	loc              *time.Location // the event's zone, loaded once
}

// At writes an instant in the event's zone.
func (d *eventPageData) At(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if d.lang == "fr" {
		return t.In(d.loc).Format("02/01/2006 15:04")
	}
	return t.In(d.loc).Format("2006-01-02 15:04")
}

// Status is the viewer's participation status, "" when none.
func (d *eventPageData) Status() string {
	if d.V.Mine == nil {
		return ""
	}
	return d.V.Mine.Status
}

// CanLeave reports whether the viewer holds a registration to withdraw.
func (d *eventPageData) CanLeave() bool {
	return d.V.Mine != nil && d.V.Mine.Active() && d.V.Mine.Status != cortege.PartInvited
}

// Seats is what remains of the capacity, -1 when unlimited or unknown.
func (d *eventPageData) Seats() int {
	if d.V.Event.Capacity == 0 || d.V.Counts == nil {
		return -1
	}
	return max(0, d.V.Event.Capacity-d.V.Counts.Approved)
}

// conductBlock is one code of conduct on the event page: the event's own
// (plain text, Group nil) or an organising group's (Markdown, sanitised).
type conductBlock struct {
	Group *cortege.Group
	Text  string
	HTML  template.HTML
}

func conductBlocks(c cortege.EventConduct) []conductBlock {
	var out []conductBlock
	for _, code := range c.Codes {
		b := conductBlock{Group: code.Group, Text: code.Text}
		if code.Group != nil {
			b.HTML = markdown.HTML(code.Text)
		}
		out = append(out, b)
	}
	return out
}

// photoAuthors names the photos' authors (their licence asks for
// attribution): erased and suspended profiles come back marked.
func (w *Web) photoAuthors(r *http.Request, ps []*cortege.EventPhoto) (map[string]*cortege.Profile, error) {
	var ids []string
	for _, p := range ps {
		ids = append(ids, p.ProfileID)
	}
	return w.svc.ProfileNames(r.Context(), httpx.Actor(r.Context()), ids)
}

// eventPage gathers an event's page for the request's actor.
func (w *Web) eventPage(r *http.Request, ref service.EventRef, er evRef) (*eventPageData, error) {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	lang := info(r).lang
	pg, err := w.svc.ShowEvent(ctx, a, ref)
	if err != nil {
		return nil, err
	}
	v := pg.EventView
	er.ID = v.Event.ID
	e := v.Event
	now := time.Now()
	d := &eventPageData{V: v, Ref: er, lang: lang, When: service.FormatWhen(lang, e),
		Description: markdown.HTML(e.Description), Report: markdown.HTML(e.Report),
		Changes: changeLines(lang, e, v.Changes), SignedIn: a.SignedIn() && a.Profile != nil,
		Started: !e.Start.After(now), Past: e.Past(now), ShareURL: v.URL, MaxMB: maxUploadBytes >> 20, loc: e.Location(),
		Conduct: conductBlocks(v.Conduct)}
	d.Where = w.eventWhere(lang, v)
	if e.Published && e.Confirmed && e.Visibility != cortege.VisibilityPrivate {
		j := w.svc.JSONLD(v)
		d.JSONLD = &j
	}
	d.CanPhoto = e.CanAddPhoto(v.Viewer, d.Started) && d.SignedIn
	d.Comments, d.Photos = pg.Comments, pg.Photos
	if d.PhotoAuthors, err = w.photoAuthors(r, d.Photos); err != nil {
		return nil, err
	}
	set, err := w.svc.EventSettings(ctx)
	if err != nil {
		return nil, err
	}
	d.Licence = set.PhotoLicence
	d.Participants, d.ShowParticipants, d.Ticket = pg.Participants, pg.ShowParticipants, pg.Ticket
	d.Petitions = pg.Petitions
	if v.WaitlistRank > 0 {
		d.WaitlistPlace = w.cat.T(lang, "event.waitlist.rank", ordinal(lang, v.WaitlistRank))
	}
	if e.SeriesID != "" {
		if v.Series != nil {
			d.SeriesWords = v.Series.Words(lang, e.Start, now) + " (" + v.Series.TZ + ")"
		}
		for _, o := range pg.NextOccurrences {
			d.Occurrences = append(d.Occurrences, itemOf(lang, o))
		}
	}
	return d, nil
}

// handleEvent shows an event's page, or its calendar file for /events/ID.ics.
func (w *Web) handleEvent(rw http.ResponseWriter, r *http.Request) error {
	if id, ok := strings.CutSuffix(r.PathValue("id"), ".ics"); ok {
		ref, _ := eventRef(r)
		if ref.ManageToken == "" {
			ref = service.ByID(id)
		}
		b, err := w.svc.EventICS(r.Context(), httpx.Actor(r.Context()), ref)
		if err != nil {
			return err
		}
		return writeCalendar(rw, r, b, "event-"+id+".ics")
	}
	ref, er := eventRef(r)
	d, err := w.eventPage(r, ref, er)
	if err != nil {
		return err
	}
	return w.renderEvent(rw, r, http.StatusOK, d, nil)
}

// renderEvent writes the event page, titled by the event.
func (w *Web) renderEvent(rw http.ResponseWriter, r *http.Request, status int, d *eventPageData, f *form) error {
	p, err := w.newPage(r, "event.title", d)
	if err != nil {
		return err
	}
	p.Form = f
	p.Title = d.V.Event.Title
	w.eventMeta(p, d.V)
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	if d.Ref.ByLink || d.V.Mine != nil {
		rw.Header().Set("Cache-Control", "private, no-store")
	}
	rw.Header().Set("Content-Security-Policy", w.whereCSP(d.Where))
	return w.write(rw, status, "event_show", p)
}

// eventFormPage shows the event page again with a form's messages, or
// returns err when it is not about what was typed.
func (w *Web) eventFormPage(rw http.ResponseWriter, r *http.Request, ref service.EventRef, er evRef, f *form, err error) error {
	if isTooLarge(err) {
		f.Summary = append(f.Summary, w.cat.T(info(r).lang, "err.upload.too_large"))
		d, lerr := w.eventPage(r, ref, er)
		if lerr != nil {
			return lerr
		}
		return w.renderEvent(rw, r, http.StatusRequestEntityTooLarge, d, f)
	}
	status := w.formFail(f, info(r).lang, err)
	if status == 0 {
		return err
	}
	d, lerr := w.eventPage(r, ref, er)
	if lerr != nil {
		return lerr
	}
	return w.renderEvent(rw, r, status, d, f)
}

// writeCalendar answers an iCalendar file.
func writeCalendar(rw http.ResponseWriter, r *http.Request, b []byte, name string) error {
	h := rw.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="`+name+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if h.Get("Cache-Control") == "" && httpx.Actor(r.Context()).SignedIn() {
		h.Set("Cache-Control", "private, no-cache") // may hold what others may not see
	} else if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	_, err := rw.Write(b)
	return err
}
