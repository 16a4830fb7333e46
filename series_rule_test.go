package cortege

import (
	"testing"
	"time"
)

func TestSeriesWords(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, paris)
	tue := time.Date(2026, 12, 1, 19, 0, 0, 0, paris) // a Tuesday
	fri := time.Date(2026, 11, 20, 18, 30, 0, 0, paris)
	mk := func(freq string, interval int, first time.Time, edit func(*Series)) *Series {
		s := &Series{Freq: freq, Interval: interval, TZ: "Europe/Paris", FirstStart: first, Duration: 2 * time.Hour}
		if edit != nil {
			edit(s)
		}
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		return s
	}
	next := time.Date(2026, 12, 8, 19, 0, 0, 0, paris)
	for _, c := range []struct {
		name   string
		s      *Series
		at     time.Time
		en, fr string
		rrule  string
	}{
		{"weekly", mk(FreqWeekly, 1, tue, nil), next,
			"every Tuesday at 19:00, next on 8 December", "tous les mardis à 19 h 00, prochaine le 8 décembre", "FREQ=WEEKLY;BYDAY=TU"},
		{"every other week", mk(FreqWeekly, 2, tue, nil), next,
			"every other Tuesday at 19:00, next on 8 December", "un mardi sur deux à 19 h 00, prochaine le 8 décembre", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"},
		{"every three weeks", mk(FreqWeekly, 3, tue, nil), next,
			"every 3 weeks on Tuesday at 19:00, next on 8 December", "toutes les 3 semaines le mardi à 19 h 00, prochaine le 8 décembre", "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU"},
		{"until a date", mk(FreqWeekly, 1, tue, func(s *Series) { s.Until = time.Date(2027, 3, 2, 23, 59, 0, 0, paris) }), next,
			"every Tuesday at 19:00 until 2 March 2027, next on 8 December", "tous les mardis à 19 h 00 jusqu’au 2 mars 2027, prochaine le 8 décembre",
			"FREQ=WEEKLY;BYDAY=TU;UNTIL=20270302T225900Z"},
		{"monthly on a date", mk(FreqMonthlyDate, 1, time.Date(2026, 12, 1, 9, 5, 0, 0, paris), nil), time.Date(2027, 1, 1, 9, 5, 0, 0, paris),
			"every month on the 1st at 09:05, next on 1 January 2027", "le 1er de chaque mois à 9 h 05, prochaine le 1er janvier 2027", "FREQ=MONTHLY;BYMONTHDAY=1"},
		{"every two months on the 22nd", mk(FreqMonthlyDate, 2, time.Date(2026, 12, 22, 20, 0, 0, 0, paris), nil), time.Date(2026, 12, 22, 20, 0, 0, 0, paris),
			"every 2 months on the 22nd at 20:00, next on 22 December", "le 22 tous les 2 mois à 20 h 00, prochaine le 22 décembre", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=22"},
		{"third Friday", mk(FreqMonthlyWeekday, 1, fri, nil), fri,
			"every third Friday of the month at 18:30, next on 20 November", "le troisième vendredi de chaque mois à 18 h 30, prochaine le 20 novembre", "FREQ=MONTHLY;BYDAY=3FR"},
		{"last Friday every three months", mk(FreqMonthlyWeekday, 3, time.Date(2026, 11, 27, 18, 30, 0, 0, paris), func(s *Series) { s.Week, s.Weekday = -1, time.Friday }),
			time.Date(2026, 11, 27, 18, 30, 0, 0, paris),
			"every 3 months on the last Friday at 18:30, next on 27 November", "le dernier vendredi tous les 3 mois à 18 h 30, prochaine le 27 novembre", "FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR"},
		{"the hour of the next date", mk(FreqWeekly, 1, tue, nil), time.Date(2026, 12, 8, 18, 15, 0, 0, paris),
			"every Tuesday at 18:15, next on 8 December", "tous les mardis à 18 h 15, prochaine le 8 décembre", "FREQ=WEEKLY;BYDAY=TU"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.s.Describe("en", c.at, now); got != c.en {
				t.Errorf("en: %q, want %q", got, c.en)
			}
			if got := c.s.Describe("fr", c.at, now); got != c.fr {
				t.Errorf("fr: %q, want %q", got, c.fr)
			}
			if got := c.s.RRule(c.s.Until); got != c.rrule {
				t.Errorf("rrule: %q, want %q", got, c.rrule)
			}
		})
	}
	// Without a next date, the words stand alone at the first date's hour.
	if got := mk(FreqWeekly, 1, tue, nil).Describe("en", time.Time{}, now); got != "every Tuesday at 19:00" {
		t.Errorf("no next date: %q", got)
	}
}

// TestSeriesGapRefused: a series whose time of day falls, on one of its
// dates, in the hour the clocks skip is refused naming the start; one
// that ends before that night is accepted; the autumn overlap is fine and
// placed at the first 02:30.
func TestSeriesGapRefused(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	sunday := time.Date(2027, 3, 7, 2, 30, 0, 0, paris)
	s := &Series{Freq: FreqWeekly, TZ: "Europe/Paris", FirstStart: sunday, Duration: time.Hour}
	if e := ErrorOf(s.Validate()); e == nil || e.Field != "start" || e.Message != "err.series.time_gap" {
		t.Fatalf("weekly Sunday 02:30 across 28 March: %v", e)
	}
	s = &Series{Freq: FreqWeekly, TZ: "Europe/Paris", FirstStart: sunday, Duration: time.Hour, Until: time.Date(2027, 3, 21, 23, 0, 0, 0, paris)}
	if err := s.Validate(); err != nil {
		t.Fatalf("ending before the change: %v", err)
	}
	autumn := &Series{Freq: FreqWeekly, TZ: "Europe/Paris", FirstStart: time.Date(2027, 10, 24, 2, 30, 0, 0, paris), Duration: time.Hour,
		Until: time.Date(2027, 11, 1, 0, 0, 0, 0, paris)}
	if err := autumn.Validate(); err != nil {
		t.Fatal(err)
	}
	o, ok := autumn.At(1)
	if !ok || !o.Start.Equal(time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC)) {
		t.Errorf("31 October 02:30 = %v, want the first one (00:30 UTC)", o.Start)
	}
}
