package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// ordinal writes n as a rank: "3rd" in English, "3e" in French ("1re":
// the position, "la 1re place").
func ordinal(lang string, n int) string {
	if strings.HasPrefix(lang, "en") {
		return cortege.EnglishOrdinal(n)
	}
	if n == 1 {
		return "1re"
	}
	return strconv.Itoa(n) + "e"
}

// listItem is a search result as lists show it: a series standing as one
// item reads "every Tuesday at 19:00, next on 8 December (Europe/Paris)"
// and counts its other dates.
func listItem(lang string, it service.EventItem, now time.Time) eventItem {
	ei := itemOf(lang, it.Event)
	ei.DistanceKM, ei.HasDist = it.DistanceKM, it.HasDist
	if it.Series != nil {
		ei.When = seriesWhen(lang, it.Series.Series, it.Event, now)
		ei.More = max(0, it.Series.Count-1)
	}
	return ei
}

// seriesWhen is the rule of ser in words with next, its next date, and
// the zone the words are in.
func seriesWhen(lang string, ser *cortege.Series, next *cortege.Event, now time.Time) string {
	return ser.Describe(lang, next.Start, now) + " (" + ser.TZ + ")"
}

// handleSeries is /series/{id}, the address of a whole series (calendar
// feeds and Atom entries give it): it leads to the next date.
func (w *Web) handleSeries(rw http.ResponseWriter, r *http.Request) error {
	e, err := w.svc.SeriesNext(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	http.Redirect(rw, r, "/events/"+e.ID, http.StatusSeeOther)
	return nil
}

// zoneClock writes instants in one zone, labelled with it as event pages
// do: the group page and the dashboard show times in the instance's zone
// (people have no zone of their own yet).
type zoneClock struct {
	Zone *time.Location
}

// At writes t in the zone with layout, followed by the zone's name.
func (z zoneClock) At(layout string, t time.Time) string {
	return t.In(z.Zone).Format(layout) + " (" + z.Zone.String() + ")"
}

// Day writes t's date in the zone with layout.
func (z zoneClock) Day(layout string, t time.Time) string { return t.In(z.Zone).Format(layout) }

// viewerClock is the zone times are shown in to the request's reader.
func (w *Web) viewerClock(r *http.Request) zoneClock {
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return zoneClock{Zone: time.UTC}
	}
	loc, err := cortege.LoadLocation(set.DefaultTZ)
	if err != nil {
		loc = time.UTC
	}
	return zoneClock{Zone: loc}
}

// upcomingItem is an upcoming event of a group's page: a single event at
// its time in the reader's zone, a series as its rule and next date.
type upcomingItem struct {
	service.SeriesItem
	When string
}

func upcomingItems(lang, layout string, z zoneClock, items []service.SeriesItem) []upcomingItem {
	out := make([]upcomingItem, len(items))
	now := time.Now()
	for i, it := range items {
		out[i] = upcomingItem{SeriesItem: it, When: z.At(layout, it.Event.Start)}
		if it.Series != nil {
			out[i].When = seriesWhen(lang, it.Series, it.Event, now)
		}
	}
	return out
}

// calendarLinks are the two addresses of a calendar feed: webcal:// opens
// the reader's calendar application to subscribe, https:// is the same
// feed to paste or download.
type calendarLinks struct {
	HTTPS  string
	Webcal template.URL // html/template would refuse the scheme as a string
}

// calendarLinks builds the links of the feed at path (with its query).
func (w *Web) calendarLinks(path string) calendarLinks {
	u := w.baseURL + path
	rest, ok := strings.CutPrefix(u, "https://")
	if !ok {
		rest, _ = strings.CutPrefix(u, "http://")
	}
	return calendarLinks{HTTPS: u, Webcal: template.URL("webcal://" + rest)}
}
