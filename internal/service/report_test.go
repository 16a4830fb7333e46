package service_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

func TestReportQueueActionsAreLogged(t *testing.T) {
	e := newEnv(t)
	modr := adminActor(t, e)
	owner := signIn(t, e, "owner@example.org")
	g := newGroup(t, e, owner, "signale", cortege.VisibilityPublic, cortege.JoinOpen)
	spammer := member(t, e, owner, g, "spammer@example.org", cortege.GroupMember)
	reporter := member(t, e, owner, g, "reporter@example.org", cortege.GroupMember)
	d, _ := e.svc.StartDiscussion(bg, owner, g.ID, "Fil", "Bonjour")
	msg, err := e.svc.Reply(bg, spammer, d.ID, "Achetez des montres")
	if err != nil {
		t.Fatal(err)
	}
	post, _ := e.svc.CreatePost(bg, owner, g.ID, service.PostInput{Title: "Annonce", Body: "x", Visibility: cortege.PostPublic, Publish: true})

	r1, err := e.svc.Report(bg, reporter, cortege.ReportMessage, msg.ID, "Spam")
	if err != nil {
		t.Fatal(err)
	}
	r2, _ := e.svc.Report(bg, reporter, cortege.ReportPost, post.ID, "Hors sujet")
	r3, _ := e.svc.Report(bg, reporter, cortege.ReportProfile, spammer.Profile.ID, "Compte de spam")
	r4, _ := e.svc.Report(bg, reporter, cortege.ReportGroup, g.ID, "Rien")
	outsider := signIn(t, e, "outsider@example.org")
	_, err = e.svc.Report(bg, outsider, cortege.ReportMessage, msg.ID, "?")
	wantCode(t, "report a message one cannot read", err, cortege.EFORBIDDEN)
	_, err = e.svc.Report(bg, reporter, cortege.ReportMessage, msg.ID, "")
	wantCode(t, "report without reason", err, cortege.EINVALID)

	_, err = e.svc.Reports(bg, reporter, cortege.ReportOpen, 1)
	wantCode(t, "non-admin reads the queue", err, cortege.EFORBIDDEN)
	wantCode(t, "non-admin resolves", e.svc.ResolveReport(bg, owner, r1.ID, cortege.ModDelete, ""), cortege.EFORBIDDEN)
	queue, err := e.svc.Reports(bg, modr, cortege.ReportOpen, 1)
	if err != nil || len(queue.Reports) != 4 {
		t.Fatalf("queue = %+v %v", queue, err)
	}
	for _, r := range queue.Reports {
		if want := g.ID; r.TargetKind == cortege.ReportProfile && r.GroupID != "" || r.TargetKind != cortege.ReportProfile && r.GroupID != want {
			t.Errorf("report %s on %s has group %q", r.ID, r.TargetKind, r.GroupID)
		}
	}

	seen, err := e.svc.ReportedContent(bg, modr, r1.ID)
	if err != nil || seen.Message == nil || seen.Message.Body != "Achetez des montres" || seen.Profile.ID != spammer.Profile.ID || seen.Reporter.ID != reporter.Profile.ID || seen.Group.ID != g.ID {
		t.Fatalf("reported content = %+v %v", seen, err)
	}
	_, err = e.svc.ReportedContent(bg, reporter, r1.ID)
	wantCode(t, "non-admin reads reported content", err, cortege.EFORBIDDEN)

	for _, step := range []struct {
		report *cortege.Report
		action string
	}{
		{r1, cortege.ModDelete},
		{r2, cortege.ModHide},
		{r3, cortege.ModSuspend},
		{r4, cortege.ModDismiss},
	} {
		if err := e.svc.ResolveReport(bg, modr, step.report.ID, step.action, "vu"); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	wantCode(t, "resolve twice", e.svc.ResolveReport(bg, modr, r1.ID, cortege.ModDelete, ""), cortege.ECONFLICT)

	v, _ := e.svc.Discussion(bg, owner, d.ID, 1)
	for _, m := range v.Messages {
		if m.ID == msg.ID && !m.Deleted() {
			t.Error("reported message not deleted")
		}
	}
	_, _, err = e.svc.Post(bg, cortege.Anonymous, post.ID)
	wantCode(t, "hidden post", err, cortege.ENOTFOUND)
	if a, _ := e.svc.SessionActor(bg, spammer.SessionID, ""); a.SignedIn() {
		t.Error("suspended account still signed in")
	}
	if q, _ := e.svc.Reports(bg, modr, cortege.ReportOpen, 1); len(q.Reports) != 0 {
		t.Errorf("queue not empty: %+v", q.Reports)
	}
	if q, _ := e.svc.Reports(bg, modr, cortege.ReportDismissed, 1); len(q.Reports) != 1 {
		t.Errorf("dismissed = %+v", q.Reports)
	}

	log, err := e.svc.ModerationLog(bg, modr, 1)
	if err != nil || len(log) != 4 {
		t.Fatalf("log = %+v %v", log, err)
	}
	actions := map[string]*cortege.ModerationEntry{}
	for _, l := range log {
		if l.ActorID != modr.Account.ID || l.ReportID == "" || l.Note != "vu" {
			t.Errorf("log entry without who/why: %+v", l)
		}
		actions[l.Action] = l
	}
	if s := actions[cortege.ModSuspend]; s == nil || s.TargetKind != cortege.ReportProfile || s.TargetID != spammer.Profile.ID {
		t.Errorf("suspension entry = %+v", s)
	}
	_, err = e.svc.ModerationLog(bg, owner, 1)
	wantCode(t, "non-admin reads the log", err, cortege.EFORBIDDEN)
}

// Reports on events, their comments and photos reach the same queue, and
// the moderators' actions work on them.
func TestEventReportsAreModerated(t *testing.T) {
	e := newEnv(t)
	modr := adminActor(t, e)
	org := signIn(t, e, "org@example.org")
	troll := signIn(t, e, "troll@example.org")
	ev := mustCreate(t, e, org, eventInput(e, "Rassemblement"))
	c, err := e.svc.Comment(bg, troll, service.ByID(ev.ID), "Propos injurieux")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ReportToModerators(bg, org, service.ReportEventComment, c.ID, "Insulte"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.ReportToModerators(bg, troll, service.ReportEvent, ev.ID, "Faux rassemblement"); err != nil {
		t.Fatal(err)
	}
	queue, err := e.svc.Reports(bg, modr, cortege.ReportOpen, 1)
	if err != nil || len(queue.Reports) != 2 {
		t.Fatalf("queue = %+v %v", queue, err)
	}
	for _, r := range queue.Reports {
		seen, err := e.svc.ReportedContent(bg, modr, r.ID)
		if err != nil || seen.Event == nil || seen.Event.ID != ev.ID {
			t.Fatalf("reported content of %s = %+v %v", r.TargetKind, seen, err)
		}
		switch r.TargetKind {
		case service.ReportEventComment:
			if seen.Comment == nil || seen.Profile.ID != troll.Profile.ID {
				t.Fatalf("comment report = %+v", seen)
			}
			if err := e.svc.ResolveReport(bg, modr, r.ID, cortege.ModDelete, ""); err != nil {
				t.Fatal(err)
			}
		case service.ReportEvent:
			if err := e.svc.ResolveReport(bg, modr, r.ID, cortege.ModDismiss, "légitime"); err != nil {
				t.Fatal(err)
			}
		}
	}
	cs, err := e.svc.Comments(bg, org, service.ByID(ev.ID), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range cs {
		if v.Comment != nil && v.Comment.ID == c.ID && v.Comment.DeletedBy == "" {
			t.Fatal("reported comment still shown after deletion")
		}
	}
}
