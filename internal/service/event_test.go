package service_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/service"
)

// eventMailsTo returns the messages received by addr whose subject contains sub.
func eventMailsTo(e *env, addr, sub string) []*mailtest.Received {
	var out []*mailtest.Received
	for _, m := range e.smtp.Messages() {
		if len(m.To) > 0 && strings.EqualFold(m.To[0], addr) && strings.Contains(m.Subject, sub) {
			out = append(out, m)
		}
	}
	return out
}

// linkWith returns the token of the last link with path in a mail to addr.
func linkWith(t *testing.T, e *env, addr, path string) (token string, u *url.URL) {
	t.Helper()
	msgs := e.smtp.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].To) == 0 || !strings.EqualFold(msgs[i].To[0], addr) {
			continue
		}
		for _, l := range msgs[i].Links() {
			if u, err := url.Parse(l); err == nil && u.Path == path {
				return u.Query().Get("token"), u
			}
		}
	}
	t.Fatalf("no %s link mailed to %s", path, addr)
	return "", nil
}

// eventInput is a valid event starting in two days.
func eventInput(e *env, title string) service.EventInput {
	start := e.clock().Add(48 * time.Hour).Truncate(time.Hour)
	return service.EventInput{Title: title, Start: start, End: start.Add(2 * time.Hour), TZ: "Europe/Paris",
		PlaceArea: "Lyon", Place: "Place Bellecour", Publish: true}
}

