package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// weeklyThirteen creates, through the event form, a weekly series of 13
// Tuesdays at 19:00 (Paris) organised by a public group, and returns the
// group's handle and the dates in order.
func weeklyThirteen(t *testing.T, a *evApp, org *user) (string, []*cortege.Event) {
	t.Helper()
	ctx := context.Background()
	g, err := a.Service.CreateGroup(ctx, a.actor(org), service.GroupInput{Handle: "permanences", Name: "Permanences",
		Visibility: cortege.VisibilityPublic, JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	day := a.Clock.Now().In(paris).AddDate(0, 0, 1)
	for day.Weekday() != time.Tuesday {
		day = day.AddDate(0, 0, 1)
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), 19, 0, 0, 0, paris)
	// The 13th date is 12 weeks on: it is generated only within the
	// series' horizon (90 days), so the first must come within 6 days.
	if ahead := start.Sub(a.Clock.Now()); ahead > 5*24*time.Hour {
		a.Clock.Advance(ahead - 5*24*time.Hour)
	}
	id := a.createEvent(org, url.Values{"title": {"Permanence juridique"}, "place_area": {"Lyon"}, "place": {"Salle A"},
		"tz": {"Europe/Paris"}, "start": {start.Format("2006-01-02T15:04")}, "end": {start.Add(2 * time.Hour).Format("2006-01-02T15:04")},
		"group": {g.ID}, "repeat": {"weekly"}, "until": {start.AddDate(0, 0, 7*12).Format("2006-01-02")}})
	occ, err := a.Service.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(id))
	if err != nil || len(occ) != 13 {
		t.Fatalf("%d dates, %v", len(occ), err)
	}
	return g.Handle, occ
}

// expandedSeries reads a calendar with ical.js and returns the VEVENTs
// and, for the one with an RRULE, the starts it expands to.
func expandedSeries(t *testing.T, cal string) (vevents int, rrule string, starts []string) {
	t.Helper()
	var got []struct {
		RRule, RecurrenceID string
		Instances           []struct{ Start string }
	}
	if err := json.Unmarshal(testkit.ICALJS(t, []byte(cal)), &got); err != nil {
		t.Fatal(err)
	}
	for _, v := range got {
		if v.RRule != "" {
			rrule = v.RRule
			for _, in := range v.Instances {
				starts = append(starts, in.Start)
			}
		}
	}
	return len(got), rrule, starts
}

func isoStarts(evs []*cortege.Event, skip int) []string {
	var out []string
	for i, e := range evs {
		if i != skip {
			out = append(out, e.Start.UTC().Format("2006-01-02T15:04:05.000Z"))
		}
	}
	return out
}

