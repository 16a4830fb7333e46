package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// groupWorld is a running Cortège with people and groups to visit:
// alice administers the public group "velo" (bob is a member), the
// private "secret" (bob is a member) and the unlisted "cache"; carol is a
// signed-in stranger; "" is an anonymous visitor.
type groupWorld struct {
	t       *testing.T
	app     *testkit.App
	clients map[string]*http.Client
	actors  map[string]cortege.Actor
	ids     map[string]string // names of things made during set-up → IDs
}

func newGroupWorld(t *testing.T) *groupWorld {
	t.Helper()
	app := testkit.NewApp(t)
	w := &groupWorld{t: t, app: app, clients: map[string]*http.Client{"": app.Client()}, actors: map[string]cortege.Actor{}, ids: map[string]string{}}
	for i, name := range []string{"alice", "bob", "carol", "dan"} {
		w.signIn(name, "192.0.2."+string(rune('1'+i)))
	}
	ctx := context.Background()
	mk := func(handle, vis, join string) *cortege.Group {
		g, err := app.Service.CreateGroup(ctx, w.actors["alice"], service.GroupInput{Handle: handle, Name: "Groupe " + handle, Description: "Le groupe **" + handle + "**.", Visibility: vis, JoinMode: join})
		if err != nil {
			t.Fatal(err)
		}
		w.ids[handle] = g.ID
		return g
	}
	mk("velo", cortege.VisibilityPublic, cortege.JoinOpen)
	mk("secret", cortege.VisibilityPrivate, cortege.JoinInvitation)
	mk("cache", cortege.VisibilityUnlisted, cortege.JoinApproval)
	for _, g := range []string{"velo", "secret"} {
		if err := app.Service.InviteProfile(ctx, w.actors["alice"], w.ids[g], "bob", ""); err != nil {
			t.Fatal(err)
		}
		if err := app.Service.AcceptInvitation(ctx, w.actors["bob"], w.ids[g]); err != nil {
			t.Fatal(err)
		}
	}
	for _, g := range []string{"velo", "secret"} {
		d, err := app.Service.StartDiscussion(ctx, w.actors["alice"], w.ids[g], "Fil "+g, "Premier message de "+g)
		if err != nil {
			t.Fatal(err)
		}
		w.ids["disc-"+g] = d.ID
		l, err := app.Service.CreateTaskList(ctx, w.actors["alice"], w.ids[g], "Liste "+g)
		if err != nil {
			t.Fatal(err)
		}
		w.ids["list-"+g] = l.ID
	}
	w.ids["bob"] = w.actors["bob"].Profile.ID
	w.ids["carol"] = w.actors["carol"].Profile.ID
	return w
}

// signIn goes through the magic-link flow for name@example.org and keeps
// the session in a client of its own.
func (w *groupWorld) signIn(name, ip string) {
	w.t.Helper()
	ctx := context.Background()
	email := name + "@example.org"
	if err := w.app.Service.RequestLogin(ctx, cortege.Actor{IP: ip}, email, "fr"); err != nil {
		w.t.Fatal(err)
	}
	w.app.Drain(w.t)
	link, _ := url.Parse(w.app.LastLink(w.t, email, "/login/confirm"))
	secret, _, err := w.app.Service.ConfirmLogin(ctx, cortege.Actor{IP: ip}, link.Query().Get("token"))
	if err != nil {
		w.t.Fatal(err)
	}
	testkit.IdentifySession(w.t, w.app.Service, secret)
	c := w.app.Client()
	jar, _ := cookiejar.New(nil)
	base, _ := url.Parse(w.app.URL)
	jar.SetCookies(base, []*http.Cookie{{Name: "cortege_session", Value: secret, Path: "/"}})
	c.Jar = jar
	w.clients[name] = c
	if w.actors[name], err = w.app.Service.SessionActor(ctx, secret, ip); err != nil {
		w.t.Fatal(err)
	}
}

