package service_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestGroupOrganisers: a group's moderator adds the group; a member cannot;
// another group is invited to co-organise and its administrator accepts;
// a private event is for the organising groups' members; the event shows
// on both groups' pages and on members' dashboards.
func TestGroupOrganisers(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	mod := member(t, e, admin, g, "mod@example.org", cortege.GroupModerator)
	plain := member(t, e, admin, g, "plain@example.org", cortege.GroupMember)
	other := signIn(t, e, "other@example.org")
	g2 := newGroup(t, e, other, "voisins", cortege.VisibilityPublic, cortege.JoinOpen)

	in := eventInput(e, "Assemblée privée")
	in.GroupID, in.Visibility = g.ID, cortege.VisibilityPrivate
	if _, err := e.svc.CreateEvent(ctx, plain, in); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("member creating for the group: %v", err)
	}
	ev := mustCreate(t, e, mod, in)
	ref := service.ByID(ev.ID)
	// The group's administrator organises it too.
	if v, err := e.svc.Event(ctx, admin, ref); err != nil || !v.CanEdit {
		t.Fatalf("group admin: %+v, %v", v, err)
	}
	if v, err := e.svc.Event(ctx, plain, ref); err != nil || v.CanEdit {
		t.Fatalf("group member sees the private event without editing: %+v, %v", v, err)
	}
	if _, err := e.svc.Event(ctx, other, ref); !cortege.IsNotFound(err) {
		t.Fatalf("stranger sees a private event: %v", err)
	}
	if err := e.svc.InviteCoOrganiser(ctx, plain, ref, g2.ID); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("member inviting: %v", err)
	}
	if err := e.svc.InviteCoOrganiser(ctx, mod, ref, g2.ID); err != nil {
		t.Fatal(err)
	}
	invs, err := e.svc.CoOrganiserInvitations(ctx, other, g2.ID)
	if err != nil || len(invs) != 1 {
		t.Fatalf("invitations: %v, %v", invs, err)
	}
	// The invited group's administrator is told by mail.
	e.drain(t)
	told := false
	for _, m := range e.smtp.Messages() {
		if strings.EqualFold(m.To[0], "other@example.org") && strings.Contains(m.Subject, "co-organiser") && strings.Contains(m.Text, "/events/invitations") {
			told = true
		}
	}
	if !told {
		t.Fatal("co-organiser invitation not mailed to the group's administrator")
	}
	if err := e.svc.AnswerCoOrganiser(ctx, mod, ev.ID, g2.ID, true); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("someone else accepting: %v", err)
	}
	if err := e.svc.AnswerCoOrganiser(ctx, other, ev.ID, g2.ID, true); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Event(ctx, other, ref)
	if err != nil || !v.CanEdit || len(v.Organisers) != 2 {
		t.Fatalf("co-organiser: %+v, %v", v, err)
	}
	for _, gid := range []string{g.ID, g2.ID} {
		ge, err := e.svc.GroupEvents(ctx, admin, gid, 0, 1)
		if err != nil || len(ge.Upcoming) != 1 {
			t.Fatalf("group %s page: %+v, %v", gid, ge, err)
		}
		if ge, _ := e.svc.GroupEvents(ctx, cortege.Anonymous, gid, 0, 1); len(ge.Upcoming) != 0 {
			t.Fatalf("private event on a public group page for a visitor")
		}
	}
	// Dashboard: the organiser sees pending requests, the member a suggestion.
	pub := eventInput(e, "Porte-à-porte")
	pub.GroupID, pub.JoinMode = g.ID, cortege.JoinApproval
	pe := mustCreate(t, e, mod, pub)
	mustJoin(t, e, other, pe.ID)
	d, err := e.svc.MyEvents(ctx, mod)
	if err != nil {
		t.Fatal(err)
	}
	pending := 0
	for _, o := range d.Organising {
		if o.Event.ID == pe.ID {
			pending = o.Pending
		}
	}
	if pending != 1 {
		t.Fatalf("organiser dashboard: %+v", d.Organising)
	}
	d, _ = e.svc.MyEvents(ctx, plain)
	if len(d.Suggested) != 2 {
		t.Fatalf("suggested = %d, want 2", len(d.Suggested))
	}
	d, _ = e.svc.MyEvents(ctx, other)
	if len(d.Upcoming) != 1 || d.Upcoming[0].Status != cortege.PartPending {
		t.Fatalf("my upcoming: %+v", d.Upcoming)
	}
}

