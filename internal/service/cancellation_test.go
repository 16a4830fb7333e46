package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// icalEvent is what ical.js shows of one VEVENT (internal/ics/testdata).
type icalEvent struct {
	UID, Summary, Status, Method, Organizer, OrganizerCN, Comment, Description, Start string
	Sequence                                                                          int
	Attendees                                                                         []string
}

// icaljs reads a calendar with Mozilla's ical.js (testkit.ICALJS).
func icaljs(t *testing.T, b []byte) []icalEvent {
	t.Helper()
	out := testkit.ICALJS(t, b)
	var got []icalEvent
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return got
}

// calendarParts returns the calendar parts of a mail by content type
// prefix ("text/calendar; method=CANCEL", "application/ics"…).
func calendarParts(m *mailtest.Received, prefix string) [][]byte {
	var out [][]byte
	for _, a := range m.Attachments {
		if strings.HasPrefix(strings.ToLower(a.ContentType), strings.ToLower(prefix)) {
			out = append(out, a.Data)
		}
	}
	return out
}

// maxSequence is the highest SEQUENCE of the event in the calendars
// mailed to addr so far.
func maxSequence(t *testing.T, e *env, addr, uid string) int {
	seq := -1
	for _, m := range e.smtp.Messages() {
		if len(m.To) == 0 || !strings.EqualFold(m.To[0], addr) {
			continue
		}
		for _, b := range calendarParts(m, "text/calendar") {
			for _, ev := range icaljs(t, b) {
				if ev.UID == uid && ev.Sequence > seq {
					seq = ev.Sequence
				}
			}
		}
	}
	return seq
}

