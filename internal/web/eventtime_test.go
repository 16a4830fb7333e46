package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestSkippedHourRefused: 02:30 on 28 March 2027 does not exist in Paris
// (the clocks go from 02:00 to 03:00): the event form and the API refuse
// it naming the field, also when a series would fall on it; 02:30 on 31
// October, which happens twice, is the first one (summer time).
func TestSkippedHourRefused(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	base := func(start, end string) url.Values {
		return url.Values{"title": {"Veillée"}, "place_area": {"Lyon"}, "tz": {"Europe/Paris"}, "start": {start}, "end": {end}, "publish": {"1"}}
	}
	for _, c := range []struct {
		name, field string
		form        url.Values
	}{
		{"start in the gap", "start", base("2027-03-28T02:30", "2027-03-28T05:00")},
		{"end in the gap", "end", base("2027-03-28T01:00", "2027-03-28T02:15")},
		{"a weekly series crossing the gap", "start", func() url.Values {
			f := base("2027-03-07T02:30", "2027-03-07T04:00")
			f.Set("repeat", "weekly")
			return f
		}()},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := a.post(org, "/events", c.form)
			if r.code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d\n%s", r.code, excerpt(r.body))
			}
			mustContain(t, r, `id="f-event-`+c.field+`-error"`, "n’existe", "on avance les horloges")
		})
	}
	id := a.createEvent(org, base("2027-10-31T02:30", "2027-10-31T04:00"))
	v, err := a.Service.Event(context.Background(), cortege.Anonymous, service.ByID(id))
	if err != nil || !v.Event.Start.Equal(time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("autumn 02:30 = %v, %v; want the first (00:30 UTC)", v.Event.Start.UTC(), err)
	}

	tok, err := a.Service.CreateTokenFor(context.Background(), "orga@example.org", "test", service.IdentityInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, body string }{
		{"API start in the gap", `{"title":"Veillée","tz":"Europe/Paris","start":"2027-03-28T02:30","end":"2027-03-28T05:00"}`},
		{"API series crossing the gap", `{"title":"Veillée","tz":"Europe/Paris","start":"2027-03-07T02:30","end":"2027-03-07T04:00","repeat":{"freq":"weekly"}}`},
	} {
		req, _ := http.NewRequest("POST", a.URL+"/api/v1/events", strings.NewReader(c.body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), `"field":"start"`) {
			t.Errorf("%s: %d %s", c.name, resp.StatusCode, b)
		}
	}
}

// TestFeedsFollowTheSearch: the /events page links feeds carrying its
// filters; they hold what the search finds, the last 30 days included,
// and ask to be fetched again hourly.
func TestFeedsFollowTheSearch(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	a.createEvent(org, url.Values{"title": {"Vélorution du mois"}, "place_area": {"Lyon"}, "start": {when(2 * time.Hour)}})
	a.createEvent(org, url.Values{"title": {"Assemblée générale"}, "place_area": {"Rennes"}})
	v := a.visitor()
	r := a.get(v, "/events?q=velorution&from=&category=")
	mustContain(t, r, `href="/feeds/events.ics?q=velorution"`, `href="/feeds/events.atom?q=velorution"`, `href="webcal://`)
	for _, p := range []string{"/feeds/events.ics?q=velorution", "/feeds/events.atom?q=velorution"} {
		r := a.get(v, p)
		if r.code != 200 || !strings.Contains(r.body, "Vélorution du mois") || strings.Contains(r.body, "Assemblée") {
			t.Errorf("%s: %d\n%s", p, r.code, r.body)
		}
	}
	// The place filter too: the search near Rennes links a feed near Rennes.
	mustContain(t, a.get(v, "/events?near=Rennes"), `href="/feeds/events.ics?near=Rennes"`)
	for _, p := range []string{"/feeds/events.ics?near=Rennes", "/feeds/events.atom?near=Rennes&radius=10"} {
		r := a.get(v, p)
		if r.code != 200 || !strings.Contains(r.body, "Assemblée générale") || strings.Contains(r.body, "Vélorution") {
			t.Errorf("%s: %d\n%s", p, r.code, r.body)
		}
	}
	if r := a.get(v, "/feeds/events.ics?near=Atlantide"); r.code != http.StatusUnprocessableEntity {
		t.Errorf("unknown place: %d", r.code)
	}
	r = a.get(v, "/feeds/events.ics")
	mustContain(t, r, "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H", "Vélorution", "Assemblée")
	if r := a.get(v, "/feeds/events.ics?group=nobody"); r.code != http.StatusUnprocessableEntity {
		t.Errorf("unknown group: %d", r.code)
	}
	a.Clock.Advance(20 * 24 * time.Hour) // the march is 20 days past: still there
	mustContain(t, a.get(v, "/feeds/events.ics"), "Vélorution du mois")
	a.Clock.Advance(11 * 24 * time.Hour) // 31 days: gone
	mustLack(t, a.get(v, "/feeds/events.ics"), "Vélorution du mois")
}

// TestDashboardTimesLabelled: the dashboard writes times in the
// instance's zone, labelled with it.
func TestDashboardTimesLabelled(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Atelier"}, "place_area": {"Lyon"}, "start": {"2031-05-06T19:00"}, "tz": {"America/New_York"}})
	p := a.signIn("p@example.org")
	if r := a.post(p, "/events/"+id+"/join", url.Values{}); r.code != http.StatusSeeOther {
		t.Fatalf("join: %d", r.code)
	}
	// 19:00 in New York is 01:00 the next day in Paris, the instance's zone.
	mustContain(t, a.get(p, "/dashboard"), "07/05/2031 01:00 (Europe/Paris)")
}