func mustCreate(t *testing.T, e *env, a cortege.Actor, in service.EventInput) *cortege.Event {
	t.Helper()
	ev, err := e.svc.CreateEvent(context.Background(), a, in)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func mustJoin(t *testing.T, e *env, a cortege.Actor, id string) *cortege.Participation {
	t.Helper()
	p, err := e.svc.JoinEvent(context.Background(), a, service.ByID(id), service.JoinInput{})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestWaitingListPromotesOnCancellation(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Atelier banderoles")
	in.Capacity = 2
	ev := mustCreate(t, e, org, in)
	var people []cortege.Actor
	var statuses []string
	for _, addr := range []string{"ana@example.org", "bea@example.org", "cyril@example.org"} {
		a := signIn(t, e, addr)
		people = append(people, a)
		statuses = append(statuses, mustJoin(t, e, a, ev.ID).Status)
	}
	want := []string{cortege.PartApproved, cortege.PartApproved, cortege.PartWaitlisted}
	for i := range want {
		if statuses[i] != want[i] {
			t.Fatalf("statuses = %v, want %v", statuses, want)
		}
	}
	e.drain(t)
	if len(eventMailsTo(e, "cyril@example.org", "Liste d’attente")) != 1 {
		t.Fatal("waitlisted person not told")
	}
	if err := e.svc.CancelParticipation(ctx, people[1], service.ByID(ev.ID)); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	v, err := e.svc.Event(ctx, people[2], service.ByID(ev.ID))
	if err != nil || v.Mine == nil || v.Mine.Status != cortege.PartApproved {
		t.Fatalf("third person after a cancellation: %+v, %v", v.Mine, err)
	}
	promoted := eventMailsTo(e, "cyril@example.org", "Une place s’est libérée")
	if len(promoted) != 1 {
		t.Fatalf("promotion mails = %d", len(promoted))
	}
	if len(promoted[0].Attachments) == 0 || !strings.Contains(promoted[0].Text, "billet") {
		t.Errorf("promotion mail lacks the ticket or the calendar file:\n%s", promoted[0].Text)
	}
	c, err := e.svc.Counts(ctx, org, service.ByID(ev.ID))
	if err != nil || c.Approved != 2 || c.Waitlisted != 0 {
		t.Fatalf("counts = %+v, %v", c, err)
	}
}

// TestHiddenAddress: on an event by approval whose place and link are
// reserved to approved participants, neither the service's view nor the
// .ics carries them before approval; both do after.
func TestHiddenAddress(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Réunion discrète")
	in.JoinMode, in.HidePlace, in.HideOnline = cortege.JoinApproval, true, true
	in.Place, in.OnlineURL, in.HasCoords, in.Lat, in.Lon = "12 rue Secrète", "https://visio.example/salle", true, 45.7578, 4.8320
	ev := mustCreate(t, e, org, in)
	guest := signIn(t, e, "guest@example.org")
	check := func(a cortege.Actor, who string, visible bool) {
		t.Helper()
		v, err := e.svc.Event(ctx, a, service.ByID(ev.ID))
		if err != nil {
			t.Fatal(err)
		}
		ics, err := e.svc.EventICS(ctx, a, service.ByID(ev.ID))
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Contains(v.Event.Place, "Secrète") || strings.Contains(v.Event.OnlineURL, "visio") || v.Event.Lat == 45.7578
		inICS := strings.Contains(string(ics), "Secr") || strings.Contains(string(ics), "visio") || strings.Contains(string(ics), "GEO")
		if got != visible || inICS != visible {
			t.Fatalf("%s: details in view %v, in ICS %v, want %v\n%s", who, got, inICS, visible, ics)
		}
		if !visible && (!v.PlaceHidden || !v.OnlineHidden || v.Event.PlaceArea != "Lyon") {
			t.Fatalf("%s: the page must say the details come after approval: %+v", who, v)
		}
	}
	check(cortege.Anonymous, "visitor", false)
	p := mustJoin(t, e, guest, ev.ID)
	if p.Status != cortege.PartPending {
		t.Fatalf("status %s", p.Status)
	}
	check(guest, "pending participant", false)
	check(org, "organiser", true)
	e.drain(t)
	if _, err := e.svc.Approve(ctx, guest, service.ByID(ev.ID), p.ID, ""); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("participant approving: %v", err)
	}
	if _, err := e.svc.Approve(ctx, org, service.ByID(ev.ID), p.ID, "Bienvenue"); err != nil {
		t.Fatal(err)
	}
	check(guest, "approved participant", true)
	check(cortege.Anonymous, "visitor after approval", false)
	e.drain(t)
	pending := eventMailsTo(e, "guest@example.org", "Demande d’inscription")
	approved := eventMailsTo(e, "guest@example.org", "Inscription acceptée")
	if len(pending) != 1 || len(approved) != 1 {
		t.Fatalf("mails: %d pending, %d approved", len(pending), len(approved))
	}
	if strings.Contains(pending[0].Text, "Secrète") || strings.Contains(pending[0].Text, "visio.example") {
		t.Fatalf("the pending mail leaks the hidden place:\n%s", pending[0].Text)
	}
	if !strings.Contains(approved[0].Text, "12 rue Secrète") || !strings.Contains(approved[0].Text, "Bienvenue") {
		t.Fatalf("the approval mail lacks the place or the message:\n%s", approved[0].Text)
	}
}

func TestAnnouncementReachesOnlyTheAudience(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Assemblée")
	in.JoinMode = cortege.JoinApproval
	ev := mustCreate(t, e, org, in)
	ref := service.ByID(ev.ID)
	approve := func(p *cortege.Participation) {
		if _, err := e.svc.Approve(ctx, org, ref, p.ID, ""); err != nil {
			t.Fatal(err)
		}
	}
	approve(mustJoin(t, e, signIn(t, e, "ok1@example.org"), ev.ID))
	approve(mustJoin(t, e, signIn(t, e, "ok2@example.org"), ev.ID))
	mustJoin(t, e, signIn(t, e, "wait@example.org"), ev.ID)
	// An anonymous participant, confirmed then approved, hears too.
	anon, err := e.svc.JoinEvent(ctx, visitor, ref, service.JoinInput{Name: "Dom", Email: "dom@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	tok, _ := linkWith(t, e, "dom@example.org", "/events/participation/confirm")
	if _, err := e.svc.ConfirmParticipation(ctx, tok); err != nil {
		t.Fatal(err)
	}
	approve(anon)
	an, err := e.svc.Announce(ctx, org, ref, cortege.AudienceApproved, "Point de rendez-vous", "Devant la mairie à 9 h.")
	if err != nil {
		t.Fatal(err)
	}
	if an.SentTo != 3 {
		t.Fatalf("sent to %d, want 3", an.SentTo)
	}
	e.drain(t)
	for addr, want := range map[string]int{"ok1@example.org": 1, "ok2@example.org": 1, "dom@example.org": 1, "wait@example.org": 0, "org@example.org": 0} {
		got := eventMailsTo(e, addr, "Point de rendez-vous")
		if len(got) != want {
			t.Errorf("%s received %d announcements, want %d", addr, len(got), want)
		}
		if len(got) == 1 && (!strings.Contains(got[0].Text, "Devant la mairie") || got[0].HeaderDecoded("List-Unsubscribe-Post") == "") {
			t.Errorf("%s: announcement lacks body or one-click unsubscribe", addr)
		}
	}
	if _, err := e.svc.Announce(ctx, signIn(t, e, "x@example.org"), ref, cortege.AudienceAll, "Spam", "x"); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("stranger announcing: %v", err)
	}
}

func TestCheckInCounts(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Meeting"))
	ref := service.ByID(ev.ID)
	var tickets []*service.Ticket
	for _, addr := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		a := signIn(t, e, addr)
		mustJoin(t, e, a, ev.ID)
		tk, err := e.svc.MyTicket(ctx, a, ref)
		if err != nil || len(tk.QRPNG) < 100 || len(tk.Code) != 11 {
			t.Fatalf("ticket %+v, %v", tk, err)
		}
		tickets = append(tickets, tk)
	}
	if _, err := e.svc.CheckIn(ctx, signIn(t, e, "intruder@example.org"), ref, tickets[0].Code); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("non-organiser check-in: %v", err)
	}
	r, err := e.svc.CheckIn(ctx, org, ref, strings.ToLower(strings.ReplaceAll(tickets[0].Code, "-", " ")))
	if err != nil || r.Already || r.Participant.Status != cortege.PartAttended {
		t.Fatalf("check-in: %+v, %v", r, err)
	}
	if _, err := e.svc.CheckIn(ctx, org, ref, tickets[1].Code); err != nil {
		t.Fatal(err)
	}
	again, err := e.svc.CheckIn(ctx, org, ref, tickets[1].Code)
	if err != nil || !again.Already {
		t.Fatalf("second scan: %+v, %v", again, err)
	}
	if _, err := e.svc.CheckIn(ctx, org, ref, "ZZZZZ-ZZZZZ"); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "code" {
		t.Fatalf("unknown code: %v", err)
	}
	c, err := e.svc.Counts(ctx, org, ref)
	if err != nil || c.Attended != 2 || c.Approved != 3 || c.Registered != 3 {
		t.Fatalf("counts = %+v, %v; want 2 attended of 3", c, err)
	}
}

