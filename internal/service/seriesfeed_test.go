package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// icalInstance is one date ical.js expands a recurring VEVENT to.
type icalInstance struct {
	RecurrenceID, Start, End, Summary, Location, Status string
}

// icalSeries is what ical.js reads of one VEVENT.
type icalSeries struct {
	UID, Summary, Status, RecurrenceID, RRule, Refresh, URL string
	ExDates                                                 []string
	Instances                                               []icalInstance
}

func readSeriesICALJS(t *testing.T, b []byte) []icalSeries {
	t.Helper()
	var out []icalSeries
	if err := json.Unmarshal(testkit.ICALJS(t, b), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// weeklySeries creates, in a public group, a weekly series of n Tuesdays
// at 19:00 in Paris from 5 January 2027 (the clock set a day before).
func weeklySeries(t *testing.T, e *env, org cortege.Actor, g *cortege.Group, n int) []*cortege.Event {
	t.Helper()
	paris, _ := time.LoadLocation("Europe/Paris")
	in := eventInput(e, "Permanence du mardi")
	in.GroupID = g.ID
	in.Start = time.Date(2027, 1, 5, 19, 0, 0, 0, paris)
	in.End = in.Start.Add(2 * time.Hour)
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Until: in.Start.AddDate(0, 0, 7*(n-1)).Add(4 * time.Hour)}
	first := mustCreate(t, e, org, in)
	occ, err := e.svc.SeriesOccurrences(context.Background(), org, service.ByID(first.ID))
	if err != nil || len(occ) != n {
		t.Fatalf("%d dates, %v; want %d", len(occ), err, n)
	}
	return occ
}

// TestSeriesFeedIsOneRule: the group's calendar writes a weekly series of
// 13 dates as one VEVENT with its RRULE, which ical.js expands to the 13
// dates at 19:00 Paris time on both sides of the spring change; a
// cancelled date becomes an EXDATE; a date moved to 18:00 with another
// title becomes a RECURRENCE-ID override; the feed asks to be fetched
// again every hour.
func TestSeriesFeedIsOneRule(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.now = time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	org := signIn(t, e, "org@example.org")
	g := newGroup(t, e, org, "quartier", cortege.VisibilityPublic, cortege.JoinOpen)
	occ := weeklySeries(t, e, org, g, 13)
	utc := func(ev *cortege.Event) string { return ev.Start.UTC().Format("2006-01-02T15:04:05.000Z") }

	b, err := e.svc.GroupICS(ctx, cortege.Anonymous, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if strings.Count(s, "BEGIN:VEVENT") != 1 || !strings.Contains(s, "RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270330T170000Z") ||
		!strings.Contains(s, "REFRESH-INTERVAL;VALUE=DURATION:PT1H") || !strings.Contains(s, "X-PUBLISHED-TTL:PT1H") {
		t.Fatalf("group feed:\n%s", s)
	}
	got := readSeriesICALJS(t, b)
	if len(got) != 1 || len(got[0].Instances) != 13 || !strings.HasSuffix(got[0].URL, "/series/"+occ[0].SeriesID) {
		t.Fatalf("ical.js read %+v", got)
	}
	for i, in := range got[0].Instances {
		if in.Start != utc(occ[i]) || in.Summary != "Permanence du mardi" {
			t.Errorf("date %d: %+v, want %s", i, in, utc(occ[i]))
		}
	}
	if got[0].Instances[12].Start != "2027-03-30T17:00:00.000Z" || got[0].Instances[0].Start != "2027-01-05T18:00:00.000Z" {
		t.Errorf("19:00 Paris time on both sides of the change: %+v", got[0].Instances)
	}

	// Cancel the fifth date, move the seventh to 18:00 under another title.
	if _, err := e.svc.CancelEvent(ctx, org, service.ByID(occ[4].ID), service.ScopeThis, ""); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Event(ctx, org, service.ByID(occ[6].ID))
	if err != nil {
		t.Fatal(err)
	}
	upd := eventInput(e, "Permanence (salle B)")
	upd.Start, upd.End = v.Event.Start.Add(-time.Hour), v.Event.End.Add(-time.Hour)
	upd.PlaceArea, upd.Place = v.Event.PlaceArea, v.Event.Place
	if _, err := e.svc.UpdateEvent(ctx, org, service.ByID(occ[6].ID), upd, service.ScopeThis); err != nil {
		t.Fatal(err)
	}
	b, err = e.svc.GroupICS(ctx, cortege.Anonymous, g.ID)
	if err != nil {
		t.Fatal(err)
	}
	s = string(b)
	if strings.Count(s, "BEGIN:VEVENT") != 2 || !strings.Contains(s, "EXDATE;TZID=Europe/Paris:20270202T190000") ||
		!strings.Contains(s, "RECURRENCE-ID;TZID=Europe/Paris:20270216T190000") {
		t.Fatalf("group feed after the changes:\n%s", s)
	}
	got = readSeriesICALJS(t, b)
	inst := got[0].Instances
	if len(inst) != 12 {
		t.Fatalf("ical.js expands to %d dates, want 12: %+v", len(inst), inst)
	}
	for i, n := 0, 0; n < 13; n++ {
		if n == 4 {
			continue
		}
		want, title := utc(occ[n]), "Permanence du mardi"
		if n == 6 {
			want, title = "2027-02-16T17:00:00.000Z", "Permanence (salle B)"
		}
		if inst[i].Start != want || inst[i].Summary != title {
			t.Errorf("date %d: %+v, want %s %q", n, inst[i], want, title)
		}
		i++
	}

	// The instance's calendar and a search feed write the same rule.
	inst2, err := e.svc.SearchICS(ctx, cortege.Anonymous, service.EventQuery{Text: "permanence"})
	if err != nil || strings.Count(string(inst2), "RRULE:") != 1 {
		t.Fatalf("search feed:\n%s", inst2)
	}
}

// TestPersonalFeedTentative: in "my events", a registration waiting for
// approval is TENTATIVE, an approved one CONFIRMED; the dates of a
// series someone joined are one rule whose instances are theirs only.
func TestPersonalFeedTentative(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.now = time.Date(2027, 1, 4, 9, 0, 0, 0, time.UTC)
	org := signIn(t, e, "org@example.org")
	g := newGroup(t, e, org, "quartier", cortege.VisibilityPublic, cortege.JoinOpen)
	occ := weeklySeries(t, e, org, g, 6)
	in := eventInput(e, "Assemblée sur demande")
	in.JoinMode = cortege.JoinApproval
	asked := mustCreate(t, e, org, in)
	p := signIn(t, e, "p@example.org")
	mustJoin(t, e, p, asked.ID)
	mustJoin(t, e, p, occ[1].ID)
	mustJoin(t, e, p, occ[3].ID)
	u, _, err := e.svc.CreateICSFeed(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.ProfileICS(ctx, strings.TrimSuffix(u[strings.LastIndex(u, "/")+1:], ".ics"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "REFRESH-INTERVAL;VALUE=DURATION:PT1H") {
		t.Errorf("no refresh interval:\n%s", b)
	}
	got := readSeriesICALJS(t, b)
	var series, single *icalSeries
	for i := range got {
		switch got[i].Summary {
		case "Assemblée sur demande":
			single = &got[i]
		case "Permanence du mardi":
			series = &got[i]
		}
	}
	if single == nil || single.Status != "TENTATIVE" {
		t.Fatalf("pending registration: %+v", single)
	}
	if series == nil || series.Status != "CONFIRMED" || len(series.Instances) != 2 ||
		series.Instances[0].Start != occ[1].Start.UTC().Format("2006-01-02T15:04:05.000Z") ||
		series.Instances[1].Start != occ[3].Start.UTC().Format("2006-01-02T15:04:05.000Z") {
		t.Fatalf("joined dates of the series: %+v", series)
	}
}