// TestWeeklySeriesIsOneItem is the check: a weekly series of 13
// dates made through the form is one item in /events, the API list, the
// instance's Atom feed and the home page (in words, linking to the next
// date), and one VEVENT with an RRULE in the group's .ics, which ical.js
// expands to the 13 dates; after one date is cancelled, an EXDATE leaves
// 12.
func TestWeeklySeriesIsOneItem(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	handle, occ := weeklyThirteen(t, a, org)
	single := a.createEvent(org, url.Values{"title": {"Grande marche"}, "place_area": {"Lyon"}, "start": {when(100 * 24 * time.Hour)}})
	v := a.visitor()
	next := `href="/events/` + occ[0].ID + `"`

	r := a.get(v, "/events")
	if n := strings.Count(r.body, `<li class="event-item`); n != 2 {
		t.Errorf("/events lists %d items, want 2 (the series once, the march)\n%s", n, excerpt(r.body))
	}
	mustContain(t, r, next, "tous les mardis à 19 h 00", ", prochaine le ", "et 12 autres dates", `href="/events/`+single+`"`)
	if strings.Count(r.body, "Permanence juridique") != 1 {
		t.Errorf("the series' title shows %d times on /events", strings.Count(r.body, "Permanence juridique"))
	}
	r = a.send(v, "GET", "/events?lang=en", nil)
	mustContain(t, r, "every Tuesday at 19:00 until ", ", next on ", "and 12 more dates")

	r = a.get(v, "/")
	if strings.Count(r.body, "Permanence juridique") != 1 || !strings.Contains(r.body, next) {
		t.Errorf("home page:\n%s", excerpt(r.body))
	}

	r = a.get(v, "/api/v1/events")
	var list struct {
		Events []struct {
			Event  struct{ ID, Title string }
			Series *struct {
				ID       string
				RuleText string `json:"rule_text"`
				RRule    string
				Next     []struct{ ID string }
				Count    int
			}
		}
		HasNext bool `json:"has_next"`
	}
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || r.code != 200 {
		t.Fatalf("API list %d: %v\n%s", r.code, err, r.body)
	}
	if len(list.Events) != 2 || list.Events[0].Event.ID != occ[0].ID || list.Events[0].Series == nil {
		t.Fatalf("API list: %+v", list.Events)
	}
	s := list.Events[0].Series
	if s.Count != 13 || len(s.Next) != 5 || s.Next[0].ID != occ[0].ID || s.ID != occ[0].SeriesID ||
		!strings.HasPrefix(s.RRule, "FREQ=WEEKLY;BYDAY=TU;UNTIL=") || !strings.Contains(s.RuleText, "19 h 00") {
		t.Errorf("API series: %+v", s)
	}
	if list.Events[1].Series != nil {
		t.Error("a single event has a series")
	}
	// Pages count items: one per page, two pages.
	r = a.get(v, "/api/v1/events?per_page=1&page=2")
	if err := json.Unmarshal([]byte(r.body), &list); err != nil || len(list.Events) != 1 || list.Events[0].Event.ID != single || list.HasNext {
		t.Errorf("page 2 of 1: %s", r.body)
	}

	r = a.get(v, "/feeds/events.atom")
	if n := strings.Count(r.body, "<entry>"); n != 2 || strings.Count(r.body, "Permanence juridique") != 1 ||
		!strings.Contains(r.body, "/series/"+occ[0].SeriesID) || !strings.Contains(r.body, "tous les mardis") {
		t.Errorf("instance Atom (%d entries):\n%s", n, r.body)
	}

	r = a.get(v, "/@"+handle+"/events.ics")
	if strings.Count(r.body, "BEGIN:VEVENT") != 1 || strings.Count(r.body, "RRULE:") != 1 {
		t.Fatalf("group calendar:\n%s", r.body)
	}
	n, rule, starts := expandedSeries(t, r.body)
	if n != 1 || !strings.HasPrefix(rule, "FREQ=WEEKLY;BYDAY=TU;UNTIL=") || strings.Join(starts, " ") != strings.Join(isoStarts(occ, -1), " ") {
		t.Errorf("ical.js: %d VEVENTs, %q, expands to %v, want %v", n, rule, starts, isoStarts(occ, -1))
	}

	// Cancel the third date: an EXDATE, ical.js expands to the 12 others.
	if r := a.post(org, "/events/"+occ[2].ID+"/cancel", url.Values{"scope": {"this"}}); r.code != 303 {
		t.Fatalf("cancel: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.get(v, "/@"+handle+"/events.ics")
	paris, _ := time.LoadLocation("Europe/Paris")
	if !strings.Contains(r.body, "EXDATE;TZID=Europe/Paris:"+occ[2].Start.In(paris).Format("20060102T150405")) {
		t.Fatalf("no EXDATE for the cancelled date:\n%s", r.body)
	}
	n, _, starts = expandedSeries(t, r.body)
	if n != 1 || strings.Join(starts, " ") != strings.Join(isoStarts(occ, 2), " ") {
		t.Errorf("after cancelling: %d VEVENTs, expands to %v", n, starts)
	}
	r = a.get(v, "/events")
	if strings.Count(r.body, "Permanence juridique") != 1 {
		t.Errorf("after cancelling, /events shows the series %d times", strings.Count(r.body, "Permanence juridique"))
	}
}

// TestSeriesPages: an occurrence's page says it is part of a series, in
// words, with its other dates; /series/ID leads to the next date; the
// group's Atom feed has one entry for it; the group page shows the series
// once, in words, times labelled with the zone, and links its calendar
// (webcal and https, with the how-to).
func TestSeriesPages(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	handle, occ := weeklyThirteen(t, a, org)
	a.createEvent(org, url.Values{"title": {"Grande marche"}, "place_area": {"Lyon"}})
	v := a.visitor()
	r := a.get(v, "/events/"+occ[3].ID)
	mustContain(t, r, "Fait partie d’une série", "tous les mardis à 19 h 00 jusqu’au", `href="/events/`+occ[4].ID+`"`)
	r = a.get(v, "/series/"+occ[0].SeriesID)
	if r.code != 303 || r.h.Get("Location") != "/events/"+occ[0].ID {
		t.Errorf("/series/ID: %d %q", r.code, r.h.Get("Location"))
	}
	if r := a.get(v, "/series/nope"); r.code != 404 {
		t.Errorf("unknown series: %d", r.code)
	}
	r = a.get(v, "/@"+handle+"/events.atom")
	if strings.Count(r.body, "<entry>") != 1 || !strings.Contains(r.body, "/events/"+occ[0].ID) {
		t.Errorf("group Atom %d:\n%s", r.code, r.body)
	}
	r = a.get(v, "/@"+handle)
	if strings.Count(r.body, "Permanence juridique") != 1 {
		t.Errorf("group page shows the series %d times", strings.Count(r.body, "Permanence juridique"))
	}
	host := strings.TrimPrefix(a.URL, "http://")
	mustContain(t, r, "tous les mardis à 19 h 00", "(Europe/Paris)", `href="webcal://`+host+`/@`+handle+`/events.ics"`,
		`value="`+a.URL+`/@`+handle+`/events.ics"`, "Thunderbird", "Outlook", "téléphone")
	r = a.send(v, "GET", "/@"+handle+"?lang=en", nil)
	mustContain(t, r, "every Tuesday at 19:00", "Thunderbird", "On a phone")
}
