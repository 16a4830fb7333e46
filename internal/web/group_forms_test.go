package web_test

import (
	"net/url"
	"strings"
	"testing"
)

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
		{name: "NUL in name", method: "POST", path: "/groups", as: "carol", form: good("name", "Jar\x00din"), status: 422, contains: []string{"caractère de contrôle"}},
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
		{name: "request count on the group page", path: "/@velo", as: "alice", status: 200, contains: []string{"1 demande d’adhésion à traiter"}},
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
		{name: "last administrator cannot leave", method: "POST", path: "/@velo/leave", as: "alice", form: vals("confirmed", "1"), status: 409, contains: []string{"alert-error"}},
		{name: "empty discussion", method: "POST", path: "/@velo/discussions", as: "bob", form: vals("title", "", "body", ""), status: 422, contains: []string{`id="f-discussion-title-error"`}},
		{name: "NUL in a reply", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/reply", as: "bob", form: vals("body", "a\x00b"), status: 422, contains: []string{`id="f-reply-body-error"`}},
		{name: "reply", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/reply", as: "bob", form: vals("body", "Je viens **aussi**"), status: 303},
		{name: "stranger cannot reply", method: "POST", path: "/@velo/discussions/" + id["disc-velo"] + "/reply", as: "dan", form: vals("body", "Hop"), status: 403},
		{name: "empty list title", method: "POST", path: "/@velo/tasks/lists", as: "bob", form: vals("title", " "), status: 422, contains: []string{`id="f-list-title-error"`}},
		{name: "rename list", method: "POST", path: "/@velo/tasks/lists/" + id["list-velo"] + "/rename", as: "alice", form: vals("title", "Balade du samedi"), status: 303},
		{name: "rename list empty", method: "POST", path: "/@velo/tasks/lists/" + id["list-velo"] + "/rename", as: "alice", form: vals("title", ""), status: 422},
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
