package service_test

import (
	"context"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestChangeMailsFitHiddenDetails: when a hidden place or link changes,
// approved people get the new value, people who may not see it yet are
// told it changed (and when they will see it) without it leaking, and
// the public area is given to all; checked-in people are told too.
func TestChangeMailsFitHiddenDetails(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Réunion discrète")
	in.JoinMode, in.Capacity, in.HidePlace, in.HideOnline = cortege.JoinApproval, 2, true, true
	in.Place, in.OnlineURL = "12 rue Secrète", "https://visio.example/salle"
	ev := mustCreate(t, e, org, in)
	ref := service.ByID(ev.ID)
	ids := map[string]string{}
	for _, who := range []string{"approved", "arrived", "waiting", "pending"} {
		ids[who] = mustJoin(t, e, signIn(t, e, who+"@example.org"), ev.ID).ID
	}
	for _, who := range []string{"approved", "arrived", "waiting"} {
		if _, err := e.svc.Approve(ctx, org, ref, ids[who], ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.svc.CheckInParticipant(ctx, org, ref, ids["arrived"]); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	in.Place, in.PlaceArea, in.OnlineURL = "3 impasse Cachée", "Villeurbanne", "https://visio.example/autre"
	if _, err := e.svc.UpdateEvent(ctx, org, ref, in, service.ScopeThis); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, c := range []struct {
		who     string
		want    []string
		mustNot []string
	}{
		{"approved", []string{"3 impasse Cachée", "https://visio.example/autre", "12 rue Secrète"}, nil},
		{"arrived", []string{"3 impasse Cachée", "https://visio.example/autre"}, nil},
		{"pending", []string{"Le lieu exact a changé (secteur\u00a0: Villeurbanne)\u202f; vous le verrez une fois votre inscription acceptée.",
			"Le lien en ligne a changé\u202f; vous le verrez une fois votre inscription acceptée."}, []string{"Cachée", "Secrète", "visio.example", "à annoncer"}},
		{"waiting", []string{"Le lieu exact a changé (secteur\u00a0: Villeurbanne)\u202f; vous le verrez si une place se libère pour vous."},
			[]string{"Cachée", "Secrète", "visio.example", "à annoncer"}},
	} {
		ms := eventMailsTo(e, c.who+"@example.org", "Changement")
		if len(ms) != 1 {
			t.Errorf("%s: %d change mails", c.who, len(ms))
			continue
		}
		body := ms[0].Text + ms[0].HTML
		for _, w := range c.want {
			if !strings.Contains(ms[0].Text, w) {
				t.Errorf("%s: %q missing in\n%s", c.who, w, ms[0].Text)
			}
		}
		for _, w := range c.mustNot {
			if strings.Contains(body, w) {
				t.Errorf("%s: %q leaks in\n%s", c.who, w, ms[0].Text)
			}
		}
		for _, b := range calendarParts(ms[0], "text/calendar") {
			if c.mustNot != nil && strings.Contains(string(b), "Cach") {
				t.Errorf("%s: the calendar leaks the place", c.who)
			}
		}
	}
}

// TestAnnouncementIsMarkdown: an announcement is rendered (sanitised) in
// the HTML part and stays readable as written in the text part.
func TestAnnouncementIsMarkdown(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Assemblée"))
	mustJoin(t, e, signIn(t, e, "p@example.org"), ev.ID)
	body := "Apportez **vos banderoles**.\n\n- eau\n- sifflets\n\n[ordre du jour](https://pad.example/odj)\n\n<script>alert(1)</script>"
	if _, err := e.svc.Announce(ctx, org, service.ByID(ev.ID), cortege.AudienceAll, "Consignes", body); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Announce(ctx, org, service.ByID(ev.ID), cortege.AudienceAll, "Bell\a", "x"); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "subject" {
		t.Fatalf("control character in the subject: %v", err)
	}
	e.drain(t)
	ms := eventMailsTo(e, "p@example.org", "Consignes")
	if len(ms) != 1 {
		t.Fatalf("%d announcement mails", len(ms))
	}
	m := ms[0]
	if !strings.Contains(m.HTML, "<strong>vos banderoles</strong>") || !strings.Contains(m.HTML, "<li>sifflets</li>") ||
		!strings.Contains(m.HTML, `href="https://pad.example/odj"`) || strings.Contains(m.HTML, "<script") {
		t.Errorf("HTML part:\n%s", m.HTML)
	}
	if !strings.Contains(m.Text, "Apportez **vos banderoles**.") || !strings.Contains(m.Text, "- sifflets") {
		t.Errorf("text part:\n%s", m.Text)
	}
}

// TestUnhiddenPlaceKeepsOldAddressHidden is the regression test of a leak
// the authorisation crawler found: an organiser who made a hidden place
// public (moving it) showed the old, hidden address in the event's
// history to everyone, visitors included, and in the change mail to
// people not yet admitted. The old address stays for the organisers and
// the admitted; the new one, public, is for all.
func TestUnhiddenPlaceKeepsOldAddressHidden(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Réunion d’abord discrète")
	in.JoinMode, in.HidePlace, in.Place = cortege.JoinApproval, true, "12 rue Secrète"
	ev := mustCreate(t, e, org, in)
	ref := service.ByID(ev.ID)
	pending := signIn(t, e, "pending@example.org")
	mustJoin(t, e, pending, ev.ID)
	approved := signIn(t, e, "approved@example.org")
	if _, err := e.svc.Approve(ctx, org, ref, mustJoin(t, e, approved, ev.ID).ID, ""); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	in.HidePlace, in.Place = false, "Place des Terreaux"
	if _, err := e.svc.UpdateEvent(ctx, org, ref, in, service.ScopeThis); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, c := range []struct {
		who  string
		a    cortege.Actor
		sees bool
	}{{"visitor", cortege.Anonymous, false}, {"pending", pending, false}, {"approved", approved, true}, {"organiser", org, true}} {
		v, err := e.svc.Event(ctx, c.a, ref)
		if err != nil {
			t.Fatal(err)
		}
		var from, to string
		for _, ch := range v.Changes {
			if ch.Field == cortege.ChangePlace {
				from, to = ch.From, ch.To
			}
		}
		if strings.Contains(from, "Secrète") != c.sees || !strings.Contains(to, "Terreaux") {
			t.Errorf("%s reads the place change from %q to %q", c.who, from, to)
		}
	}
	ms := eventMailsTo(e, "pending@example.org", "Changement")
	if len(ms) != 1 || strings.Contains(ms[0].Text+ms[0].HTML, "Secrète") || !strings.Contains(ms[0].Text, "Terreaux") {
		t.Fatalf("change mail to a pending participant: %d mails\n%s", len(ms), firstText(ms))
	}
}

func firstText(ms []*mailtest.Received) string {
	if len(ms) == 0 {
		return ""
	}
	return ms[0].Text
}
