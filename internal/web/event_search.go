package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// searchFields are the parameters of the events search form (GET).
var searchFields = []string{"q", "from", "to", "near", "radius", "online", "category", "group"}

// searchData is the view model of /events.
type searchData struct {
	Items      []eventItem
	Page       int
	HasNext    bool
	Next       string // the cursor of the next page
	Categories []string
	Near       bool
	Place      *placeSearch
	Calendar   calendarLinks // the calendar of the same search
	query      url.Values
}

// Pages lists the page numbers offered: every page up to this one, and
// the next when there is one.
func (d *searchData) Pages() []int {
	var out []int
	last := d.Page
	if d.HasNext {
		last++
	}
	for i := max(1, d.Page-5); i <= last; i++ {
		out = append(out, i)
	}
	return out
}

// PageLink is the search at page n: the next page carries the cursor
// after this one, so reading it costs one page whatever the number of
// events; other numbers are found by counting.
func (d *searchData) PageLink(n int) string {
	q := d.filters()
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if n == d.Page+1 && d.Next != "" {
		q.Set("after", d.Next)
	}
	if len(q) == 0 {
		return "/events"
	}
	return "/events?" + q.Encode()
}

// filters is the search's query without its page, flash and empty fields.
func (d *searchData) filters() url.Values {
	q := url.Values{}
	for k, v := range d.query {
		if len(v) > 0 && v[0] != "" && k != "page" && k != "after" && k != "ok" {
			q[k] = v
		}
	}
	return q
}

// Filtered reports whether the search has filters (its feeds follow them).
func (d *searchData) Filtered() bool {
	q := d.filters()
	q.Del("lang")
	return len(q) > 0
}

// FeedPath is the feed (ext "ics" or "atom") of the same search: the
// calendar and Atom feeds follow the filters shown.
func (d *searchData) FeedPath(ext string) string {
	q := d.filters()
	q.Del("lang")
	p := "/feeds/events." + ext
	if len(q) > 0 {
		p += "?" + q.Encode()
	}
	return p
}

// handleEventSearch lists upcoming listed events, searched by text, dates,
// distance from a place (a commune or postal code read with the embedded
// gazetteer, or coordinates: no geocoding service is called), online
// only, category and group; numbered pages.
func (w *Web) handleEventSearch(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := &form{Name: "search", Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range searchFields {
		f.Values[k] = q.Get(k)
	}
	d := &searchData{Categories: cortege.EventCategories, query: q, Page: 1}
	d.Calendar = w.calendarLinks(d.FeedPath("ics"))
	if n, err := strconv.Atoi(q.Get("page")); err == nil && n > 1 && n < 10000 {
		d.Page = n
	}
	ps, near, perr := w.readPlaceSearch(r, "f-search", "/events")
	d.Place = ps
	eq, err := w.eventQuery(r, f)
	if err == nil {
		err = perr
		near.apply(&eq)
	}
	if err == nil {
		eq.Page = d.Page
		eq.After, err = service.ParseCursor("after", q.Get("after"))
		d.Near = eq.Near
	}
	if err == nil {
		var res *service.EventPage
		if res, err = w.svc.SearchEvents(r.Context(), httpx.Actor(r.Context()), eq); err == nil {
			d.HasNext, d.Next = res.HasNext, res.Next
			for _, it := range res.Items {
				d.Items = append(d.Items, listItem(info(r).lang, it, time.Now()))
			}
		}
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.render(rw, r, status, "event_search", "events.title", d, f)
	}
	return w.render(rw, r, http.StatusOK, "event_search", "events.title", d, f)
}

// eventQuery reads the search form.
func (w *Web) eventQuery(r *http.Request, f *form) (service.EventQuery, error) {
	var eq service.EventQuery
	if err := checkTexts(f); err != nil {
		return eq, err
	}
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return eq, err
	}
	loc, err := cortege.LoadLocation(set.DefaultTZ)
	if err != nil {
		loc = time.UTC
	}
	eq.Text = truncate(f.V("q"), 200)
	if eq.From, err = parseLocal("from", f.V("from"), loc); err != nil {
		return eq, err
	}
	if eq.To, err = parseLocal("to", f.V("to"), loc); err != nil {
		return eq, err
	}
	if !eq.To.IsZero() && len(strings.TrimSpace(f.V("to"))) <= 10 {
		eq.To = eq.To.Add(24*time.Hour - time.Second) // a day: up to its end
	}
	if !eq.From.IsZero() && !eq.To.IsZero() && eq.To.Before(eq.From) {
		return eq, invalid("to", "err.search.dates")
	}
	eq.OnlineOnly = f.V("online") != ""
	if c := f.V("category"); c != "" {
		eq.Category = c
	}
	if g := strings.TrimSpace(f.V("group")); g != "" {
		grp, err := w.svc.FindGroup(r.Context(), httpx.Actor(r.Context()), "group", g)
		if err != nil {
			return eq, err
		}
		eq.GroupID = grp.ID
	}
	return eq, nil
}

// truncate cuts s to at most n bytes on a character boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
