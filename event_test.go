package cortege_test

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func paris(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestThirdFridayAcrossDST checks a monthly "third Friday at 19:00" series in
// Europe/Paris: the right dates, and 19:00 local on both sides of the
// daylight-saving changes (so 18:00 UTC in winter, 17:00 UTC in summer).
func TestThirdFridayAcrossDST(t *testing.T) {
	loc := paris(t)
	s := &cortege.Series{Freq: cortege.FreqMonthlyWeekday, TZ: "Europe/Paris",
		FirstStart: time.Date(2026, 1, 16, 19, 0, 0, 0, loc), Duration: 2 * time.Hour}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	if s.Week != 3 || s.Weekday != time.Friday {
		t.Fatalf("rule = week %d %v", s.Week, s.Weekday)
	}
	occ := s.Occurrences(s.FirstStart, time.Date(2027, 1, 1, 0, 0, 0, 0, loc), 50)
	wantDays := []int{16, 20, 20, 17, 15, 19, 17, 21, 18, 16, 20, 18}
	if len(occ) != 12 {
		t.Fatalf("%d occurrences, want 12", len(occ))
	}
	for i, o := range occ {
		l := o.Start.In(loc)
		if l.Month() != time.Month(i+1) || l.Day() != wantDays[i] || l.Weekday() != time.Friday || l.Hour() != 19 || l.Minute() != 0 {
			t.Errorf("occurrence %d = %v, want 2026-%02d-%02d 19:00", i, l, i+1, wantDays[i])
		}
		if o.Index != i || !o.End.Equal(o.Start.Add(2*time.Hour)) {
			t.Errorf("occurrence %d: index %d, end %v", i, o.Index, o.End)
		}
	}
	// 20 March is before the change (CET, UTC+1), 17 April after (CEST, UTC+2),
	// 20 November after the return to CET.
	for _, c := range []struct {
		i   int
		utc int
	}{{2, 18}, {3, 17}, {9, 17}, {10, 18}} {
		if h := occ[c.i].Start.UTC().Hour(); h != c.utc {
			t.Errorf("occurrence %d at %d:00 UTC, want %d:00", c.i, h, c.utc)
		}
	}
}

func TestSeriesRules(t *testing.T) {
	loc := paris(t)
	day := func(o cortege.Occurrence) string { return o.Start.In(loc).Format("2006-01-02 15:04") }
	for _, c := range []struct {
		name string
		s    cortege.Series
		want []string
	}{
		{"weekly across DST", cortege.Series{Freq: cortege.FreqWeekly, FirstStart: time.Date(2026, 3, 20, 19, 0, 0, 0, loc)},
			[]string{"2026-03-20 19:00", "2026-03-27 19:00", "2026-04-03 19:00"}},
		{"every two weeks", cortege.Series{Freq: cortege.FreqWeekly, Interval: 2, FirstStart: time.Date(2026, 10, 16, 9, 30, 0, 0, loc)},
			[]string{"2026-10-16 09:30", "2026-10-30 09:30", "2026-11-13 09:30"}},
		{"monthly on the 31st skips short months", cortege.Series{Freq: cortege.FreqMonthlyDate, FirstStart: time.Date(2026, 1, 31, 18, 0, 0, 0, loc)},
			[]string{"2026-01-31 18:00", "2026-03-31 18:00", "2026-05-31 18:00"}},
		{"last Friday", cortege.Series{Freq: cortege.FreqMonthlyWeekday, Week: -1, Weekday: time.Friday, FirstStart: time.Date(2026, 1, 30, 20, 0, 0, 0, loc)},
			[]string{"2026-01-30 20:00", "2026-02-27 20:00", "2026-03-27 20:00"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := c.s
			s.TZ, s.Duration = "Europe/Paris", time.Hour
			if err := s.Validate(); err != nil {
				t.Fatal(err)
			}
			occ := s.Occurrences(s.FirstStart, s.FirstStart.AddDate(1, 0, 0), 3)
			if len(occ) != 3 {
				t.Fatalf("%d occurrences", len(occ))
			}
			for i, o := range occ {
				if day(o) != c.want[i] {
					t.Errorf("occurrence %d = %s, want %s", i, day(o), c.want[i])
				}
			}
		})
	}
	bad := cortege.Series{Freq: "daily", TZ: "Europe/Paris", FirstStart: time.Now(), Duration: time.Hour}
	if bad.Validate() == nil {
		t.Error("unknown frequency accepted")
	}
}

func validEvent() *cortege.Event {
	start := time.Date(2030, 5, 1, 10, 0, 0, 0, time.UTC)
	return &cortege.Event{Title: "Marche", TZ: "Europe/Paris", Start: start, End: start.Add(3 * time.Hour), Published: true, Confirmed: true}
}

func TestEventValidate(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(e *cortege.Event)
		field string
	}{
		{"ok", func(e *cortege.Event) {}, ""},
		{"no title", func(e *cortege.Event) { e.Title = "  " }, "title"},
		{"bad zone", func(e *cortege.Event) { e.TZ = "Mars/Olympus" }, "tz"},
		{"end before start", func(e *cortege.Event) { e.End = e.Start.Add(-time.Hour) }, "end"},
		{"too long", func(e *cortege.Event) { e.End = e.Start.Add(40 * 24 * time.Hour) }, "end"},
		{"javascript link", func(e *cortege.Event) { e.OnlineURL = "javascript:alert(1)" }, "online_url"},
		{"bad coordinates", func(e *cortege.Event) { e.HasCoords, e.Lat = true, 91 }, "lat"},
		{"bad status", func(e *cortege.Event) { e.Status = "maybe" }, "status"},
		{"bad join mode", func(e *cortege.Event) { e.JoinMode = "open" }, "join_mode"},
		{"negative capacity", func(e *cortege.Event) { e.Capacity = -1 }, "capacity"},
		{"bad category", func(e *cortege.Event) { e.Category = "rave" }, "category"},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := validEvent()
			c.edit(e)
			err := e.Validate()
			if c.field == "" && err != nil || c.field != "" && (cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != c.field) {
				t.Fatalf("Validate = %v, want field %q", err, c.field)
			}
		})
	}
	e := validEvent()
	e.End = time.Time{}
	if err := e.Validate(); err != nil || e.End.Sub(e.Start) != 2*time.Hour || e.Status != cortege.EventConfirmed || e.JoinMode != cortege.JoinFree {
		t.Fatalf("defaults: %v %+v", err, e)
	}
}