// TestNoUpdatesStillGetsRemindersAndNotices: someone who turned off
// updates gets no announcement but still the reminder, the online link and
// the cancellation.
func TestNoUpdatesStillGetsRemindersAndNotices(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	in := eventInput(e, "Visio")
	in.OnlineURL = "https://visio.example/r"
	ev := mustCreate(t, e, org, in)
	ref := service.ByID(ev.ID)
	quiet := signIn(t, e, "quiet@example.org")
	mustJoin(t, e, quiet, ev.ID)
	if err := e.svc.SetEventUpdates(ctx, quiet, ref, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Announce(ctx, org, ref, cortege.AudienceAll, "Ordre du jour", "…"); err != nil {
		t.Fatal(err)
	}
	e.advance(in.Start.Sub(e.clock()) - 20*time.Minute)
	if err := e.svc.ScanReminders(ctx); err != nil {
		t.Fatal(err)
	}
	e.drain(t) // sent before the cancellation (queued ones are dropped after it)
	if _, err := e.svc.CancelEvent(ctx, org, ref, service.ScopeThis, ""); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for sub, want := range map[string]int{"Ordre du jour": 0, "Rappel": 1, "Le lien pour": 1, "Annulé": 1} {
		if got := eventMailsTo(e, "quiet@example.org", sub); len(got) != want {
			t.Errorf("%q: %d mails, want %d", sub, len(got), want)
		}
	}
	if m := eventMailsTo(e, "quiet@example.org", "Le lien pour"); len(m) == 1 && !strings.Contains(m[0].Text, "https://visio.example/r") {
		t.Errorf("online mail without the link:\n%s", m[0].Text)
	}
}

// TestDigest: an organiser who chose the daily digest gets one mail for
// the day's registrations instead of one each.
func TestDigest(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	if err := e.svc.SetEventDigest(ctx, org, true); err != nil {
		t.Fatal(err)
	}
	ev := mustCreate(t, e, org, eventInput(e, "Fête"))
	for _, addr := range []string{"a@example.org", "b@example.org"} {
		mustJoin(t, e, signIn(t, e, addr), ev.ID)
	}
	e.drain(t)
	if n := len(eventMailsTo(e, "org@example.org", "Nouvelle inscription")); n != 0 {
		t.Fatalf("%d immediate mails despite the digest", n)
	}
	e.advance(25 * time.Hour)
	if err := e.svc.RunDigests(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.RunDigests(ctx); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	d := eventMailsTo(e, "org@example.org", "résumé du jour")
	if len(d) != 1 || strings.Count(d[0].Text, "- Fête") != 2 {
		t.Fatalf("digests: %d %v", len(d), d)
	}
}

func TestFeedsAndJSONLD(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	g := newGroup(t, e, org, "collectif", cortege.VisibilityPublic, cortege.JoinOpen)
	in := eventInput(e, "Marche pour le climat")
	in.GroupID, in.OnlineURL = g.ID, "https://stream.example/live"
	ev := mustCreate(t, e, org, in)
	hid := eventInput(e, "Réunion discrète")
	hid.HidePlace, hid.Place, hid.JoinMode = true, "Cave secrète", cortege.JoinApproval
	hev := mustCreate(t, e, org, hid)
	p := signIn(t, e, "p@example.org")
	mustJoin(t, e, p, ev.ID)
	mustJoin(t, e, p, hev.ID)

	inst, err := e.svc.InstanceICS(ctx)
	if err != nil || strings.Count(string(inst), "BEGIN:VEVENT") != 2 || strings.Contains(string(inst), "secrète") {
		t.Fatalf("instance feed:\n%s", inst)
	}
	gics, err := e.svc.GroupICS(ctx, cortege.Anonymous, g.ID)
	if err != nil || strings.Count(string(gics), "BEGIN:VEVENT") != 1 {
		t.Fatalf("group feed:\n%s", gics)
	}
	atom, err := e.svc.GroupAtom(ctx, g.ID)
	if err != nil || !strings.Contains(string(atom), "Marche pour le climat") {
		t.Fatalf("group atom:\n%s", atom)
	}
	if atom, err := e.svc.InstanceAtom(ctx); err != nil || !strings.Contains(string(atom), "<feed") {
		t.Fatalf("instance atom: %v", err)
	}
	u, tok, err := e.svc.CreateICSFeed(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimSuffix(u[strings.LastIndex(u, "/")+1:], ".ics")
	mine, err := e.svc.ProfileICS(ctx, secret)
	if err != nil || strings.Count(string(mine), "BEGIN:VEVENT") != 2 || strings.Contains(string(mine), "Cave secrète") {
		t.Fatalf("my feed:\n%s", mine)
	}
	if err := e.svc.RevokeICSFeed(ctx, p, tok.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ProfileICS(ctx, secret); !cortege.IsNotFound(err) {
		t.Fatalf("revoked feed: %v", err)
	}
	v, err := e.svc.Event(ctx, cortege.Anonymous, service.ByID(ev.ID))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(e.svc.JSONLD(v))
	for _, w := range []string{`"@type":"Event"`, `"eventStatus":"https://schema.org/EventScheduled"`, `MixedEventAttendanceMode`, `"@type":"Organization"`, `"VirtualLocation"`} {
		if !strings.Contains(string(b), w) {
			t.Errorf("JSON-LD lacks %s: %s", w, b)
		}
	}
	hv, _ := e.svc.Event(ctx, cortege.Anonymous, service.ByID(hev.ID))
	if b, _ := json.Marshal(e.svc.JSONLD(hv)); strings.Contains(string(b), "Cave") {
		t.Fatalf("JSON-LD leaks the hidden place: %s", b)
	}
}

func TestCommentsAndPhotos(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Pique-nique"))
	ref := service.ByID(ev.ID)
	p := signIn(t, e, "p@example.org")
	troll := signIn(t, e, "troll@example.org")
	if _, err := e.svc.Comment(ctx, cortege.Anonymous, ref, "hello"); cortege.ErrorCode(err) != cortege.EUNAUTH {
		t.Fatalf("visitor comment: %v", err)
	}
	c, err := e.svc.Comment(ctx, troll, ref, "spam spam")
	if err != nil {
		t.Fatal(err)
	}
	e.advance(time.Second)
	if _, err := e.svc.Comment(ctx, p, ref, "On apporte quoi ?"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteComment(ctx, p, ref, c.ID); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("deleting someone else's comment: %v", err)
	}
	if err := e.svc.DeleteComment(ctx, org, ref, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ReportToModerators(ctx, p, service.ReportEventComment, c.ID, "spam"); err != nil {
		t.Fatal(err)
	}
	cs, err := e.svc.Comments(ctx, cortege.Anonymous, ref, 1)
	if err != nil || len(cs) != 2 || !cs[0].Comment.Deleted || cs[0].Comment.Body != "" {
		t.Fatalf("comments: %+v, %v", cs, err)
	}
	if err := e.svc.SetCommentsClosed(ctx, org, ref, true); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Comment(ctx, p, ref, "encore"); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("comment when closed: %v", err)
	}
	// Photos: participants after the start; the organiser hides one.
	mustJoin(t, e, p, ev.ID)
	if _, err := e.svc.AddPhoto(ctx, p, ref, tinyPNG(t), "avant"); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("photo before the event: %v", err)
	}
	e.advance(72 * time.Hour)
	ph, err := e.svc.AddPhoto(ctx, p, ref, tinyPNG(t), "La nappe")
	if err != nil || ph.Licence != cortege.DefaultPhotoLicence || e.svc.UploadPath(ph.File) == "" {
		t.Fatalf("photo: %+v, %v", ph, err)
	}
	if _, err := e.svc.AddPhoto(ctx, troll, ref, tinyPNG(t), "x"); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("non-participant photo: %v", err)
	}
	if err := e.svc.SetPhotoHidden(ctx, org, ref, ph.ID, true); err != nil {
		t.Fatal(err)
	}
	if ps, _ := e.svc.Photos(ctx, cortege.Anonymous, ref); len(ps) != 0 {
		t.Fatal("hidden photo shown")
	}
	if ps, _ := e.svc.Photos(ctx, org, ref); len(ps) != 1 {
		t.Fatal("organiser does not see the hidden photo")
	}
	if _, err := e.svc.PublishReport(ctx, org, ref, "Belle journée, 40 personnes."); err != nil {
		t.Fatal(err)
	}
	d, _ := e.svc.MyEvents(ctx, p)
	if len(d.Past) != 1 || d.Past[0].Event.Report == "" {
		t.Fatalf("past events: %+v", d.Past)
	}
}

// Group activity (new posts, replies) joins event activity in the daily
// digest of those who chose it; a task assigned still comes at once.
func TestDigestGathersGroupActivity(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	owner := signIn(t, e, "owner@example.org")
	g := newGroup(t, e, owner, "collectif_digest", cortege.VisibilityPublic, cortege.JoinOpen)
	reader := member(t, e, owner, g, "reader@example.org", cortege.GroupMember)
	if err := e.svc.SetEventDigest(ctx, reader, true); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	before := len(e.smtp.Messages())
	if _, err := e.svc.CreatePost(ctx, owner, g.ID, service.PostInput{Title: "Compte rendu de l’AG", Body: "Texte", Visibility: cortege.PostPublic, Publish: true}); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, m := range e.smtp.Messages()[before:] {
		if strings.EqualFold(m.To[0], "reader@example.org") {
			t.Fatalf("immediate mail despite the digest: %q", m.Subject)
		}
	}
	e.advance(25 * time.Hour)
	if err := e.svc.RunDigests(ctx); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	d := eventMailsTo(e, "reader@example.org", "résumé du jour")
	if len(d) != 1 || !strings.Contains(d[0].Text, "Compte rendu de l’AG") {
		t.Fatalf("digest: %d %v", len(d), d)
	}
}

// An event created by mistake is deleted while nobody is registered; once
// people count on it, it must be cancelled instead.
func TestDeleteEvent(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	org := signIn(t, e, "org@example.org")
	other := signIn(t, e, "other@example.org")
	empty := mustCreate(t, e, org, eventInput(e, "Erreur de saisie"))
	if err := e.svc.DeleteEvent(ctx, other, service.ByID(empty.ID)); cortege.ErrorCode(err) != cortege.EFORBIDDEN && !cortege.IsNotFound(err) {
		t.Fatalf("stranger deleting: %v", err)
	}
	if err := e.svc.DeleteEvent(ctx, org, service.ByID(empty.ID)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Event(ctx, org, service.ByID(empty.ID)); !cortege.IsNotFound(err) {
		t.Fatalf("deleted event still there: %v", err)
	}
	full := mustCreate(t, e, org, eventInput(e, "Rassemblement"))
	mustJoin(t, e, other, full.ID)
	if err := e.svc.DeleteEvent(ctx, org, service.ByID(full.ID)); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("deleting an event with participants: %v", err)
	}
}
