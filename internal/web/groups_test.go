package web_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

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
		{name: "search near nonsense", path: "/groups?lat=abc&lon=%00&radius=x", status: 422, contains: []string{"coordonnées"}},
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

// TestGroupForms sends what people really type, and worse: every bad
// input comes back as a message next to its field, never a server error.
func TestGroupForms(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	id := w.ids
	good := func(kv ...string) url.Values {
		v := vals("handle", "jardin", "name", "Jardin partagé", "visibility", "public", "join_mode", "open", "kind", "local")
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	big := strings.Repeat("x", 10<<10)
	w.run([]groupCase{
		{name: "create form", path: "/groups/new", as: "carol", status: 200, contains: []string{`name="handle"`}},
		{name: "create form asks visitors to sign in", path: "/groups/new", status: 303, location: "/login"},
		{name: "10 KB name", method: "POST", path: "/groups", as: "carol", form: good("name", big), status: 422, contains: []string{`id="f-group-name-error"`}},
		{name: "NUL in name", method: "POST", path: "/groups", as: "carol", form: good("name", "Jar\x00din"), status: 422, contains: []string{"caractères invisibles"}},
		{name: "empty name", method: "POST", path: "/groups", as: "carol", form: good("name", ""), status: 422, contains: []string{`id="f-group-name-error"`}},
		{name: "bad handle", method: "POST", path: "/groups", as: "carol", form: good("handle", "Jardin Partagé!"), status: 422, contains: []string{`id="f-group-handle-error"`}},
		{name: "handle taken by a person", method: "POST", path: "/groups", as: "carol", form: good("handle", "bob"), status: 409, contains: []string{`id="f-group-handle-error"`}},
		{name: "unknown visibility", method: "POST", path: "/groups", as: "carol", form: good("visibility", "galactic"), status: 422, contains: []string{"alert-error"}},
		{name: "unknown join mode", method: "POST", path: "/groups", as: "carol", form: good("join_mode", "lottery"), status: 422},
		{name: "unknown kind", method: "POST", path: "/groups", as: "carol", form: good("kind", "cult"), status: 422, contains: []string{`id="f-group-kind-error"`}},
		{name: "latitude not a number", method: "POST", path: "/groups", as: "carol", form: good("lat", "north", "lon", "4.8"), status: 422, contains: []string{`id="f-group-lat-error"`}},
		{name: "latitude out of range", method: "POST", path: "/groups", as: "carol", form: good("lat", "123", "lon", "4.8"), status: 422, contains: []string{`id="f-group-lat-error"`}},
		{name: "longitude missing", method: "POST", path: "/groups", as: "carol", form: good("lat", "45"), status: 422, contains: []string{`id="f-group-lon-error"`}},
		{name: "too many tags", method: "POST", path: "/groups", as: "carol", form: good("tags", "t1,t2,t3,t4,t5,t6,t7,t8,t9,t10,t11"), status: 422, contains: []string{`id="f-group-tags-error"`}},
		{name: "typed values kept", method: "POST", path: "/groups", as: "carol", form: good("name", "", "description", "Nos **plans**"), status: 422, contains: []string{"Nos **plans**"}},
		{name: "create", method: "POST", path: "/groups", as: "carol", form: good("lat", "45,76", "lon", "4.83", "tags", "jardin, quartier"), status: 303, location: "/@jardin?ok=group_created"},
		{name: "new group page", path: "/@jardin?ok=group_created", as: "carol", status: 200, contains: []string{"Le groupe est créé", "#jardin", "Administrateur"}},
		{name: "found near its place", path: "/groups?lat=45.75&lon=4.85&radius=10", status: 200, contains: []string{"Jardin partagé", "km"}},
		{name: "save settings with a bad visibility", method: "POST", path: "/@velo/settings", as: "alice", form: vals("name", "Vélo", "visibility", "x", "join_mode", "open"), status: 422},
		{name: "save settings", method: "POST", path: "/@velo/settings", as: "alice", form: vals("name", "Vélorution", "visibility", "public", "join_mode", "approval", "public_members", "1"), status: 303, location: "/@velo/settings?ok=group_saved"},
		{name: "image without a file", method: "POST", path: "/@velo/settings/image?field=avatar", as: "alice", form: vals(), status: 422, contains: []string{"alert-error"}},
		{name: "image field unknown", method: "POST", path: "/@velo/settings/image?field=tattoo", as: "alice", form: vals(), status: 404},
		{name: "delete without ticking", method: "POST", path: "/@velo/settings/delete", as: "alice", form: vals(), status: 422},
		{name: "join approval group with a message", method: "POST", path: "/@velo/join", as: "carol", form: vals("message", "Je roule aussi"), status: 303, location: "/@velo?ok=group_requested"},
		{name: "request count on the group page", path: "/@velo", as: "alice", status: 200, contains: []string{"1 demande(s) d’adhésion à traiter"}},
		{name: "member list private to strangers", path: "/@cache", as: "dan", status: 200, contains: []string{"réservée aux membres"}, absent: []string{`href="/@alice"`}},
		{name: "member list public when the group opts in", path: "/@velo", as: "dan", status: 200, contains: []string{`href="/@bob"`}},
		{name: "request shown to moderators", path: "/@velo/members?status=requested", as: "alice", status: 200, contains: []string{"@carol", "Je roule aussi"}},
		{name: "request on the dashboard", path: "/dashboard", as: "alice", status: 200, contains: []string{"carol demande à rejoindre", "/@velo/members/" + id["carol"] + "/answer"}},
		{name: "approve with a message", method: "POST", path: "/@velo/members/" + id["carol"] + "/answer", as: "alice", form: vals("approve", "1", "message", "Bienvenue", "next", "/dashboard"), status: 303, location: "/dashboard?ok=request_answered"},
		{name: "join message too long", method: "POST", path: "/@cache/join", as: "dan", form: vals("message", big), status: 422, contains: []string{`id="f-join-message-error"`}},
		{name: "invite nobody", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", ""), status: 422, contains: []string{`id="f-invite-who-error"`}},
		{name: "invite unknown handle", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", "@nobody"), status: 422, contains: []string{`id="f-invite-who-error"`}},
		{name: "invite bad address", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", "x@@y"), status: 422, contains: []string{`id="f-invite-who-error"`}},
		{name: "invite by address", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", "eve@example.org", "message", "Viens !"), status: 303, location: "/@velo/members?ok=invited"},
		{name: "invite the same address twice", method: "POST", path: "/@velo/members/invite", as: "alice", form: vals("who", "eve@example.org"), status: 409, contains: []string{`id="f-invite-who-error"`}},
		{name: "bad role", method: "POST", path: "/@velo/members/" + id["bob"] + "/role", as: "alice", form: vals("role", "emperor"), status: 422},
		{name: "promote", method: "POST", path: "/@velo/members/" + id["bob"] + "/role", as: "alice", form: vals("role", "moderator"), status: 303},
		{name: "last administrator cannot leave", method: "POST", path: "/@velo/leave", as: "alice", form: vals(), status: 409, contains: []string{"alert-error"}},
		{name: "empty discussion", method: "POST", path: "/@velo/discussions", as: "bob", form: vals("title", "", "body", ""), status: 422, contains: []string{`id="f-discussion-title-error"`}},
		{name: "NUL in a reply", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/reply", as: "bob", form: vals("body", "a\x00b"), status: 422, contains: []string{`id="f-reply-body-error"`}},
		{name: "reply", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/reply", as: "bob", form: vals("body", "Je viens **aussi**"), status: 303},
		{name: "stranger cannot reply", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/reply", as: "dan", form: vals("body", "Hop"), status: 403},
		{name: "empty list title", method: "POST", path: "/@velo/tasks/lists", as: "bob", form: vals("title", " "), status: 422, contains: []string{`id="f-list-title-error"`}},
		{name: "bad due date", method: "POST", path: "/@velo/tasks/lists/" + id["list-velo"] + "/tasks", as: "bob", form: vals("title", "Tracts", "due", "2026-13-45"), status: 422, contains: []string{"AAAA-MM-JJ"}},
		{name: "assignee not a member", method: "POST", path: "/@velo/tasks/lists/" + id["list-velo"] + "/tasks", as: "bob", form: vals("title", "Tracts", "assignee", id["carol"]+"x"), status: 422},
		{name: "task for bob", method: "POST", path: "/@velo/tasks/lists/" + id["list-velo"] + "/tasks", as: "alice", form: vals("title", "Imprimer les tracts", "assignee", id["bob"], "due", "2030-05-01"), status: 303},
		{name: "task on bob's dashboard", path: "/dashboard", as: "bob", status: 200, contains: []string{"Imprimer les tracts", "01/05/2030"}},
		{name: "bad resource kind", method: "POST", path: "/@velo/resources", as: "bob", form: vals("kind", "rocket", "title", "x"), status: 422},
		{name: "javascript link refused", method: "POST", path: "/@velo/resources", as: "bob", form: vals("kind", "link", "title", "Pad", "url", "javascript:alert(1)"), status: 422, contains: []string{`id="f-resource-url-error"`}},
		{name: "folder", method: "POST", path: "/@velo/resources", as: "bob", form: vals("kind", "folder", "title", "Outils"), status: 303},
		{name: "bad parent", method: "POST", path: "/@velo/resources", as: "bob", form: vals("kind", "note", "title", "x", "parent_id", "nope"), status: 422},
		{name: "notification prefs", method: "POST", path: "/settings/notifications", as: "bob", form: vals("invitation", "1", "reply", "1"), status: 303, location: "/settings/notifications?ok=notifications"},
		{name: "notification prefs kept", path: "/settings/notifications", as: "bob", status: 200, contains: []string{`name="reply" value="1" checked`}, absent: []string{`name="new_post" value="1" checked`}},
		{name: "report reason required", method: "POST", path: "/@velo/report", as: "dan", form: vals("reason", ""), status: 422, contains: []string{"alert-error"}},
		{name: "report unknown kind", method: "POST", path: "/@velo/report", as: "dan", form: vals("kind", "planet", "target", "x", "reason", "spam"), status: 422},
		{name: "contact the administrators", method: "POST", path: "/@velo/contact", as: "dan", form: vals("message", "Bonjour"), status: 303, location: "/@velo?ok=group_contacted"},
		{name: "contact empty", method: "POST", path: "/@velo/contact", as: "dan", form: vals("message", ""), status: 422, contains: []string{`id="f-contact-message-error"`}},
	})
}

// TestGroupMarkdownHarmless posts Markdown payloads where the pages render
// Markdown: scripts, javascript: links and event handlers come out inert.
func TestGroupMarkdownHarmless(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	payload := "Hello <script>alert(1)</script>\n\n[clic](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n" +
		"<a href=\"javascript:alert(4)\">a</a> <iframe src=\"//evil.example\"></iframe> [data](data:text/html;base64,PHNjcmlwdD4=)\n\n" +
		"![img](javascript:alert(5)) <svg onload=alert(6)> <div style=\"position:fixed\">x</div>"
	ctx := context.Background()
	alice := w.actors["alice"]
	p, err := w.app.Service.CreatePost(ctx, alice, w.ids["velo"], service.PostInput{Title: "Annonce <b>gras</b>", Body: payload, Visibility: cortege.PostPublic, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Service.Reply(ctx, alice, w.ids["disc-velo"], payload); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Service.UpdateGroup(ctx, alice, w.ids["velo"], service.GroupInput{Handle: "velo", Name: "Vélo", Description: payload, Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen}); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/@velo", "/@velo/posts/" + p.ID, "/@velo/posts", "/@velo/discussions/" + w.ids["disc-velo"]} {
		status, body, _ := w.send("bob", "GET", path, nil, nil)
		if status != 200 {
			t.Fatalf("%s: %d", path, status)
		}
		main := body[strings.Index(body, "<main"):]
		for _, bad := range []string{"<script", "javascript:", "onerror", "onload", "<iframe", "data:text/html", "<svg", "style=", "<b>gras"} {
			if strings.Contains(strings.ToLower(main), strings.ToLower(bad)) {
				t.Errorf("%s renders %q", path, bad)
			}
		}
		if !strings.Contains(main, "Hello") {
			t.Errorf("%s lost the harmless text", path)
		}
	}
}

// TestGroupMailLinks follows the links mails carry: an invitation by
// email accepted after signing in, a one-click unsubscribe (RFC 8058), and
// the moderation queue acting on a report.
func TestGroupMailLinks(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	ctx := context.Background()
	if _, err := w.app.Service.InviteEmail(ctx, w.actors["alice"], w.ids["velo"], "carol@example.org", "", "Rejoins-nous"); err != nil {
		t.Fatal(err)
	}
	w.app.Drain(w.t)
	link, _ := url.Parse(w.app.LastLink(t, "carol@example.org", "/invitations/accept"))
	tok := link.Query().Get("token")
	// A reply in a thread carol follows, so she gets a notification mail.
	if _, err := w.app.Service.Reply(ctx, w.actors["alice"], w.ids["disc-velo"], "Du nouveau"); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Service.FollowDiscussion(ctx, w.actors["bob"], w.ids["disc-velo"], true); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Service.Reply(ctx, w.actors["alice"], w.ids["disc-velo"], "Encore du nouveau"); err != nil {
		t.Fatal(err)
	}
	w.app.Drain(w.t)
	unsub, _ := url.Parse(w.app.LastLink(t, "bob@example.org", "/unsubscribe"))

	w.run([]groupCase{
		{name: "invitation page for a visitor", path: link.RequestURI(), status: 200, contains: []string{"Groupe velo", "Rejoins-nous", "Se connecter pour accepter", "carol@example.org"}},
		{name: "visitor accepting is sent to sign in", method: "POST", path: "/invitations/accept", form: vals("token", tok), status: 303, location: "/login?next=%2Finvitations%2Faccept%3Ftoken%3D"},
		{name: "invitation page signed in", path: link.RequestURI(), as: "carol", status: 200, contains: []string{`action="/invitations/accept"`, `value="` + tok + `"`}},
		{name: "accept", method: "POST", path: "/invitations/accept", as: "carol", form: vals("token", tok), status: 303, location: "/@velo?ok=invitation_accepted"},
		{name: "now a member", path: "/@velo/discussions", as: "carol", status: 200},
		{name: "link used", method: "POST", path: "/invitations/accept", as: "carol", form: vals("token", tok), status: 410},
		{name: "unsubscribe page changes nothing", path: unsub.RequestURI(), status: 200, contains: []string{"Réponses aux discussions suivies", `action="/unsubscribe"`}},
		{name: "settings still on", path: "/settings/notifications", as: "bob", status: 200, contains: []string{`name="reply" value="1" checked`}},
		{name: "one-click POST", method: "POST", path: unsub.RequestURI(), form: vals("List-Unsubscribe", "One-Click"), status: 200, contains: []string{"Vous ne recevrez plus"}},
		{name: "settings now off", path: "/settings/notifications", as: "bob", status: 200, absent: []string{`name="reply" value="1" checked`}},
	})

	// Reports and the moderation queue.
	admin := w.app.Service
	link2, err := admin.CreateAdmin(ctx, "root@example.org", "Root")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link2)
	secret, _, err := admin.ConfirmLogin(ctx, cortege.Actor{IP: "192.0.2.99"}, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	c := w.app.Client()
	base, _ := url.Parse(w.app.URL)
	c.Jar.SetCookies(base, []*http.Cookie{{Name: "cortege_session", Value: secret, Path: "/"}})
	w.clients["root"] = c
	p, err := admin.CreatePost(ctx, w.actors["alice"], w.ids["velo"], service.PostInput{Title: "Pub douteuse", Body: "Achetez !", Visibility: cortege.PostPublic, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{
		{name: "report a post", method: "POST", path: "/@velo/report", as: "dan", form: vals("kind", "post", "target", p.ID, "reason", "C’est du spam", "next", "/@velo/posts/"+p.ID), status: 303, location: "/@velo/posts/" + p.ID + "?ok=reported"},
		{name: "queue shows it", path: "/admin/reports", as: "root", status: 200, contains: []string{"Pub douteuse", "C’est du spam", "@dan"}},
		{name: "unknown action", method: "POST", path: "/admin/reports/nope", as: "root", form: vals("action", "hide"), status: 404},
		{name: "queue is for administrators", method: "POST", path: "/admin/reports/nope", as: "alice", form: vals("action", "hide"), status: 403},
		{name: "approval setting", method: "POST", path: "/admin/groups/approval", as: "root", form: vals("approval", "1"), status: 303},
		{name: "approval page", path: "/admin/groups", as: "root", status: 200, contains: []string{`name="approval" value="1" checked`}},
		{name: "new group waits", method: "POST", path: "/groups", as: "dan", form: vals("handle", "attente", "name", "En attente", "visibility", "public", "join_mode", "open"), status: 303},
		{name: "not listed yet", path: "/groups?q=attente", status: 200, absent: []string{"En attente"}},
		{name: "waiting list", path: "/admin/groups", as: "root", status: 200, contains: []string{"En attente"}},
	})
	reps, err := admin.Reports(ctx, w.actorOf(secret), cortege.ReportOpen, 1)
	if err != nil || len(reps.Reports) != 1 {
		t.Fatalf("reports: %v %v", err, reps)
	}
	gs, _ := admin.GroupsAwaitingApproval(ctx, w.actorOf(secret), 1)
	w.run([]groupCase{
		{name: "hide with a note", method: "POST", path: "/admin/reports/" + reps.Reports[0].ID, as: "root", form: vals("action", "hide", "note", "spam évident"), status: 303, location: "/admin/reports?ok=report_resolved"},
		{name: "hidden post gone", path: "/@velo/posts/" + p.ID, as: "bob", status: 404},
		{name: "log says who did what", path: "/admin/reports?status=resolved", as: "root", status: 200, contains: []string{"root@example.org", "spam évident", "Masquer"}},
		{name: "approve the group", method: "POST", path: "/admin/groups/" + gs[0].ID + "/approve", as: "root", form: vals(), status: 303},
		{name: "listed now", path: "/groups?q=attente", status: 200, contains: []string{"En attente"}},
	})
}

func (w *groupWorld) actorOf(secret string) cortege.Actor {
	a, err := w.app.Service.SessionActor(context.Background(), secret, "192.0.2.99")
	if err != nil {
		w.t.Fatal(err)
	}
	return a
}

// sendMultipart posts a file field (and plain fields) as who.
func (w *groupWorld) sendMultipart(who, path, field, filename string, data []byte, fields map[string]string) (int, string, string) {
	w.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if field != "" {
		fw, _ := mw.CreateFormFile(field, filename)
		fw.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", w.app.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", "fr")
	res, err := w.clients[who].Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res.Header.Get("Location")
}

// TestGroupContent goes through the life of what a group holds: posts
// from draft to published, messages edited and deleted, tasks done and
// undone, resources, pictures, and a member import with its line errors.
func TestGroupContent(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	id := w.ids
	w.run([]groupCase{
		{name: "draft", method: "POST", path: "/@velo/posts", as: "alice", form: vals("title", "Brouillon secret", "body", "En cours", "visibility", "public", "publish", "0"), status: 303, location: "/@velo/posts/"},
		{name: "draft hidden from members", path: "/@velo/posts", as: "bob", status: 200, absent: []string{"Brouillon secret"}},
		{name: "draft hidden from the feed", path: "/@velo/feed.atom", status: 200, absent: []string{"Brouillon secret"}},
		{name: "bad post visibility", method: "POST", path: "/@velo/posts", as: "alice", form: vals("title", "x", "visibility", "everyone", "publish", "1"), status: 422, contains: []string{`id="f-post-visibility-error"`}},
		{name: "members-only post", method: "POST", path: "/@velo/posts", as: "alice", form: vals("title", "Réunion interne", "body", "Mardi", "visibility", "members", "publish", "1"), status: 303},
		{name: "public post", method: "POST", path: "/@velo/posts", as: "alice", form: vals("title", "Grande balade", "body", "Samedi **14 h**", "visibility", "public", "publish", "1"), status: 303},
		{name: "visitor sees the public post only", path: "/@velo/posts", status: 200, contains: []string{"Grande balade"}, absent: []string{"Réunion interne", "Brouillon secret"}},
		{name: "member sees both", path: "/@velo/posts", as: "bob", status: 200, contains: []string{"Grande balade", "Réunion interne"}},
		{name: "feed carries the public post", path: "/@velo/feed.atom", status: 200, contains: []string{"Grande balade"}, absent: []string{"Réunion interne"}},
		{name: "group page shows the public post", path: "/@velo", status: 200, contains: []string{"Grande balade"}, absent: []string{"Réunion interne"}},
		{name: "message of a stranger", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/reply", as: "bob", form: vals("body", "Message de bob"), status: 303},
		{name: "task list", method: "POST", path: "/@velo/tasks/lists/" + id["list-velo"] + "/tasks", as: "bob", form: vals("title", "Gonfler les pneus", "assignee", id["bob"]), status: 303},
		{name: "note", method: "POST", path: "/@velo/resources", as: "bob", form: vals("kind", "note", "title", "Compte rendu", "body", "On a **décidé**"), status: 303},
		{name: "resources listed", path: "/@velo/resources", as: "bob", status: 200, contains: []string{"Compte rendu", "Note"}},
	})
	ctx := context.Background()
	v, err := w.app.Service.Discussion(ctx, w.actors["bob"], id["disc-velo"], 1)
	if err != nil {
		t.Fatal(err)
	}
	var first, bobs string
	for _, m := range v.Messages {
		if m.AuthorID == id["bob"] {
			bobs = m.ID
		} else {
			first = m.ID
		}
	}
	lists, err := w.app.Service.GroupTasks(ctx, w.actors["bob"], id["velo"])
	if err != nil || len(lists[0].Tasks) != 1 {
		t.Fatalf("tasks: %v %v", err, lists)
	}
	task := lists[0].Tasks[0].ID
	tree, err := w.app.Service.Resources(ctx, w.actors["bob"], id["velo"])
	if err != nil || len(tree) != 1 {
		t.Fatalf("resources: %v", err)
	}
	note := tree[0].Resource.ID
	thread := "/@velo/discussions/" + id["disc-velo"]
	w.run([]groupCase{
		{name: "edit form of my message", path: thread + "?edit=" + bobs, as: "bob", status: 200, contains: []string{`action="` + thread + `/messages/` + bobs + `/edit"`}},
		{name: "no edit form for another's message", path: thread + "?edit=" + first, as: "bob", status: 200, absent: []string{`/messages/` + first + `/edit"`}},
		{name: "edit empty", method: "POST", path: thread + "/messages/" + bobs + "/edit", as: "bob", form: vals("body", ""), status: 422, contains: []string{`id="f-edit-body-error"`}},
		{name: "edit mine", method: "POST", path: thread + "/messages/" + bobs + "/edit", as: "bob", form: vals("body", "Message de bob, corrigé"), status: 303},
		{name: "cannot edit another's", method: "POST", path: thread + "/messages/" + first + "/edit", as: "bob", form: vals("body", "pirate"), status: 403},
		{name: "cannot delete another's", method: "POST", path: thread + "/messages/" + first + "/delete", as: "bob", form: vals(), status: 403},
		{name: "edited shows", path: thread, as: "bob", status: 200, contains: []string{"Message de bob, corrigé", "modifié"}},
		{name: "moderator deletes bob's", method: "POST", path: thread + "/messages/" + bobs + "/delete", as: "alice", form: vals(), status: 303},
		{name: "deleted keeps its place", path: thread, as: "bob", status: 200, contains: []string{"Message supprimé."}, absent: []string{"corrigé"}},
		{name: "done", method: "POST", path: "/@velo/tasks/" + task + "/done", as: "bob", form: vals("done", "1"), status: 303},
		{name: "done shows", path: "/@velo/tasks", as: "bob", status: 200, contains: []string{"is-done", `aria-pressed="true"`}},
		{name: "not on my dashboard once done", path: "/dashboard", as: "bob", status: 200, absent: []string{"Gonfler les pneus"}},
		{name: "undone", method: "POST", path: "/@velo/tasks/" + task + "/done", as: "bob", form: vals("done", "0", "next", "/tasks"), status: 303, location: "/tasks?ok=task_saved"},
		{name: "back in my tasks", path: "/tasks", as: "bob", status: 200, contains: []string{"Gonfler les pneus"}},
		{name: "reassign to a stranger", method: "POST", path: "/@velo/tasks/" + task + "/edit", as: "bob", form: vals("title", "Gonfler", "assignee", id["carol"]), status: 422, contains: []string{"alert-error"}},
		{name: "stranger cannot tick", method: "POST", path: "/@velo/tasks/" + task + "/done", as: "carol", form: vals("done", "1"), status: 403},
		{name: "open a note", path: "/@velo/resources?open=" + note, as: "bob", status: 200, contains: []string{"<strong>décidé</strong>"}},
		{name: "stranger cannot delete a resource", method: "POST", path: "/@velo/resources/" + note + "/delete", as: "carol", form: vals(), status: 403},
		{name: "delete the note", method: "POST", path: "/@velo/resources/" + note + "/delete", as: "bob", form: vals(), status: 303},
		{name: "handover then leave", method: "POST", path: "/@velo/members/" + id["bob"] + "/role", as: "alice", form: vals("role", "administrator"), status: 303},
		{name: "block a stranger", method: "POST", path: "/@velo/members/" + id["carol"] + "/block", as: "alice", form: vals("reason", "insultes"), status: 303},
		{name: "the log says who blocked whom", path: "/@velo/members", as: "alice", status: 200, contains: []string{"Blocage dans un groupe", "insultes", "@carol"}},
		{name: "blocked stranger cannot join", method: "POST", path: "/@velo/join", as: "carol", form: vals(), status: 403},
		{name: "alice can leave now", method: "POST", path: "/@velo/leave", as: "alice", form: vals(), status: 303, location: "/@velo?ok=group_left"},
	})

	// Pictures: a real PNG is kept (re-encoded), garbage is refused politely.
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	var png bytes.Buffer
	if err := pngEncode(&png, img); err != nil {
		t.Fatal(err)
	}
	if status, body, _ := w.sendMultipart("alice", "/@secret/settings/image?field=banner", "image", "b.png", png.Bytes(), nil); status != 303 {
		t.Fatalf("banner: %d %s", status, excerpt(body))
	}
	if _, body, _ := w.send("bob", "GET", "/@secret", nil, nil); !strings.Contains(body, `class="group-banner" src="/uploads/`) {
		t.Errorf("no banner on the page\n%s", excerpt(body))
	}
	if status, body, _ := w.sendMultipart("alice", "/@secret/settings/image?field=avatar", "image", "x.png", []byte("not a picture"), nil); status != 422 || !strings.Contains(body, "field-error") {
		t.Errorf("garbage picture: %d %s", status, excerpt(body))
	}
	if status, _, _ := w.sendMultipart("bob", "/@secret/settings/image?field=avatar", "image", "b.png", png.Bytes(), nil); status != 403 {
		t.Errorf("member changes the picture: %d", status)
	}

	// Member import: good lines invite, bad lines are told with their number.
	csv := "prénom;nom;email\nEve;Martin;eve@example.org\nFrank;Petit;pas-une-adresse\n;;\nGina;Roux;gina@example.org\n"
	status, body, _ := w.sendMultipart("alice", "/@secret/members/import", "file", "membres.csv", []byte(csv), map[string]string{"message": "Bienvenue"})
	if status != 200 || !strings.Contains(body, "2 invitation(s) envoyée(s)") || !strings.Contains(body, "<td>3</td>") || !strings.Contains(body, "pas-une-adresse") {
		t.Errorf("import: %d\n%s", status, excerpt(body))
	}
	if status, body, _ := w.sendMultipart("alice", "/@secret/members/import", "", "", nil, nil); status != 422 || !strings.Contains(body, `id="f-import-file-error"`) {
		t.Errorf("import without a file: %d\n%s", status, excerpt(body))
	}
	if status, _, _ := w.sendMultipart("bob", "/@secret/members/import", "file", "m.csv", []byte(csv), nil); status != 403 {
		t.Errorf("member imports: %d", status)
	}
	dan := w.actors["dan"]
	if _, err := w.app.Service.UpdateProfile(ctx, dan, dan.Profile.ID, service.ProfileInput{Handle: "dan", DisplayName: "=HYPERLINK(\"http://evil\")"}); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Service.InviteProfile(ctx, w.actors["alice"], id["secret"], "dan", ""); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Service.AcceptInvitation(ctx, dan, id["secret"]); err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{
		{name: "invitations listed", path: "/@secret/members?status=invited", as: "alice", status: 200, contains: []string{"eve@example.org", "gina@example.org"}},
		{name: "export neutralises formulas", path: "/@secret/members.csv", as: "alice", status: 200, contains: []string{"handle,name,role", "dan,\"'=HYPERLINK"}, absent: []string{",=HYPERLINK", "\"=HYPERLINK"}},
	})
}

func pngEncode(w io.Writer, img image.Image) error { return png.Encode(w, img) }

// TestGroupEvents shows a group's events on its page and the events part
// of the dashboard, linking to the event pages.
func TestGroupEvents(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	ctx := context.Background()
	start := w.app.Clock.Now().Add(72 * time.Hour).Truncate(time.Hour)
	e, err := w.app.Service.CreateEvent(ctx, w.actors["alice"], service.EventInput{
		Title: "Vélo-parade", Start: start, End: start.Add(2 * time.Hour), PlaceArea: "Lyon 7e",
		Publish: true, Visibility: cortege.VisibilityPublic, GroupID: w.ids["velo"],
	})
	if err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{
		{name: "group page lists the event", path: "/@velo", status: 200, contains: []string{`href="/events/` + e.ID + `"`, "Vélo-parade", "Lyon 7e"}},
		{name: "organiser's dashboard", path: "/dashboard", as: "alice", status: 200, contains: []string{`href="/events/` + e.ID + `"`}},
		{name: "suggested to members", path: "/dashboard", as: "bob", status: 200, contains: []string{"Vélo-parade"}},
		{name: "english dates", path: "/@velo?lang=en", status: 200, contains: []string{start.In(e.Location()).Format("2 Jan 2006")}},
	})
}

// TestGroupGarbage throws junk at every group form, as each kind of
// person: the answer may refuse, never fail with a server error.
func TestGroupGarbage(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	id := w.ids
	junk := []url.Values{
		vals(),
		vals("title", strings.Repeat("é", 10<<10), "body", strings.Repeat("x", 60<<10), "name", "\x00", "message", "\xff\xfe", "reason", strings.Repeat("r", 5000)),
		vals("do", "pin\x00", "role", "god", "approve", "maybe", "kind", "../../etc", "visibility", "everyone", "join_mode", "?", "status", "zzz", "action", "nuke", "due", "31/02/2026", "assignee", "nobody", "parent_id", strings.Repeat("z", 300), "who", "@@@", "done", "2", "next", "//evil.example/x", "token", "short"),
	}
	paths := []string{
		"/groups", "/@velo/join", "/@velo/follow", "/@velo/leave", "/@velo/contact", "/@velo/report",
		"/@velo/settings", "/@velo/settings/image?field=avatar", "/@velo/settings/delete",
		"/@velo/members/invite", "/@velo/members/" + id["bob"] + "/answer", "/@velo/members/" + id["bob"] + "/role",
		"/@velo/members/x/remove", "/@velo/members/x/block", "/@velo/members/x/unblock", "/@velo/invitations/x/revoke",
		"/@velo/posts", "/@velo/posts/x/edit", "/@velo/posts/x/delete",
		"/@velo/discussions", "/@velo/discussions/" + id["disc-velo"] + "/reply", "/@velo/discussions/" + id["disc-velo"] + "/moderate",
		"/@velo/discussions/" + id["disc-velo"] + "/rename", "/@velo/discussions/x/messages/y/edit", "/@velo/discussions/x/messages/y/delete",
		"/@velo/tasks/lists", "/@velo/tasks/lists/" + id["list-velo"] + "/tasks", "/@velo/tasks/lists/x/delete",
		"/@velo/tasks/x/edit", "/@velo/tasks/x/done", "/@velo/tasks/x/delete",
		"/@velo/resources", "/@velo/resources/x/edit", "/@velo/resources/x/delete",
		"/@secret/discussions", "/@nobody/join", "/invitations/accept", "/invitations/x", "/unsubscribe?token=x",
		"/settings/notifications", "/admin/reports/x", "/admin/groups/approval", "/admin/groups/x/approve",
	}
	for _, who := range []string{"", "carol", "bob", "alice"} {
		for _, p := range paths {
			for i, form := range junk {
				status, body, _ := w.send(who, "POST", p, form, nil)
				if status >= 500 {
					t.Errorf("POST %s as %q with junk %d: %d\n%s", p, who, i, status, excerpt(body))
				}
			}
		}
	}
	for _, p := range []string{"/groups?lat=1e999&lon=-1e999&radius=NaN", "/groups?lat=NaN&lon=NaN", "/@velo/members?status=%00&page=-1", "/@velo/discussions/" + id["disc-velo"] + "?page=99999999999999999999&edit=%00", "/@velo/resources?open=%ff", "/@velo/posts?page=abc", "/admin/reports?status=x&page=0", "/unsubscribe?token=%00", "/invitations/accept?token=" + strings.Repeat("%ff", 50)} {
		for _, who := range []string{"", "bob", "alice"} {
			if status, body, _ := w.send(who, "GET", p, nil, nil); status >= 500 {
				t.Errorf("GET %s as %q: %d\n%s", p, who, status, excerpt(body))
			}
		}
	}
}

// TestGroupDashboardInvitations answers invitations from the dashboard:
// one by handle (accept, then another declined) and one sent to the
// account's address (no link needed, the address is theirs).
func TestGroupDashboardInvitations(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	ctx := context.Background()
	alice := w.actors["alice"]
	if err := w.app.Service.InviteProfile(ctx, alice, w.ids["secret"], "dan", "Viens"); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Service.InviteProfile(ctx, alice, w.ids["cache"], "dan", ""); err != nil {
		t.Fatal(err)
	}
	inv, err := w.app.Service.InviteEmail(ctx, alice, w.ids["velo"], "dan@example.org", "", "Par courriel")
	if err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{
		{name: "invited profile sees the private page", path: "/@secret", as: "dan", status: 200, contains: []string{"Accepter l’invitation"}},
		{name: "dashboard lists the invitations", path: "/dashboard", as: "dan", status: 200, contains: []string{"À traiter (3)", "Groupe secret", "Groupe cache", "Par courriel", `name="email" value="` + inv.ID + `"`}},
		{name: "accept by handle", method: "POST", path: "/invitations/" + w.ids["secret"], as: "dan", form: vals("accept", "1"), status: 303, location: "/dashboard?ok=invitation_accepted"},
		{name: "decline by handle", method: "POST", path: "/invitations/" + w.ids["cache"], as: "dan", form: vals(), status: 303, location: "/dashboard?ok=invitation_declined"},
		{name: "someone else's invitation", method: "POST", path: "/invitations/" + w.ids["velo"], as: "carol", form: vals("accept", "1", "email", inv.ID), status: 404},
		{name: "accept the emailed one", method: "POST", path: "/invitations/" + w.ids["velo"], as: "dan", form: vals("accept", "1", "email", inv.ID), status: 303, location: "/@velo?ok=invitation_accepted"},
		{name: "nothing left to handle", path: "/dashboard", as: "dan", status: 200, absent: []string{"À traiter"}, contains: []string{"Groupe secret", "Groupe velo"}},
		{name: "private discussions open to the new member", path: "/@secret/discussions", as: "dan", status: 200, contains: []string{"Fil secret"}},
	})
}
