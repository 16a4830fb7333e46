package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/service"
)

// hasTicket reports whether a mail carries a ticket: the QR image or the
// "your ticket" line.
func hasTicket(m *mailtest.Received) bool {
	for _, at := range m.Attachments {
		if at.Filename == "ticket.png" {
			return true
		}
	}
	return strings.Contains(m.Text, "Your ticket") || strings.Contains(m.Text, "Votre billet")
}

// TestNoTicketForOnlineOnlyEvents: an event with only an online link has
// no door, so its registration, confirmation and reminder mails carry no
// ticket, and neither the page nor the private link offers one; an event
// with a place and a link keeps its tickets.
func TestNoTicketForOnlineOnlyEvents(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	online := eventInput(e, "Visio")
	online.Start = e.clock().Add(30 * time.Hour).Truncate(time.Minute)
	online.End = online.Start.Add(time.Hour)
	online.PlaceArea, online.Place, online.OnlineURL = "", "", "https://visio.example/room"
	mixed := online
	mixed.Title, mixed.PlaceArea, mixed.Place = "Hybride", "Lyon", "Place Bellecour"
	cases := []struct {
		in     service.EventInput
		ticket bool
	}{{online, false}, {mixed, true}}
	for i, c := range cases {
		ev := mustCreate(t, e, org, c.in)
		if ev.Ticketed() != c.ticket {
			t.Errorf("%s: Ticketed() = %v", ev.Title, ev.Ticketed())
		}
		signed := []string{"a-online@example.org", "a-mixed@example.org"}[i]
		anon := []string{"b-online@example.org", "b-mixed@example.org"}[i]
		a := signIn(t, e, signed)
		mustJoin(t, e, a, ev.ID)
		if _, err := e.svc.JoinEvent(ctx, visitor, service.ByID(ev.ID), service.JoinInput{Name: "Bea", Email: anon, Lang: "en"}); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
		tok, _ := linkWith(t, e, anon, "/events/participation/confirm")
		if _, err := e.svc.ConfirmParticipation(ctx, tok); err != nil {
			t.Fatal(err)
		}
		e.drain(t)

		_, err := e.svc.MyTicket(ctx, a, service.ByID(ev.ID))
		if c.ticket && err != nil || !c.ticket && cortege.ErrorCode(err) != cortege.ENOTFOUND {
			t.Errorf("%s: MyTicket: %v", ev.Title, err)
		}
		cancelTok, _ := linkWith(t, e, anon, "/events/participation/cancel")
		_, err = e.svc.TicketByCancelToken(ctx, cancelTok)
		if c.ticket && err != nil || !c.ticket && cortege.ErrorCode(err) != cortege.ENOTFOUND {
			t.Errorf("%s: TicketByCancelToken: %v", ev.Title, err)
		}
	}
	e.advance(7 * time.Hour) // 23 hours before: reminders
	if err := e.svc.ScanReminders(ctx); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, addr := range []string{"a-online@example.org", "b-online@example.org", "a-mixed@example.org", "b-mixed@example.org"} {
		want := strings.HasSuffix(addr, "-mixed@example.org")
		var kinds int
		for _, m := range e.smtp.Messages() {
			if len(m.To) == 0 || m.To[0] != addr || strings.Contains(m.Text, "/events/participation/confirm?") || strings.Contains(m.Text, "/login/confirm?") {
				continue
			}
			kinds++
			if hasTicket(m) != want {
				t.Errorf("%s, %q: ticket = %v, want %v\n%s", addr, m.Subject, hasTicket(m), want, m.Text)
			}
			if !strings.Contains(m.Text, "https://visio.example/room") {
				t.Errorf("%s, %q: no online link", addr, m.Subject)
			}
		}
		if kinds < 2 {
			t.Errorf("%s got %d mails, want the registration and the reminder", addr, kinds)
		}
	}
}