func TestAnonymousCreationAndManagementLink(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	in := eventInput(e, "Pique-nique de quartier")
	in.CreatorEmail = "Voisine@Example.org"
	ev := mustCreate(t, e, visitor, in)
	if _, err := e.svc.Event(ctx, cortege.Anonymous, service.ByID(ev.ID)); !cortege.IsNotFound(err) {
		t.Fatalf("unconfirmed event visible: %v", err)
	}
	e.drain(t)
	tok, _ := linkWith(t, e, "Voisine@example.org", "/events/manage")
	if got, err := e.svc.CheckManageLink(ctx, tok); err != nil || got.ID != ev.ID || got.Confirmed {
		t.Fatalf("manage link GET: %+v, %v", got, err)
	}
	if _, err := e.svc.ConfirmEventCreation(ctx, service.ByManageToken(tok)); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Event(ctx, cortege.Anonymous, service.ByID(ev.ID))
	if err != nil || v.CanEdit {
		t.Fatalf("confirmed event for a visitor: %+v, %v", v, err)
	}
	// The management link edits and announces; it is the organiser's key.
	ref := service.ByManageToken(tok)
	in.Title = "Pique-nique du quartier"
	if _, err := e.svc.UpdateEvent(ctx, cortege.Anonymous, ref, in, service.ScopeThis); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.UpdateEvent(ctx, cortege.Anonymous, service.ByID(ev.ID), in, service.ScopeThis); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("edit without the link: %v", err)
	}
	// Attached to an account later, the link stops working.
	owner := signIn(t, e, "voisine@example.org")
	if _, err := e.svc.ClaimEvent(ctx, owner, service.ByManageToken(tok)); err != nil {
		t.Fatal(err)
	}
	if v, err := e.svc.Event(ctx, owner, service.ByID(ev.ID)); err != nil || !v.CanEdit || v.Creator == nil {
		t.Fatalf("claimed event: %+v, %v", v, err)
	}
	if _, err := e.svc.CheckManageLink(ctx, tok); !cortege.IsNotFound(err) {
		t.Fatalf("link after claim: %v", err)
	}
	// The instance can turn anonymous creation off.
	admin := adminActor(t, e)
	if err := e.svc.SetEventSettings(ctx, admin, service.EventSettings{AnonymousCreation: false}); err != nil {
		t.Fatal(err)
	}
	in.CreatorEmail = "other@example.org"
	if _, err := e.svc.CreateEvent(ctx, visitor, in); cortege.ErrorCode(err) != cortege.EUNAUTH {
		t.Fatalf("anonymous creation when off: %v", err)
	}
}