// TestCancellationTellsEveryoneWithACancellingICS reads the mails of a
// cancellation: everyone with an active registration (approved, checked
// in, on the waiting list, pending, signed in or anonymous) gets exactly
// one, with the reason and a calendar notice that ical.js reads as an
// iTIP CANCEL of the same UID with a SEQUENCE above any sent before;
// those who left, were refused or never confirmed get none.
func TestCancellationTellsEveryoneWithACancellingICS(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Marche pour le climat")
	in.JoinMode, in.Capacity = cortege.JoinApproval, 3
	ev := mustCreate(t, e, org, in)
	ref := service.ByID(ev.ID)
	people := map[string]cortege.Actor{}
	for _, who := range []string{"arrived", "approved", "waiting", "pending", "left", "refused"} {
		people[who] = signIn(t, e, who+"@example.org")
	}
	parts := map[string]*cortege.Participation{}
	for _, who := range []string{"arrived", "approved", "waiting", "pending", "left", "refused"} {
		parts[who] = mustJoin(t, e, people[who], ev.ID)
	}
	anon, err := e.svc.JoinEvent(ctx, visitor, ref, service.JoinInput{Name: "Eve", Email: "eve@example.org", Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.JoinEvent(ctx, visitor, ref, service.JoinInput{Name: "Nobody", Email: "unconfirmed@example.org"}); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	tok, _ := linkWith(t, e, "eve@example.org", "/events/participation/confirm")
	if _, err := e.svc.ConfirmParticipation(ctx, tok); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{parts["arrived"].ID, parts["approved"].ID, anon.ID, parts["waiting"].ID} {
		if _, err := e.svc.Approve(ctx, org, ref, id, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.Refuse(ctx, org, ref, parts["refused"].ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.CancelParticipation(ctx, people["left"], ref); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CheckInParticipant(ctx, org, ref, parts["arrived"].ID); err != nil {
		t.Fatal(err)
	}
	// A change first, so the calendars already mailed carry SEQUENCE 1.
	in.Place = "Parvis de l’hôtel de ville"
	if _, err := e.svc.UpdateEvent(ctx, org, ref, in, service.ScopeThis); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	feed, err := e.svc.EventICS(ctx, cortege.Anonymous, ref)
	if err != nil {
		t.Fatal(err)
	}
	uid := icaljs(t, feed)[0].UID
	statuses := map[string]string{}
	ps, _ := e.svc.Participants(ctx, org, ref)
	for _, p := range ps {
		statuses[p.ID] = p.Status
	}
	if statuses[parts["arrived"].ID] != cortege.PartAttended || statuses[parts["waiting"].ID] != cortege.PartWaitlisted ||
		statuses[parts["pending"].ID] != cortege.PartPending || statuses[anon.ID] != cortege.PartApproved {
		t.Fatalf("statuses before cancelling: %v", statuses)
	}
	told := []string{"arrived@example.org", "approved@example.org", "waiting@example.org", "pending@example.org", "eve@example.org"}
	before := map[string]int{}
	for _, addr := range told {
		before[addr] = maxSequence(t, e, addr, uid)
	}

	const reason = "Arrêté **préfectoral** : la marche est interdite. Rendez-vous le 12."
	if _, err := e.svc.CancelEvent(ctx, org, ref, service.ScopeThis, strings.Repeat("x", cortege.MaxCancelReasonLen+1)); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "reason" {
		t.Fatalf("a reason too long: %v", err)
	}
	got, err := e.svc.CancelEvent(ctx, org, ref, service.ScopeThis, "  "+reason+"\n")
	if err != nil || !got.Cancelled() || got.CancelReason != reason {
		t.Fatalf("cancel: %+v, %v", got, err)
	}
	e.drain(t)
	// Cancelling again changes nothing and sends nothing more.
	if _, err := e.svc.CancelEvent(ctx, org, ref, service.ScopeThis, "autre chose"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)

	for _, addr := range told {
		subject := "Annulé"
		if addr == "eve@example.org" {
			subject = "Cancelled"
		}
		ms := eventMailsTo(e, addr, subject)
		if len(ms) != 1 {
			t.Errorf("%s got %d cancellation mails, want 1", addr, len(ms))
			continue
		}
		m := ms[0]
		if !strings.Contains(m.Text, reason) || !strings.Contains(m.HTML, "<strong>préfectoral</strong>") {
			t.Errorf("%s: the reason is missing:\n%s", addr, m.Text)
		}
		inline, file := calendarParts(m, "text/calendar; method=CANCEL"), calendarParts(m, "application/ics")
		if len(inline) != 1 || len(file) != 1 || !bytes.Equal(inline[0], file[0]) {
			t.Errorf("%s: want one text/calendar; method=CANCEL part and the same invite.ics, got %+v", addr, m.Attachments)
			continue
		}
		if !strings.Contains(string(m.Raw), "text/calendar; method=CANCEL; charset=UTF-8") {
			t.Errorf("%s: calendar part without its charset", addr)
		}
		cal := icaljs(t, inline[0])
		if len(cal) != 1 {
			t.Fatalf("%s: %d events in the notice", addr, len(cal))
		}
		c := cal[0]
		if c.Method != "CANCEL" || c.Status != "CANCELLED" || c.UID != uid || c.Sequence <= before[addr] || before[addr] < 1 {
			t.Errorf("%s: notice %+v (sequence before %d, uid %s)", addr, c, before[addr], uid)
		}
		if c.Organizer != "mailto:noreply@cortege.example" || len(c.Attendees) != 1 || !strings.EqualFold(c.Attendees[0], "mailto:"+addr) {
			t.Errorf("%s: organizer %q attendees %v", addr, c.Organizer, c.Attendees)
		}
		if !strings.Contains(c.Comment, "Arrêté **préfectoral**") || !strings.HasPrefix(c.Description, "Arrêté") {
			t.Errorf("%s: reason not in the notice: %+v", addr, c)
		}
		if strings.Contains(m.Text, "Votre billet") || strings.Contains(m.Text, "Your ticket") {
			t.Errorf("%s: a ticket for a cancelled event", addr)
		}
	}
	for _, addr := range []string{"left@example.org", "refused@example.org", "unconfirmed@example.org", "org@example.org"} {
		if n := len(eventMailsTo(e, addr, "Annulé")) + len(eventMailsTo(e, addr, "Cancelled")); n != 0 {
			t.Errorf("%s got %d cancellation mails", addr, n)
		}
	}
	// The page and the event's calendar tell the reason too.
	v, err := e.svc.Event(ctx, cortege.Anonymous, ref)
	if err != nil || v.Event.CancelReason != reason {
		t.Fatalf("page: %q, %v", v.Event.CancelReason, err)
	}
	feed, _ = e.svc.EventICS(ctx, cortege.Anonymous, ref)
	if f := icaljs(t, feed)[0]; f.Status != "CANCELLED" || f.Comment != reason || f.Method != "PUBLISH" {
		t.Fatalf("the event's .ics: %+v", f)
	}
	// Checking in is now refused, clearly.
	if _, err := e.svc.CheckInParticipant(ctx, org, ref, parts["approved"].ID); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("check-in of a cancelled event: %v", err)
	}
}

// TestCancellingFollowingOccurrences: cancelling a series from one
// occurrence on sends one notice per occurrence each person registered
// to (each is its own calendar entry, with its own UID), and only for
// the occurrences cancelled.
func TestCancellingFollowingOccurrences(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Permanence")
	in.Repeat = &service.RepeatInput{Freq: cortege.FreqWeekly, Interval: 1}
	first := mustCreate(t, e, org, in)
	if err := e.svc.ExtendSeries(ctx); err != nil {
		t.Fatal(err)
	}
	occ, err := e.svc.SeriesOccurrences(ctx, cortege.Anonymous, service.ByID(first.ID))
	if err != nil || len(occ) < 3 {
		t.Fatalf("occurrences: %d, %v", len(occ), err)
	}
	p := signIn(t, e, "p@example.org")
	for _, o := range occ[:3] {
		mustJoin(t, e, p, o.ID)
	}
	e.drain(t)
	if _, err := e.svc.CancelEvent(ctx, org, service.ByID(occ[1].ID), service.ScopeFollowing, "Local fermé."); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	uids := map[string]bool{}
	for _, m := range eventMailsTo(e, "p@example.org", "Annulé") {
		for _, b := range calendarParts(m, "text/calendar; method=CANCEL") {
			for _, c := range icaljs(t, b) {
				uids[c.UID] = true
			}
		}
	}
	want := map[string]bool{occ[1].ID + "@cortege.example": true, occ[2].ID + "@cortege.example": true}
	if len(uids) != len(want) || !uids[occ[1].ID+"@cortege.example"] || !uids[occ[2].ID+"@cortege.example"] {
		t.Fatalf("cancelled UIDs %v, want %v", uids, want)
	}
	if v, _ := e.svc.Event(ctx, cortege.Anonymous, service.ByID(occ[0].ID)); v.Event.Cancelled() {
		t.Fatal("the occurrence before was cancelled")
	}
	if v, _ := e.svc.Event(ctx, cortege.Anonymous, service.ByID(occ[2].ID)); v.Event.CancelReason != "Local fermé." {
		t.Fatalf("following occurrence's reason: %q", v.Event.CancelReason)
	}
}

// TestNoReminderAfterCancelling: reminders queued before a cancellation
// are dropped when they run; the cancellation notice offers no link to
// withdraw from what no longer takes place.
func TestNoReminderAfterCancelling(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Réunion")
	in.Start = e.clock().Add(3 * time.Hour).Truncate(time.Minute)
	in.End = in.Start.Add(time.Hour)
	ev := mustCreate(t, e, org, in)
	if _, err := e.svc.JoinEvent(ctx, visitor, service.ByID(ev.ID), service.JoinInput{Name: "Eve", Email: "eve@example.org"}); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	tok, _ := linkWith(t, e, "eve@example.org", "/events/participation/confirm")
	if _, err := e.svc.ConfirmParticipation(ctx, tok); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if err := e.svc.ScanReminders(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.CancelEvent(ctx, org, service.ByID(ev.ID), service.ScopeThis, ""); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if n := len(eventMailsTo(e, "eve@example.org", "Rappel")); n != 0 {
		t.Errorf("%d reminders of a cancelled event", n)
	}
	ms := eventMailsTo(e, "eve@example.org", "Annulé")
	if len(ms) != 1 || strings.Contains(ms[0].Text, "/events/participation/cancel") || strings.Contains(ms[0].Text, "Message des organisateurs") {
		t.Fatalf("cancellation without a reason: %d mails\n%s", len(ms), ms[0].Text)
	}
}