func TestMultiDay(t *testing.T) {
	loc := paris(t)
	e := &cortege.Event{TZ: "Europe/Paris", Start: time.Date(2026, 7, 10, 22, 0, 0, 0, loc), End: time.Date(2026, 7, 11, 1, 0, 0, 0, loc)}
	if !e.MultiDay() {
		t.Error("night event not multi-day")
	}
	e.End = time.Date(2026, 7, 11, 0, 0, 0, 0, loc)
	if e.MultiDay() {
		t.Error("event ending at midnight counted as multi-day")
	}
}

// TestHiddenDetails is the table of who sees what on an event whose place
// and link are reserved to approved participants.
func TestHiddenDetails(t *testing.T) {
	e := validEvent()
	e.Place, e.PlaceArea, e.OnlineURL = "12 rue Secrète", "Lyon", "https://visio.example/x"
	e.HasCoords, e.Lat, e.Lon = true, 45.7640, 4.8357
	e.HidePlace, e.HideOnline = true, true
	for _, c := range []struct {
		name string
		v    cortege.EventViewer
		sees bool
	}{
		{"visitor", cortege.EventViewer{}, false},
		{"signed in", cortege.EventViewer{SignedIn: true}, false},
		{"pending", cortege.EventViewer{SignedIn: true, Status: cortege.PartPending}, false},
		{"waitlisted", cortege.EventViewer{SignedIn: true, Status: cortege.PartWaitlisted}, false},
		{"refused", cortege.EventViewer{SignedIn: true, Status: cortege.PartRefused}, false},
		{"approved", cortege.EventViewer{SignedIn: true, Status: cortege.PartApproved}, true},
		{"attended", cortege.EventViewer{SignedIn: true, Status: cortege.PartAttended}, true},
		{"organiser", cortege.EventViewer{SignedIn: true, Organiser: true}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.Redacted(c.v)
			got := r.Place != "" && r.OnlineURL != "" && r.Lat == e.Lat
			if got != c.sees {
				t.Fatalf("sees details = %v, want %v (%+v)", got, c.sees, r)
			}
			if r.PlaceArea != "Lyon" {
				t.Fatal("town hidden")
			}
		})
	}
	if e.Place == "" {
		t.Fatal("Redacted changed the original")
	}
}