// send runs one request as who and returns the status, body and redirect.
func (w *groupWorld) send(who, method, path string, form url.Values, header map[string]string) (int, string, string) {
	w.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, w.app.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", "fr")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := w.clients[who].Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// groupCase is one request and what must come back.
type groupCase struct {
	name     string
	as       string
	method   string
	path     string
	form     url.Values
	header   map[string]string
	status   int
	contains []string
	absent   []string
	location string
}

func (w *groupWorld) run(cases []groupCase) {
	w.t.Helper()
	for _, c := range cases {
		w.t.Run(c.name, func(t *testing.T) {
			if c.method == "" {
				c.method = http.MethodGet
			}
			status, body, loc := w.send(c.as, c.method, c.path, c.form, c.header)
			if status != c.status {
				t.Fatalf("%s %s as %q: status %d, want %d\n%s", c.method, c.path, c.as, status, c.status, excerpt(body))
			}
			for _, s := range c.contains {
				if !strings.Contains(body, s) {
					t.Errorf("body lacks %q\n%s", s, excerpt(body))
				}
			}
			for _, s := range c.absent {
				if strings.Contains(body, s) {
					t.Errorf("body contains %q", s)
				}
			}
			if c.location != "" && !strings.HasPrefix(loc, c.location) {
				t.Errorf("Location %q, want prefix %q", loc, c.location)
			}
			if strings.Contains(body, "<html") {
				checkCSPSafe(t, body)
			}
		})
	}
}

func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// TestGroupPages walks the group pages as a visitor, a stranger, a member
// and an administrator: who sees what, who may do what, and that listings
// never show unlisted or private groups.
func TestGroupPages(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	id := w.ids
	w.run([]groupCase{
		{name: "directory lists the public group only", path: "/groups", status: 200, contains: []string{"Groupe velo", `href="/@velo"`}, absent: []string{"Groupe secret", "Groupe cache"}},
		{name: "search finds the public group", path: "/groups?q=VÉLO", status: 200, contains: []string{"Groupe velo"}},
		{name: "search never finds the unlisted group", path: "/groups?q=cache", status: 200, absent: []string{"Groupe cache", "/@cache"}},
		{name: "search never finds the private group", path: "/groups?q=secret", as: "bob", status: 200, absent: []string{"Groupe secret", "/@secret"}},
		{name: "search near a place", path: "/groups?lat=45.76&lon=4.83&radius=30", status: 200},
		{name: "search near nonsense", path: "/groups?lat=abc&lon=%00", status: 422, contains: []string{"pas une commune française connue"}},
		{name: "search with a radius off the list", path: "/groups?near=Lyon&radius=x", status: 422, contains: []string{"Choisissez une distance"}},
		{name: "search near a commune", path: "/groups?near=pr%C3%A8s+de+69007", status: 200, contains: []string{"Autour de Lyon 7e (69007, Rhône), dans un rayon de 10 km."}},
		{name: "search absurd page", path: "/groups?page=999999999999&q=" + strings.Repeat("é", 500), status: 200},
		{name: "group page", path: "/@velo", status: 200, contains: []string{"<h1>Groupe velo</h1>", "<strong>velo</strong>", `rel="alternate" type="application/atom+xml" href="/@velo/feed.atom"`, "Se connecter pour rejoindre"}},
		{name: "group page for a stranger offers to join", path: "/@velo", as: "carol", status: 200, contains: []string{`action="/@velo/join"`, `action="/@velo/follow"`, `action="/@velo/contact"`}},
		{name: "group page for a member", path: "/@velo", as: "bob", status: 200, contains: []string{"Quitter le groupe", `href="/@velo/discussions"`}, absent: []string{`action="/@velo/join"`}},
		{name: "english by link is kept in the directory", path: "/groups?lang=en", status: 200, contains: []string{`<html lang="en">`, `href="/@velo?lang=en"`, `name="lang" value="en"`}},
		{name: "english by link is kept in the group's tabs", path: "/@velo?lang=en", status: 200, contains: []string{`<html lang="en">`, `href="/@velo/posts?lang=en"`, "Join", "Upcoming events"}},
		{name: "profile page still served", path: "/@carol", status: 200, contains: []string{"@carol"}},
		{name: "unknown handle", path: "/@nobody", status: 404},
		{name: "unknown path under a group", path: "/@velo/nothing/here", status: 404},
		{name: "GET on a POST route under a group", path: "/@velo/join", status: 404},
		{name: "private group hidden from visitors", path: "/@secret", status: 404},
		{name: "private group hidden from strangers", path: "/@secret", as: "carol", status: 404, absent: []string{"Groupe secret"}},
		{name: "private group shown to members", path: "/@secret", as: "bob", status: 200, contains: []string{"Groupe secret"}},
		{name: "private discussions hidden from strangers", path: "/@secret/discussions", as: "carol", status: 404, absent: []string{"Fil secret"}},
		{name: "private discussion hidden from strangers", path: "/@secret/discussions/" + id["disc-secret"], as: "carol", status: 404, absent: []string{"Premier message"}},
		{name: "private tasks hidden from strangers", path: "/@secret/tasks", as: "carol", status: 404, absent: []string{"Liste secret"}},
		{name: "discussions need membership", path: "/@velo/discussions", as: "carol", status: 403, absent: []string{"Fil velo"}},
		{name: "discussion needs membership", path: "/@velo/discussions/" + id["disc-velo"], as: "carol", status: 403, absent: []string{"Premier message"}},
		{name: "discussions ask visitors to sign in", path: "/@velo/discussions", status: 303, location: "/login?next=%2F%40velo%2Fdiscussions"},
		{name: "tasks need membership", path: "/@velo/tasks", as: "carol", status: 403, absent: []string{"Liste velo"}},
		{name: "resources need membership", path: "/@velo/resources", as: "carol", status: 403},
		{name: "members see discussions", path: "/@velo/discussions", as: "bob", status: 200, contains: []string{"Fil velo"}},
		{name: "members see the thread", path: "/@velo/discussions/" + id["disc-velo"], as: "bob", status: 200, contains: []string{"Premier message de velo"}, absent: []string{`value="pin"`}},
		{name: "moderators see pin and lock", path: "/@velo/discussions/" + id["disc-velo"], as: "alice", status: 200, contains: []string{`value="pin"`, `value="lock"`}},
		{name: "member cannot pin", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/moderate", form: vals("do", "pin"), as: "bob", status: 403, contains: []string{"Vous n’avez pas accès"}},
		{name: "member cannot lock", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/moderate", form: vals("do", "lock"), as: "bob", status: 403},
		{name: "member cannot delete a thread", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/moderate", form: vals("do", "delete"), as: "bob", status: 403},
		{name: "unknown moderation verb", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/moderate", form: vals("do", "explode"), as: "alice", status: 422},
		{name: "member cannot remove a member", method: "POST", path: "/@velo/members/" + id["carol"] + "/remove", as: "bob", form: vals(), status: 403},
		{name: "member cannot invite", method: "POST", path: "/@velo/members/invite", as: "bob", form: vals("who", "@carol"), status: 403},
		{name: "member cannot publish", path: "/@velo/posts/new", as: "bob", status: 403},
		{name: "member cannot edit the group", path: "/@velo/settings", as: "bob", status: 403},
		{name: "member cannot export", path: "/@velo/members.csv", as: "bob", status: 403},
		{name: "member cannot see requests", path: "/@velo/members?status=requested", as: "bob", status: 403},
		{name: "member pins nothing after all that", path: "/@velo/discussions", as: "bob", status: 200, absent: []string{"Épinglée"}},
		{name: "moderator pins", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/moderate", form: vals("do", "pin"), as: "alice", status: 303, location: "/@velo/discussions/" + id["disc-velo"] + "?ok=discussion_updated"},
		{name: "pinned shows", path: "/@velo/discussions", as: "bob", status: 200, contains: []string{"Épinglée"}},
		{name: "members list", path: "/@velo/members", as: "bob", status: 200, contains: []string{"@bob", "@alice"}},
		{name: "members list hidden from strangers", path: "/@velo/members", as: "carol", status: 403},
		{name: "feed of a public group", path: "/@velo/feed.atom", status: 200, contains: []string{"<feed", "Groupe velo"}},
		{name: "no feed for an unlisted group", path: "/@cache/feed.atom", status: 404},
		{name: "no feed for a private group", path: "/@secret/feed.atom", status: 404},
		{name: "unlisted group reachable by link", path: "/@cache", as: "carol", status: 200, contains: []string{"Demander à rejoindre"}},
		{name: "admin settings", path: "/@velo/settings", as: "alice", status: 200, contains: []string{`name="visibility"`, `name="join_mode"`, `name="public_members"`}},
		{name: "export members", path: "/@velo/members.csv", as: "alice", status: 200, contains: []string{"handle,name,role", "bob"}},
		{name: "dashboard lists my groups", path: "/dashboard", as: "bob", status: 200, contains: []string{"Groupe velo", "Groupe secret", "Mes tâches"}},
		{name: "my tasks", path: "/tasks", as: "bob", status: 200},
		{name: "notification settings", path: "/settings/notifications", as: "bob", status: 200, contains: []string{`name="reply"`, `name="digest"`}},
		{name: "moderation queue is for administrators", path: "/admin/reports", as: "alice", status: 403},
		{name: "bad unsubscribe link", path: "/unsubscribe?token=nope", status: 410},
		{name: "bad invitation link", path: "/invitations/accept?token=" + strings.Repeat("A", 43), status: 410},
	})
}

func (w *groupWorld) actorOf(secret string) cortege.Actor {
	a, err := w.app.Service.SessionActor(context.Background(), secret, "192.0.2.99")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}
