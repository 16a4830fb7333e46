package service_test

import (
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestInvitationMailsNameTheInviter: an invitation, by address or by
// handle, says in the reader's language who invites (public name and
// handle) to which group (name and handle), and carries their message.
func TestInvitationMailsNameTheInviter(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "marie@example.org")
	p, err := e.svc.UpdateProfile(bg, admin, admin.Profile.ID, service.ProfileInput{DisplayName: "Marie Curie"})
	if err != nil {
		t.Fatal(err)
	}
	admin.Profile = p // as the next request would see it
	g := newGroup(t, e, admin, "velos", cortege.VisibilityPrivate, cortege.JoinInvitation)
	who := "Marie Curie (@" + admin.Profile.Handle + ")"

	english := signIn(t, e, "eve@example.org")
	if err := e.svc.SetLanguage(bg, english, "en"); err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"new@example.org", "eve@example.org"} {
		if _, err := e.svc.InviteEmail(bg, admin, g.ID, addr, "", "Come and help!"); err != nil {
			t.Fatal(err)
		}
	}
	carol := signIn(t, e, "carol@example.org")
	if err := e.svc.InviteProfile(bg, admin, g.ID, carol.Profile.Handle, "Viens !"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, c := range []struct{ to, subject, text string }{
		{"new@example.org", who + " vous invite à rejoindre Groupe velos", who + " vous invite à rejoindre le groupe « Groupe velos » (@velos)"},
		{"eve@example.org", who + " invites you to join Groupe velos", who + " invites you to join the group “Groupe velos” (@velos)"},
		{"carol@example.org", who + " vous invite à rejoindre Groupe velos", "(@velos)."},
	} {
		ms := mailsTo(e, c.to, c.subject)
		if len(ms) != 1 {
			t.Errorf("%s: no mail titled %q in %v", c.to, c.subject, subjects(e, c.to))
			continue
		}
		if !strings.Contains(ms[0].Text, c.text) {
			t.Errorf("%s: mail lacks %q:\n%s", c.to, c.text, ms[0].Text)
		}
	}
	if ms := mailsTo(e, "eve@example.org", "invites you"); len(ms) == 1 && !strings.Contains(ms[0].Text, "Their message:") || !strings.Contains(ms[0].Text, "Come and help!") {
		t.Errorf("english mail lacks the message:\n%s", ms[0].Text)
	}

	// The inviter's account gone, the mail still reads, naming nobody.
	if _, err := e.svc.InviteEmail(bg, admin, g.ID, "late@example.org", "", ""); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteAccount(bg, admin); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	ms := mailsTo(e, "late@example.org", "Invitation à rejoindre Groupe velos")
	if len(ms) != 1 || strings.Contains(ms[0].Subject, " vous invite") || !strings.Contains(ms[0].Text, "Vous êtes invité·e à rejoindre le groupe « Groupe velos » (@velos)") {
		t.Errorf("invitation of a deleted inviter: %v", subjects(e, "late@example.org"))
	}
}

// TestTaskAndPostMailsLinkStraightThere: the mail about a task assigned
// opens that task, the mail about a new post that post, at absolute URLs.
func TestTaskAndPostMailsLinkStraightThere(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin@example.org")
	g := newGroup(t, e, admin, "atelier", cortege.VisibilityPublic, cortege.JoinOpen)
	bob := member(t, e, admin, g, "bob@example.org", cortege.GroupMember)
	l, err := e.svc.CreateTaskList(bg, admin, g.ID, "Préparatifs")
	if err != nil {
		t.Fatal(err)
	}
	task, err := e.svc.CreateTask(bg, admin, l.ID, service.TaskInput{Title: "Banderole", AssigneeID: bob.Profile.ID})
	if err != nil {
		t.Fatal(err)
	}
	post, err := e.svc.CreatePost(bg, admin, g.ID, service.PostInput{Title: "Compte rendu", Body: "Merci à tous.", Visibility: cortege.PostPublic, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, c := range []struct{ subject, link string }{
		{"Banderole", "https://cortege.example/@atelier/tasks#t-" + task.ID},
		{"Compte rendu", "https://cortege.example/@atelier/posts/" + post.ID},
	} {
		ms := mailsTo(e, "bob@example.org", c.subject)
		if len(ms) != 1 {
			t.Fatalf("no mail about %q: %v", c.subject, subjects(e, "bob@example.org"))
		}
		found := false
		for _, l := range ms[0].Links() {
			found = found || l == c.link
		}
		if !found || !strings.Contains(ms[0].HTML, `href="`+c.link+`"`) {
			t.Errorf("mail %q does not link to %s: %v", c.subject, c.link, ms[0].Links())
		}
	}
}

func subjects(e *env, addr string) []string {
	var out []string
	for _, m := range mailsTo(e, addr, "") {
		out = append(out, m.Subject)
	}
	return out
}