func TestEventVisibility(t *testing.T) {
	visitor := cortege.EventViewer{}
	member := cortege.EventViewer{SignedIn: true, GroupMember: true}
	org := cortege.EventViewer{SignedIn: true, Organiser: true}
	participant := cortege.EventViewer{SignedIn: true, Status: cortege.PartApproved}
	for _, c := range []struct {
		name string
		edit func(e *cortege.Event)
		v    cortege.EventViewer
		want bool
	}{
		{"public to visitor", func(e *cortege.Event) {}, visitor, true},
		{"unlisted to visitor with link", func(e *cortege.Event) { e.Visibility = cortege.VisibilityUnlisted }, visitor, true},
		{"private to visitor", func(e *cortege.Event) { e.Visibility = cortege.VisibilityPrivate }, visitor, false},
		{"private to group member", func(e *cortege.Event) { e.Visibility = cortege.VisibilityPrivate }, member, true},
		{"private to participant", func(e *cortege.Event) { e.Visibility = cortege.VisibilityPrivate }, participant, true},
		{"draft to visitor", func(e *cortege.Event) { e.Published = false }, visitor, false},
		{"draft to organiser", func(e *cortege.Event) { e.Published = false }, org, true},
		{"unconfirmed to visitor", func(e *cortege.Event) { e.Confirmed = false }, visitor, false},
		{"cancelled stays visible", func(e *cortege.Event) { e.Status = cortege.EventCancelled }, visitor, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := validEvent()
			e.Visibility = cortege.VisibilityPublic
			c.edit(e)
			if got := e.VisibleTo(c.v); got != c.want {
				t.Fatalf("VisibleTo = %v, want %v", got, c.want)
			}
		})
	}
}

func TestAdmitAndPromote(t *testing.T) {
	e := validEvent()
	e.Capacity = 2
	for _, c := range []struct {
		mode     string
		taken    int
		approved bool
		want     string
	}{
		{cortege.JoinFree, 0, false, cortege.PartApproved},
		{cortege.JoinFree, 1, false, cortege.PartApproved},
		{cortege.JoinFree, 2, false, cortege.PartWaitlisted},
		{cortege.JoinApproval, 0, false, cortege.PartPending},
		{cortege.JoinApproval, 0, true, cortege.PartApproved},
		{cortege.JoinApproval, 2, true, cortege.PartWaitlisted},
	} {
		e.JoinMode = c.mode
		if got := cortege.Admit(e, c.taken, c.approved); got != c.want {
			t.Errorf("Admit(%s, %d, %v) = %s, want %s", c.mode, c.taken, c.approved, got, c.want)
		}
	}
	for _, c := range []struct{ capacity, taken, waiting, want int }{
		{2, 1, 3, 1}, {2, 2, 3, 0}, {5, 1, 2, 2}, {0, 10, 4, 4}, {2, 3, 1, 0},
	} {
		e.Capacity = c.capacity
		if got := cortege.Promotions(e, c.taken, c.waiting); got != c.want {
			t.Errorf("Promotions(cap %d, taken %d, waiting %d) = %d, want %d", c.capacity, c.taken, c.waiting, got, c.want)
		}
	}
}

func TestAudience(t *testing.T) {
	for _, c := range []struct {
		audience, status string
		want             bool
	}{
		{cortege.AudienceApproved, cortege.PartApproved, true},
		{cortege.AudienceApproved, cortege.PartAttended, true},
		{cortege.AudienceApproved, cortege.PartPending, false},
		{cortege.AudienceApproved, cortege.PartWaitlisted, false},
		{cortege.AudienceAll, cortege.PartCancelled, false},
		{cortege.AudienceAll, cortege.PartRefused, false},
		{cortege.AudienceAll, cortege.PartUnconfirmed, false},
		{cortege.AudienceAll, cortege.PartWaitlisted, true},
		{cortege.AudienceWaitlisted, cortege.PartWaitlisted, true},
		{cortege.AudienceAttended, cortege.PartApproved, false},
	} {
		if got := cortege.InAudience(c.audience, c.status); got != c.want {
			t.Errorf("InAudience(%s, %s) = %v", c.audience, c.status, got)
		}
	}
}

