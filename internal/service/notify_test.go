package service_test

import (
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

func TestNotificationPreferencesAndUnsubscribe(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "n1@example.org")
	g := newGroup(t, e, admin, "nouvelles", cortege.VisibilityPublic, cortege.JoinOpen)
	reader := member(t, e, admin, g, "reader@example.org", cortege.GroupMember)
	post := func(title string) {
		t.Helper()
		if _, err := e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: title, Body: "…", Visibility: cortege.PostPublic, Publish: true}); err != nil {
			t.Fatal(err)
		}
		e.drain(t)
	}
	post("Première")
	ms := mailsTo(e, "reader@example.org", "Première")
	if len(ms) != 1 {
		t.Fatalf("first post mails: %d", len(ms))
	}
	// RFC 8058 one-click unsubscribe, for this kind only.
	lu := ms[0].Header.Get("List-Unsubscribe")
	if ms[0].Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.HasPrefix(lu, "<https://cortege.example/unsubscribe?token=") {
		t.Fatalf("headers: %q", ms[0].Header)
	}
	u, _ := url.Parse(strings.Trim(lu, "<>"))
	tok := u.Query().Get("token")
	if kind, err := e.svc.CheckUnsubscribe(bg, tok); err != nil || kind != cortege.NotifyNewPost {
		t.Fatalf("check: %q %v", kind, err)
	}
	if kind, err := e.svc.Unsubscribe(bg, tok); err != nil || kind != cortege.NotifyNewPost {
		t.Fatalf("unsubscribe: %q %v", kind, err)
	}
	if _, err := e.svc.Unsubscribe(bg, tok); err != nil {
		t.Fatalf("second use must be harmless: %v", err)
	}
	if _, err := e.svc.Unsubscribe(bg, "garbage"); cortege.ErrorCode(err) != cortege.EINVALID {
		t.Fatalf("bad token: %v", err)
	}
	prefs, err := e.svc.NotificationPrefs(bg, reader)
	if err != nil || prefs[cortege.NotifyNewPost] || !prefs[cortege.NotifyReply] || len(prefs) != len(cortege.NotificationKinds) {
		t.Fatalf("prefs after unsubscribe = %v %v", prefs, err)
	}
	post("Deuxième")
	if len(mailsTo(e, "reader@example.org", "Deuxième")) != 0 {
		t.Fatal("mail sent after unsubscribing")
	}
	// Other kinds still arrive, until turned off in the settings.
	l, _ := e.svc.CreateTaskList(bg, admin, g.ID, "Liste")
	e.svc.CreateTask(bg, admin, l.ID, service.TaskInput{Title: "Tâche un", AssigneeID: reader.Profile.ID})
	e.drain(t)
	if len(mailsTo(e, "reader@example.org", "Tâche un")) != 1 {
		t.Fatal("task mail missing")
	}
	if err := e.svc.SetNotificationPref(bg, reader, cortege.NotifyTaskAssigned, false); err != nil {
		t.Fatal(err)
	}
	e.svc.CreateTask(bg, admin, l.ID, service.TaskInput{Title: "Tâche deux", AssigneeID: reader.Profile.ID})
	e.drain(t)
	if len(mailsTo(e, "reader@example.org", "Tâche deux")) != 0 {
		t.Fatal("task mail sent though turned off")
	}
	if err := e.svc.SetNotificationPref(bg, reader, cortege.NotifyNewPost, true); err != nil {
		t.Fatal(err)
	}
	post("Troisième")
	if len(mailsTo(e, "reader@example.org", "Troisième")) != 1 {
		t.Fatal("turning a kind back on did not work")
	}
	wantCode(t, "unknown kind", e.svc.SetNotificationPref(bg, reader, "spam", true), cortege.EINVALID)
	_, err = e.svc.NotificationPrefs(bg, cortege.Anonymous)
	wantCode(t, "visitor's prefs", err, cortege.EUNAUTH)
}