func TestAnonymousParticipationConfirmAndCancel(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Concert"))
	ref := service.ByID(ev.ID)
	if _, err := e.svc.JoinEvent(ctx, visitor, ref, service.JoinInput{Name: "", Email: "x@example.org"}); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "name" {
		t.Fatalf("no name: %v", err)
	}
	p, err := e.svc.JoinEvent(ctx, visitor, ref, service.JoinInput{Name: "Eve", Email: "eve@example.org", Lang: "en"})
	if err != nil || p.Status != cortege.PartUnconfirmed {
		t.Fatalf("join: %+v, %v", p, err)
	}
	e.drain(t)
	tok, _ := linkWith(t, e, "eve@example.org", "/events/participation/confirm")
	if _, _, err := e.svc.CheckParticipationLink(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if got, err := e.svc.ConfirmParticipation(ctx, tok); err != nil || got.Status != cortege.PartUnconfirmed && got.Status != cortege.PartApproved {
		t.Fatalf("confirm: %+v, %v", got, err)
	}
	if got, err := e.svc.ConfirmParticipation(ctx, tok); err != nil || got.Status != cortege.PartApproved {
		t.Fatalf("second confirm: %+v, %v", got, err)
	}
	e.drain(t)
	joined := eventMailsTo(e, "eve@example.org", "Registration confirmed")
	if len(joined) != 1 {
		t.Fatalf("%d confirmation mails", len(joined))
	}
	m := joined[0]
	var ics string
	for _, at := range m.Attachments {
		if strings.HasPrefix(at.ContentType, "text/calendar") {
			ics = string(at.Data)
		}
	}
	if !strings.Contains(ics, "DTSTART;TZID=Europe/Paris:") || !strings.Contains(ics, "Place Bellecour") {
		t.Fatalf("no .ics with the event attached:\n%s", ics)
	}
	if !strings.HasPrefix(m.HeaderDecoded("List-Unsubscribe"), "<https://cortege.example/events/participation/unsubscribe?") {
		t.Fatalf("List-Unsubscribe = %q", m.HeaderDecoded("List-Unsubscribe"))
	}
	cancelTok, _ := linkWith(t, e, "eve@example.org", "/events/participation/cancel")
	if tk, err := e.svc.TicketByCancelToken(ctx, cancelTok); err != nil || !strings.Contains(m.Text, tk.Code) {
		t.Fatalf("ticket from the link: %v, %v", tk, err)
	}
	if _, _, err := e.svc.CheckCancelLink(ctx, cancelTok); err != nil {
		t.Fatal(err)
	}
	got, err := e.svc.CancelParticipationByToken(ctx, cancelTok)
	if err != nil || got.Status != cortege.PartCancelled {
		t.Fatalf("cancel: %+v, %v", got, err)
	}
	c, _ := e.svc.Counts(ctx, org, ref)
	if c.Registered != 0 {
		t.Fatalf("counts after cancel: %+v", c)
	}
	// The unsubscribe link turns updates off; bad tokens are refused.
	_, u := linkWith(t, e, "eve@example.org", "/events/participation/unsubscribe")
	if err := e.svc.UnsubscribeParticipation(ctx, u.Query().Get("id"), u.Query().Get("token")); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.UnsubscribeParticipation(ctx, u.Query().Get("id"), cortege.NewToken()); err == nil {
		t.Fatal("forged unsubscribe accepted")
	}
}

func TestChangesAreRecordedAndTold(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Marche")
	in.Place, in.PlaceTBA = "", true
	ev := mustCreate(t, e, org, in)
	mustJoin(t, e, signIn(t, e, "p@example.org"), ev.ID)
	in.Place = "Parvis de la gare"
	in.Start = in.Start.Add(time.Hour)
	in.End = in.End.Add(time.Hour)
	up, err := e.svc.UpdateEvent(ctx, org, service.ByID(ev.ID), in, service.ScopeThis)
	if err != nil || up.Sequence != 1 || up.PlaceTBA {
		t.Fatalf("update: %+v, %v", up, err)
	}
	v, _ := e.svc.Event(ctx, cortege.Anonymous, service.ByID(ev.ID))
	fields := map[string]bool{}
	for _, c := range v.Changes {
		fields[c.Field] = true
	}
	if !fields[cortege.ChangeStart] || !fields[cortege.ChangePlace] {
		t.Fatalf("changes = %+v", v.Changes)
	}
	e.drain(t)
	ch := eventMailsTo(e, "p@example.org", "Changement")
	if len(ch) != 1 || !strings.Contains(ch[0].Text, "Parvis de la gare") || !strings.Contains(ch[0].Text, "à annoncer") {
		t.Fatalf("change notices: %d\n%s", len(ch), ch[0].Text)
	}
	// Cancelled events stay visible, marked, with their history; everyone is told.
	if _, err := e.svc.CancelEvent(ctx, org, service.ByID(ev.ID), service.ScopeThis, ""); err != nil {
		t.Fatal(err)
	}
	v, err = e.svc.Event(ctx, cortege.Anonymous, service.ByID(ev.ID))
	if err != nil || !v.Event.Cancelled() || len(v.Changes) != 4 {
		t.Fatalf("cancelled event: %+v, %v", v, err)
	}
	ics, _ := e.svc.EventICS(ctx, cortege.Anonymous, service.ByID(ev.ID))
	if !strings.Contains(string(ics), "STATUS:CANCELLED") || !strings.Contains(string(ics), "SEQUENCE:2") {
		t.Fatalf("ics of a cancelled event:\n%s", ics)
	}
	e.drain(t)
	if len(eventMailsTo(e, "p@example.org", "Annulé")) != 1 {
		t.Fatal("cancellation not told")
	}
}

func TestExportNeutralisesFormulas(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Soirée")
	in.Questions = []*cortege.Question{{Label: "Régime", Kind: cortege.QuestionChoice, Choices: []string{"végé", "omni"}, Required: true}}
	ev := mustCreate(t, e, org, in)
	v, _ := e.svc.Event(ctx, cortege.Anonymous, service.ByID(ev.ID))
	qid := v.Questions[0].ID
	if _, err := e.svc.JoinEvent(ctx, visitor, service.ByID(ev.ID), service.JoinInput{Name: "=HYPERLINK(\"http://evil\")", Email: "evil@example.org",
		Answers: []cortege.Answer{{QuestionID: qid, Value: "omni"}}}); err != nil {
		t.Fatal(err)
	}
	b, err := e.svc.ExportParticipants(ctx, org, service.ByID(ev.ID))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, "'=HYPERLINK") || !strings.Contains(s, "Régime") || !strings.Contains(s, "omni") {
		t.Fatalf("export:\n%s", s)
	}
	if _, err := e.svc.ExportParticipants(ctx, cortege.Anonymous, service.ByID(ev.ID)); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("visitor export: %v", err)
	}
	// Answers are for organisers only.
	ps, err := e.svc.Participants(ctx, org, service.ByID(ev.ID))
	if err != nil || len(ps) != 1 || len(ps[0].Answers) != 1 {
		t.Fatalf("participants: %+v, %v", ps, err)
	}
}