func TestCheckAnswers(t *testing.T) {
	qs := []*cortege.Question{
		{ID: "q1", Label: "Régime ?", Kind: cortege.QuestionChoice, Choices: []string{"végé", "omni"}, Required: true},
		{ID: "q2", Label: "Remarque", Kind: cortege.QuestionText},
	}
	if _, err := cortege.CheckAnswers(qs, nil); err == nil {
		t.Error("missing required answer accepted")
	}
	if _, err := cortege.CheckAnswers(qs, []cortege.Answer{{"q1", "vegan"}}); err == nil {
		t.Error("unknown choice accepted")
	}
	if _, err := cortege.CheckAnswers(qs, []cortege.Answer{{"q1", "omni"}, {"q9", "x"}}); err == nil {
		t.Error("answer to unknown question accepted")
	}
	got, err := cortege.CheckAnswers(qs, []cortege.Answer{{"q2", " rien "}, {"q1", "végé"}})
	if err != nil || len(got) != 2 || got[0].QuestionID != "q1" || got[1].Value != "rien" {
		t.Fatalf("CheckAnswers = %v, %v", got, err)
	}
}

func TestTicketCodes(t *testing.T) {
	code := cortege.TicketCode([]byte{1, 2, 3, 4, 5, 6, 7, 8})
	if len(code) != cortege.TicketCodeLen {
		t.Fatalf("code %q", code)
	}
	typed := "  " + cortege.FormatTicketCode(code) + " "
	if n, ok := cortege.NormalizeTicketCode(typed); !ok || n != code {
		t.Fatalf("normalize %q = %q %v", typed, n, ok)
	}
	if n, ok := cortege.NormalizeTicketCode("oi1lo-abcde"); !ok || n != "01110ABCDE" {
		t.Fatalf("confusable letters: %q %v", n, ok)
	}
	for _, bad := range []string{"", "ABC", "ABCDE-FGHJU", "ÀBCDE-FGHJK", "ABCDEFGHJKM"} {
		if _, ok := cortege.NormalizeTicketCode(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSearchNormalisationAndDistance(t *testing.T) {
	if got := cortege.NormalizeSearch("Défilé à Saint-Étienne, CŒUR; Ærø"); got != "defile a saint etienne coeur aero" && got != "defile a saint etienne cour aro" {
		t.Errorf("NormalizeSearch = %q", got)
	}
	d := cortege.Distance(48.8566, 2.3522, 45.7640, 4.8357) // Paris–Lyon
	if d < 385 || d > 400 {
		t.Errorf("Paris–Lyon = %.0f km", d)
	}
	minLat, maxLat, minLon, maxLon := cortege.BoundingBox(48.8566, 2.3522, 10)
	if !(minLat < 48.8 && maxLat > 48.9 && minLon < 2.25 && maxLon > 2.45) {
		t.Errorf("bbox %v %v %v %v", minLat, maxLat, minLon, maxLon)
	}
}

// FuzzNormalizeTicketCode: whatever is typed or scanned at the door, a
// code accepted is ten characters of the alphabet and normalises to itself.
func FuzzNormalizeTicketCode(f *testing.F) {
	f.Add("ABCDE-FGHJK")
	f.Add("oi1lo abcde")
	f.Add("ÀÉ\x00-")
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := cortege.NormalizeTicketCode(s)
		if !ok {
			return
		}
		if len(n) != cortege.TicketCodeLen {
			t.Fatalf("%q → %q", s, n)
		}
		if again, ok := cortege.NormalizeTicketCode(cortege.FormatTicketCode(n)); !ok || again != n {
			t.Fatalf("%q not stable: %q", n, again)
		}
	})
}

// FuzzNormalizeSearch: folded text is lower case, single-spaced, without
// the accents it folds, and folding is idempotent.
func FuzzNormalizeSearch(f *testing.F) {
	f.Add("Défilé, Saint-Étienne")
	f.Add("  ŒUVRE\u00a0ß  ")
	f.Fuzz(func(t *testing.T, s string) {
		n := cortege.NormalizeSearch(s)
		if cortege.NormalizeSearch(n) != n || strings.Contains(n, "  ") || strings.ContainsAny(n, "éèàÉ") {
			t.Fatalf("%q → %q", s, n)
		}
	})
}
