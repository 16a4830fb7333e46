package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/feed"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// handleInstanceICS is the calendar of the instance's listed events, or
// of a search: the query of /events (q, near, radius, from, to, category,
// group, online) filters it the same way.
func (w *Web) handleInstanceICS(rw http.ResponseWriter, r *http.Request) error {
	eq, err := w.feedQuery(r)
	if err != nil {
		return err
	}
	b, err := w.svc.SearchICS(r.Context(), httpx.Actor(r.Context()), eq)
	if err != nil {
		return err
	}
	return writeCalendar(rw, r, b, "events.ics")
}

// handleInstanceAtom is the Atom feed of the instance's listed events, or
// of a search (the query of /events).
func (w *Web) handleInstanceAtom(rw http.ResponseWriter, r *http.Request) error {
	eq, err := w.feedQuery(r)
	if err != nil {
		return err
	}
	b, err := w.svc.SearchAtom(r.Context(), httpx.Actor(r.Context()), eq)
	if err != nil {
		return err
	}
	return writeAtom(rw, b)
}

// feedQuery reads a feed's query as the search form reads it.
func (w *Web) feedQuery(r *http.Request) (service.EventQuery, error) {
	f := &form{Name: "search", Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range searchFields {
		f.Values[k] = r.URL.Query().Get(k)
	}
	eq, err := w.eventQuery(r, f)
	if err != nil {
		return eq, err
	}
	_, near, err := w.readPlaceSearch(r, "f-search", "/events")
	near.apply(&eq)
	return eq, err
}

// handleMyICS is a profile's "my events" calendar behind its secret URL
// (/feeds/my/TOKEN.ics); a revoked or unknown token is 404.
func (w *Web) handleMyICS(rw http.ResponseWriter, r *http.Request) error {
	tok, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	b, err := w.svc.ProfileICS(r.Context(), tok)
	if err != nil {
		return err
	}
	rw.Header().Set("Cache-Control", "private, no-cache")
	rw.Header().Set("Referrer-Policy", "no-referrer")
	return writeCalendar(rw, r, b, "my-events.ics")
}

// handleGroupEventsICS is /@HANDLE/events.ics: the group's events the
// visitor may see, as a calendar.
func (w *Web) handleGroupEventsICS(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	g, err := w.svc.GroupByHandle(r.Context(), a, r.PathValue("handle"))
	if err != nil {
		return err
	}
	b, err := w.svc.GroupICS(r.Context(), a, g.ID)
	if err != nil {
		return err
	}
	return writeCalendar(rw, r, b, safeFile(g.Handle)+".ics")
}

// handleGroupEventsAtom is /@HANDLE/events.atom: the group's public events.
func (w *Web) handleGroupEventsAtom(rw http.ResponseWriter, r *http.Request) error {
	g, err := w.svc.GroupByHandle(r.Context(), httpx.Actor(r.Context()), r.PathValue("handle"))
	if err != nil {
		return err
	}
	b, err := w.svc.GroupAtom(r.Context(), g.ID)
	if err != nil {
		return err
	}
	return writeAtom(rw, b)
}

func writeAtom(rw http.ResponseWriter, b []byte) error {
	h := rw.Header()
	h.Set("Content-Type", feed.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	_, err := rw.Write(b)
	return err
}

// calendarData is the view model of the calendar feeds settings page.
type calendarData struct {
	Feeds   []*cortege.ICSFeedToken
	Created string // the secret URL just made, shown once
}

func (w *Web) calendarData(r *http.Request) (*calendarData, error) {
	fs, err := w.svc.ICSFeeds(r.Context(), httpx.Actor(r.Context()))
	var live []*cortege.ICSFeedToken
	for _, f := range fs {
		if f.RevokedAt.IsZero() {
			live = append(live, f)
		}
	}
	return &calendarData{Feeds: live}, err
}

// handleCalendarFeeds lists the secret "my events" calendar URLs.
func (w *Web) handleCalendarFeeds(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.calendarData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "event_calendar", "event.calendar.title", d, nil)
}

// handleCalendarFeedCreate makes a secret calendar URL, shown once.
func (w *Web) handleCalendarFeedCreate(rw http.ResponseWriter, r *http.Request) error {
	if _, err := parseForm(rw, r, "calendar"); err != nil {
		return err
	}
	u, _, err := w.svc.CreateICSFeed(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	d, err := w.calendarData(r)
	if err != nil {
		return err
	}
	d.Created = u
	rw.Header().Set("Cache-Control", "no-store")
	return w.render(rw, r, http.StatusOK, "event_calendar", "event.calendar.title", d, nil)
}

// handleCalendarFeedRevoke stops a secret calendar URL.
func (w *Web) handleCalendarFeedRevoke(rw http.ResponseWriter, r *http.Request) error {
	if err := w.svc.RevokeICSFeed(r.Context(), httpx.Actor(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return w.redirect(rw, r, "/settings/calendar?ok=event_feed_revoked")
}
