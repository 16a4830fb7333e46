package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/service"
)

// TestFormatRelative: reminder subjects say when, as seen from the moment
// the mail is written, in the event's zone: around midnight, across the
// DST changes (23- and 25-hour days), a year's end, both languages.
func TestFormatRelative(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	ny, _ := time.LoadLocation("America/New_York")
	p := func(y int, mo time.Month, d, h, m int) time.Time { return time.Date(y, mo, d, h, m, 0, 0, paris) }
	for _, c := range []struct {
		start, now time.Time
		loc        *time.Location
		fr, en     string
	}{
		{p(2026, 5, 2, 20, 24), p(2026, 5, 2, 8, 0), paris, "aujourd’hui à 20:24", "today at 20:24"},
		{p(2026, 5, 3, 10, 0), p(2026, 5, 2, 10, 0), paris, "demain à 10:00", "tomorrow at 10:00"},
		// One minute before midnight, an event just after it is tomorrow…
		{p(2026, 5, 3, 0, 15), p(2026, 5, 2, 23, 59), paris, "demain à 00:15", "tomorrow at 00:15"},
		// …and one minute after, today.
		{p(2026, 5, 3, 0, 15), p(2026, 5, 3, 0, 1), paris, "aujourd’hui à 00:15", "today at 00:15"},
		// The server's UTC day is not the event's: 23:30 UTC is already the 3rd in Paris.
		{p(2026, 5, 3, 10, 0), time.Date(2026, 5, 2, 23, 30, 0, 0, time.UTC), paris, "aujourd’hui à 10:00", "today at 10:00"},
		// Spring forward (29 March 2026, a 23-hour day) and fall back (25 October, 25 hours).
		{p(2026, 3, 29, 20, 0), p(2026, 3, 28, 21, 0), paris, "demain à 20:00", "tomorrow at 20:00"},
		{p(2026, 3, 29, 3, 30), p(2026, 3, 29, 1, 30), paris, "aujourd’hui à 03:30", "today at 03:30"},
		{p(2026, 10, 26, 0, 30), p(2026, 10, 25, 0, 10), paris, "demain à 00:30", "tomorrow at 00:30"},
		{time.Date(2026, 3, 8, 23, 0, 0, 0, ny), time.Date(2026, 3, 8, 0, 30, 0, 0, ny), ny, "aujourd’hui à 23:00", "today at 23:00"},
		{p(2026, 5, 6, 18, 0), p(2026, 5, 2, 9, 0), paris, "mercredi à 18:00", "on Wednesday at 18:00"},
		{p(2026, 5, 9, 10, 0), p(2026, 5, 2, 9, 0), paris, "le samedi 9 mai à 10:00", "on Saturday 9 May at 10:00"},
		{p(2027, 1, 8, 10, 0), p(2026, 12, 30, 9, 0), paris, "le vendredi 8 janvier 2027 à 10:00", "on Friday 8 January 2027 at 10:00"},
	} {
		if got := service.FormatRelative("fr", c.start, c.now, c.loc); got != c.fr {
			t.Errorf("fr %v from %v: %q, want %q", c.start, c.now, got, c.fr)
		}
		if got := service.FormatRelative("en", c.start, c.now, c.loc); got != c.en {
			t.Errorf("en %v from %v: %q, want %q", c.start, c.now, got, c.en)
		}
	}
}

// TestReminderSubjectSaysWhen: the reminders' subjects and opening lines
// carry the real relative time, in each recipient's language.
func TestReminderSubjectSaysWhen(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	paris, _ := time.LoadLocation("Europe/Paris")
	e.now = time.Date(2026, 5, 2, 8, 0, 0, 0, paris).UTC()
	org := signIn(t, e, "org@example.org")
	tonight := eventInput(e, "Assemblée")
	tonight.Start = time.Date(2026, 5, 2, 20, 24, 0, 0, paris)
	tonight.End = tonight.Start.Add(time.Hour)
	morning := eventInput(e, "Marche")
	morning.Start = time.Date(2026, 5, 3, 7, 30, 0, 0, paris)
	morning.End = morning.Start.Add(2 * time.Hour)
	for _, in := range []service.EventInput{tonight, morning} {
		ev := mustCreate(t, e, org, in)
		mustJoin(t, e, signIn(t, e, "p@example.org"), ev.ID)
		if _, err := e.svc.JoinEvent(ctx, visitor, service.ByID(ev.ID), service.JoinInput{Name: "Eve", Email: "eve@example.org", Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		tok, _ := linkWith(t, e, "eve@example.org", "/events/participation/confirm")
		if _, err := e.svc.ConfirmParticipation(ctx, tok); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.svc.ScanReminders(ctx); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, c := range []struct{ addr, subject, intro string }{
		{"p@example.org", "Rappel\u00a0: Assemblée aujourd’hui à 20:24", "l’événement a lieu aujourd’hui à 20:24."},
		{"p@example.org", "Rappel\u00a0: Marche demain à 07:30", "l’événement a lieu demain à 07:30."},
		{"eve@example.org", "Reminder: Assemblée today at 20:24", "the event takes place today at 20:24."},
		{"eve@example.org", "Reminder: Marche tomorrow at 07:30", "the event takes place tomorrow at 07:30."},
	} {
		ms := eventMailsTo(e, c.addr, c.subject)
		if len(ms) != 1 || ms[0].Subject != c.subject || !strings.Contains(ms[0].Text, c.intro) {
			var subjects []string
			for _, m := range e.smtp.Messages() {
				subjects = append(subjects, m.Subject)
			}
			t.Errorf("%s: want one %q, have %q", c.addr, c.subject, subjects)
		}
	}
}
