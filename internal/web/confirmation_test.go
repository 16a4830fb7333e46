package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestConfirmMemberRemove: the "remove" button of the members list lands
// on a page that asks, naming the member, whose button posts the same form
// again with confirmed=1; the GET of the address shows the same page;
// nothing changes until it is confirmed; who may not remove gets 403, not
// a question.
func TestConfirmMemberRemove(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	path := "/@velo/members/" + w.ids["bob"] + "/remove"
	w.run([]groupCase{
		{name: "the button asks", method: "POST", path: path, as: "alice", form: vals("next", "/@velo/members"), status: 200,
			contains: []string{"<h1>Retirer ce membre du groupe ?</h1>", "(@bob)", `<form method="post" action="` + path + `">`,
				`name="next" value="/@velo/members"`, `name="confirmed" value="1"`, `href="/@velo/members">Non, revenir</a>`}},
		{name: "the address asks too", path: path, as: "alice", status: 200, contains: []string{"Retirer ce membre du groupe ?", `name="confirmed" value="1"`}},
		{name: "nothing changed", path: "/@velo/members", as: "alice", status: 200, contains: []string{"@bob"}},
		{name: "a member is refused, not asked", method: "POST", path: "/@velo/members/" + w.ids["carol"] + "/remove", as: "bob", form: vals(), status: 403},
		{name: "a visitor is sent to sign in", path: path, status: 303, location: "/login"},
		{name: "confirmed", method: "POST", path: path, as: "alice", form: vals("next", "/@velo/members", "confirmed", "1"), status: 303, location: "/@velo/members?ok=member_removed"},
		{name: "removed", path: "/@velo/discussions", as: "bob", status: 403},
	})
}

// TestConfirmOtherDestructiveActions: each one-tap destructive button of
// groups and settings asks first, through the same page, and acts once
// confirmed; pinning (same route as deleting a discussion) does not ask.
func TestConfirmOtherDestructiveActions(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	ctx := context.Background()
	alice := w.actors["alice"]
	post, err := w.app.Service.CreatePost(ctx, alice, w.ids["velo"], service.PostInput{Title: "Compte rendu", Body: "Texte", Visibility: cortege.PostPublic, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	task, err := w.app.Service.CreateTask(ctx, alice, w.ids["list-velo"], service.TaskInput{Title: "Banderole"})
	if err != nil {
		t.Fatal(err)
	}
	disc := "/@velo/discussions/" + w.ids["disc-velo"]
	for _, c := range []struct{ path, form, question, about, done string }{
		{"/@velo/posts/" + post.ID + "/delete", "", "Supprimer cette publication ?", "Compte rendu", "/@velo/posts"},
		{"/@velo/tasks/" + task.ID + "/delete", "", "Supprimer cette tâche ?", "Banderole", "/@velo/tasks"},
		{"/@velo/tasks/lists/" + w.ids["list-velo"] + "/delete", "", "Supprimer cette liste de tâches ?", "", "/@velo/tasks"},
		{disc + "/moderate", "do=delete", "Supprimer cette discussion ?", "", "/@velo/discussions"},
		{"/@velo/leave", "", "Quitter ce groupe ?", "Groupe velo", "/@velo"},
	} {
		who := "alice"
		if c.question == "Quitter ce groupe ?" {
			who = "bob"
		}
		form, _ := url.ParseQuery(c.form)
		w.run([]groupCase{{name: c.question, method: "POST", path: c.path, as: who, form: form, status: 200,
			contains: []string{"<h1>" + c.question + "</h1>", c.about, `name="confirmed" value="1"`}}})
		for k, v := range form {
			w.run([]groupCase{{name: c.question + " keeps " + k, method: "POST", path: c.path, as: who, form: form, status: 200,
				contains: []string{`name="` + k + `" value="` + v[0] + `"`}}})
		}
		form.Set("confirmed", "1")
		w.run([]groupCase{{name: c.question + " confirmed", method: "POST", path: c.path, as: who, form: form, status: 303, location: c.done}})
	}
	w.run([]groupCase{
		{name: "post gone", path: "/@velo/posts/" + post.ID, status: 404},
		{name: "discussion gone", path: disc, as: "alice", status: 404},
		{name: "bob left", path: "/@velo/members", as: "alice", status: 200, absent: []string{"@bob"}},
		{name: "a follower unfollows at once", method: "POST", path: "/@velo/follow", as: "carol", form: vals(), status: 303},
		{name: "unfollow", method: "POST", path: "/@velo/leave", as: "carol", form: vals(), status: 303},
		{name: "GET of a moderation that needs no question", path: "/@velo/discussions/" + w.ids["disc-secret"] + "/moderate?do=pin", as: "alice", status: 404},
	})
	// Pinning acts at once on the same route.
	d, err := w.app.Service.StartDiscussion(ctx, alice, w.ids["velo"], "Autre fil", "Texte")
	if err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{{name: "pin acts at once", method: "POST", path: "/@velo/discussions/" + d.ID + "/moderate", as: "alice", form: vals("do", "pin"), status: 303}})
}

// TestConfirmRefuseApproved: refusing a request acts at once; refusing
// someone already approved asks first (naming them, keeping the message),
// and the person is told, with the message, once confirmed.
func TestConfirmRefuseApproved(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Assemblée"}, "place_area": {"Lyon"}, "join_mode": {"approval"}})
	pids := map[string]string{}
	for _, who := range []string{"pat", "sam"} {
		u := a.signIn(who + "@example.org")
		if r := a.post(u, "/events/"+id+"/join", url.Values{}); r.code != 303 {
			t.Fatalf("join: %d", r.code)
		}
		ps, err := a.Service.Participants(context.Background(), a.actor(org), service.ByID(id))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if p.Handle == who {
				pids[who] = p.ID
			}
		}
	}
	base := "/events/" + id + "/participants/"
	if r := a.post(org, base+pids["sam"]+"/refuse", url.Values{}); r.code != 303 {
		t.Fatalf("refusing a pending request asks: %d", r.code)
	}
	if r := a.post(org, base+pids["pat"]+"/approve", url.Values{}); r.code != 303 {
		t.Fatalf("approve: %d", r.code)
	}
	r := a.post(org, base+pids["pat"]+"/refuse", url.Values{"message": {"Désolé"}})
	mustContain(t, r, "<h1>Refuser cette inscription déjà acceptée ?</h1>", "(@pat)", `name="message" value="Désolé"`, `action="`+base+pids["pat"]+`/refuse"`)
	if p := a.get(org, "/events/"+id+"/participants?status=approved"); !strings.Contains(p.body, "@pat") {
		t.Fatal("refused before confirming")
	}
	if r := a.get(org, base+pids["pat"]+"/approve"); r.code != 404 {
		t.Errorf("GET of an approval: %d", r.code)
	}
	if r := a.post(org, base+pids["pat"]+"/refuse", url.Values{"message": {"Désolé"}, "confirmed": {"1"}}); r.code != 303 {
		t.Fatalf("confirmed refusal: %d", r.code)
	}
	a.Drain(t)
	found := false
	for _, m := range a.MailsTo(t, "pat@example.org") {
		found = found || strings.Contains(m.Text, "Désolé")
	}
	if !found {
		t.Error("pat was not told, with the message")
	}

}
