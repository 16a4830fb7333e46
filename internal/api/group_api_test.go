package api_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/api"
)

// profileOf returns the ID of the default profile behind a token.
func (e *env) profileOf(tok string) string {
	e.t.Helper()
	return decodeAs[api.Me](e.t, e.do(request{Method: "GET", Path: "/api/v1/me", Token: tok})).ActingProfileID
}

// save stores a JSON field of the answer in e.vars under name.
func (e *env) save(name string, get func(t *testing.T, w *httptest.ResponseRecorder) string) func(t *testing.T, w *httptest.ResponseRecorder) {
	return func(t *testing.T, w *httptest.ResponseRecorder) { e.vars[name] = get(t, w) }
}

func TestGroupsAPI(t *testing.T) {
	e := newEnv(t)
	alice, bob, carol, dave, erin := e.user("alice"), e.user("bob"), e.user("carol"), e.user("dave"), e.user("erin")
	e.vars["bob"], e.vars["carol"], e.vars["dave"] = e.profileOf(bob), e.profileOf(carol), e.profileOf(dave)
	e.run([]scenario{
		{name: "create a public group", req: request{Method: "POST", Path: "/api/v1/groups", Token: alice,
			Body: `{"handle":"velo_lyon","name":"Vélo Lyon","description":"Des **pistes** <script>x</script>","tags":["Vélo","#vélo"],"visibility":"public","join_mode":"open","coordinates":{"lat":45.76,"lon":4.84}}`},
			status: 201, contains: []string{`"handle":"velo_lyon"`, `"tags":["vélo"]`},
			check: e.save("velo", func(t *testing.T, w *httptest.ResponseRecorder) string {
				g := decodeAs[api.Group](t, w)
				if !strings.Contains(g.DescriptionHTML, "<strong>pistes</strong>") || strings.Contains(g.DescriptionHTML, "<script") {
					t.Errorf("description_html %q", g.DescriptionHTML)
				}
				return g.ID
			})},
		{name: "create an unlisted group", req: request{Method: "POST", Path: "/api/v1/groups", Token: alice,
			Body: `{"handle":"velo_discret","name":"Vélo discret","visibility":"unlisted","join_mode":"approval"}`}, status: 201},
		{name: "create a private group", req: request{Method: "POST", Path: "/api/v1/groups", Token: alice,
			Body: `{"handle":"velo_prive","name":"Vélo privé","visibility":"private","join_mode":"invitation"}`}, status: 201,
			check: e.save("prive", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Group](t, w).ID })},
		{name: "handle taken", req: request{Method: "POST", Path: "/api/v1/groups", Token: bob, Body: `{"handle":"velo_lyon","name":"X","visibility":"public","join_mode":"open"}`}, status: 409, code: "conflict", field: "handle"},
		{name: "bad visibility", req: request{Method: "POST", Path: "/api/v1/groups", Token: bob, Body: `{"handle":"xx_yy","name":"X","visibility":"secret","join_mode":"open"}`}, status: 422, code: "invalid", field: "visibility"},
		{name: "tags of the wrong type", req: request{Method: "POST", Path: "/api/v1/groups", Token: bob, Body: `{"handle":"xx_yy","name":"X","tags":"a"}`}, status: 400, code: "invalid", field: "tags"},
		{name: "NUL inside a tag", req: request{Method: "POST", Path: "/api/v1/groups", Token: bob, Body: `{"handle":"xx_yy","name":"X","tags":["a\u0000"]}`}, status: 400, code: "invalid", field: "tags"},
		{name: "anonymous create", req: request{Method: "POST", Path: "/api/v1/groups", Body: `{"handle":"anon_g","name":"A"}`}, status: 401, code: "unauthorized"},

		{name: "list shows the public group only", req: request{Method: "GET", Path: "/api/v1/groups"}, status: 200,
			contains: []string{`"handle":"velo_lyon"`, `"total":1`}, absent: []string{"velo_discret", "velo_prive"}},
		{name: "search shows the public group only", req: request{Method: "GET", Path: "/api/v1/groups?q=VELO"}, status: 200,
			contains: []string{`"handle":"velo_lyon"`}, absent: []string{"velo_discret", "velo_prive"}},
		{name: "search by a member too", req: request{Method: "GET", Path: "/api/v1/groups?q=discret", Token: alice}, status: 200,
			contains: []string{`"groups":[]`}, absent: []string{"velo_discret"}},
		{name: "search near", req: request{Method: "GET", Path: "/api/v1/groups?lat=45.75&lon=4.85&radius_km=10"}, status: 200,
			contains: []string{`"handle":"velo_lyon"`, `"distance_km":`}, absent: []string{"velo_discret", "velo_prive"}},
		{name: "search with lat only", req: request{Method: "GET", Path: "/api/v1/groups?lat=45"}, status: 422, code: "invalid", field: "lon"},
		{name: "search with a bad page", req: request{Method: "GET", Path: "/api/v1/groups?page=-1"}, status: 422, code: "invalid", field: "page"},
		{name: "unlisted by link", req: request{Method: "GET", Path: "/api/v1/groups/@velo_discret", Token: bob}, status: 200, contains: []string{`"join_outcome":"requested"`}},
		{name: "private hidden from a stranger", req: request{Method: "GET", Path: "/api/v1/groups/velo_prive", Token: bob}, status: 404, code: "not_found"},
		{name: "private hidden by ID too", req: request{Method: "GET", Path: "/api/v1/groups/$prive"}, status: 404, code: "not_found"},
		{name: "get by ID", req: request{Method: "GET", Path: "/api/v1/groups/$velo", Token: alice}, status: 200,
			contains: []string{`"role":"administrator"`, `"edit_group"`, `"member_count":1`}},

		{name: "bob joins", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/join", Token: bob}, status: 200, contains: []string{`"status":"active"`, `"role":"member"`}},
		{name: "bob joins again", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/join", Token: bob}, status: 409, code: "conflict"},
		{name: "carol joins with a message", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/join", Token: carol, Body: `{"message":"Bonjour"}`}, status: 200},
		{name: "dave asks to join the unlisted group", req: request{Method: "POST", Path: "/api/v1/groups/velo_discret/join", Token: dave, Body: `{"message":"Je roule"}`}, status: 200, contains: []string{`"status":"requested"`}},
		{name: "requests on the admin's dashboard", req: request{Method: "GET", Path: "/api/v1/me/groups", Token: alice}, status: 200,
			contains: []string{`"join_requests":[{"group":{`, `"handle":"dave"`, `"role":"administrator"`}},
		{name: "requests listed for the admin", req: request{Method: "GET", Path: "/api/v1/groups/velo_discret/members?status=requested", Token: alice}, status: 200, contains: []string{`"handle":"dave"`, `"message":"Je roule"`}},
		{name: "approve the request", req: request{Method: "POST", Path: "/api/v1/groups/velo_discret/requests/dave/approve", Token: alice}, status: 204},
		{name: "dave is a member", req: request{Method: "GET", Path: "/api/v1/groups/velo_discret", Token: dave}, status: 200, contains: []string{`"role":"member"`}},

		{name: "member cannot edit the group", req: request{Method: "PATCH", Path: "/api/v1/groups/velo_lyon", Token: bob, Body: `{"name":"Pwned"}`}, status: 403, code: "forbidden"},
		{name: "member cannot see requests", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/members?status=requested", Token: bob}, status: 403, code: "forbidden"},
		{name: "member cannot remove another member", req: request{Method: "DELETE", Path: "/api/v1/groups/velo_lyon/members/carol", Token: bob}, status: 403, code: "forbidden"},
		{name: "member cannot ban", req: request{Method: "PUT", Path: "/api/v1/groups/velo_lyon/blocks/carol", Token: bob}, status: 403, code: "forbidden"},
		{name: "member cannot publish a post", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/posts", Token: bob, Body: `{"title":"T","body":"B"}`}, status: 403, code: "forbidden"},
		{name: "member cannot promote", req: request{Method: "PATCH", Path: "/api/v1/groups/velo_lyon/members/carol", Token: bob, Body: `{"role":"moderator"}`}, status: 403, code: "forbidden"},
		{name: "member cannot invite", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/invitations", Token: bob, Body: `{"handle":"dave"}`}, status: 403, code: "forbidden"},
		{name: "admin edits", req: request{Method: "PATCH", Path: "/api/v1/groups/velo_lyon", Token: alice, Body: `{"description":"Nouvelle","coordinates":null}`}, status: 200,
			contains: []string{`"description":"Nouvelle"`, `"coordinates":null`, `"name":"Vélo Lyon"`}},
		{name: "admin promotes carol", req: request{Method: "PATCH", Path: "/api/v1/groups/velo_lyon/members/$carol", Token: alice, Body: `{"role":"moderator"}`}, status: 204},
		{name: "bad role", req: request{Method: "PATCH", Path: "/api/v1/groups/velo_lyon/members/carol", Token: alice, Body: `{"role":"king"}`}, status: 422, code: "invalid", field: "role"},
		{name: "last admin cannot leave", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/leave", Token: alice}, status: 409, code: "conflict"},
		{name: "members list for a member", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/members", Token: bob}, status: 200,
			contains: []string{`"handle":"alice"`, `"role":"moderator"`}, absent: []string{"@example.org"}},
		{name: "members list hidden from visitors", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/members"}, status: 401, code: "unauthorized"},
		{name: "members list hidden from a stranger", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/members", Token: dave}, status: 403, code: "forbidden"},

		{name: "invite dave to the private group", req: request{Method: "POST", Path: "/api/v1/groups/velo_prive/invitations", Token: alice, Body: `{"handle":"@dave","message":"Viens"}`}, status: 204},
		{name: "invite by email", req: request{Method: "POST", Path: "/api/v1/groups/velo_prive/invitations", Token: alice, Body: `{"email":"erin@example.org","name":"Erin"}`}, status: 201,
			contains: []string{`"email":"erin@example.org"`, `"accepted_at":null`}},
		{name: "the invited address sees it on its dashboard", req: request{Method: "GET", Path: "/api/v1/me/groups", Token: erin}, status: 200,
			contains: []string{`"email_invitations":[{`, `"handle":"velo_prive"`},
			check: e.save("inv", func(t *testing.T, w *httptest.ResponseRecorder) string {
				return decodeAs[api.MyGroups](t, w).EmailInvitations[0].ID
			})},
		{name: "someone else cannot accept it", req: request{Method: "POST", Path: "/api/v1/invitations/$inv/accept", Token: bob}, status: 404, code: "not_found"},
		{name: "erin accepts", req: request{Method: "POST", Path: "/api/v1/invitations/$inv/accept", Token: erin}, status: 200, contains: []string{`"role":"member"`, `"handle":"velo_prive"`}},
		{name: "invitation lists", req: request{Method: "GET", Path: "/api/v1/groups/velo_prive/invitations", Token: alice}, status: 200, contains: []string{"erin@example.org"}},
		{name: "neither handle nor email", req: request{Method: "POST", Path: "/api/v1/groups/velo_prive/invitations", Token: alice, Body: `{}`}, status: 422, code: "invalid", field: "handle"},
		{name: "the invitee sees the private group", req: request{Method: "GET", Path: "/api/v1/groups/velo_prive", Token: dave}, status: 200, contains: []string{`"membership_status":"invited"`}},
		{name: "bob still does not", req: request{Method: "GET", Path: "/api/v1/groups/velo_prive", Token: bob}, status: 404, code: "not_found"},
		{name: "dave accepts by joining", req: request{Method: "POST", Path: "/api/v1/groups/velo_prive/join", Token: dave}, status: 200, contains: []string{`"status":"active"`}},

		// Discussions.
		{name: "bob starts a discussion", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/discussions", Token: bob, Body: `{"title":"Sortie dimanche","body":"Qui vient ?"}`}, status: 201,
			check: e.save("disc", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Discussion](t, w).ID })},
		{name: "member cannot pin", req: request{Method: "PATCH", Path: "/api/v1/discussions/$disc", Token: bob, Body: `{"pinned":true}`}, status: 403, code: "forbidden"},
		{name: "member cannot lock", req: request{Method: "PATCH", Path: "/api/v1/discussions/$disc", Token: bob, Body: `{"locked":true}`}, status: 403, code: "forbidden"},
		{name: "moderator pins and locks", req: request{Method: "PATCH", Path: "/api/v1/discussions/$disc", Token: carol, Body: `{"pinned":true,"locked":true}`}, status: 200,
			contains: []string{`"pinned":true`, `"locked":true`}},
		{name: "locked: member cannot reply", req: request{Method: "POST", Path: "/api/v1/discussions/$disc/messages", Token: bob, Body: `{"body":"Moi"}`}, status: 403, code: "forbidden"},
		{name: "moderator replies", req: request{Method: "POST", Path: "/api/v1/discussions/$disc/messages", Token: carol, Body: `{"body":"[x](javascript:alert(1)) <img src=x onerror=alert(1)>"}`}, status: 201,
			check: e.save("msg", func(t *testing.T, w *httptest.ResponseRecorder) string {
				m := decodeAs[api.Message](t, w)
				if strings.Contains(m.BodyHTML, "javascript:") || strings.Contains(m.BodyHTML, "onerror") || strings.Contains(m.BodyHTML, "<img") {
					t.Errorf("body_html %q", m.BodyHTML)
				}
				return m.ID
			})},
		{name: "bob cannot edit carol's message", req: request{Method: "PATCH", Path: "/api/v1/messages/$msg", Token: bob, Body: `{"body":"x"}`}, status: 403, code: "forbidden"},
		{name: "thread with messages", req: request{Method: "GET", Path: "/api/v1/discussions/$disc", Token: bob}, status: 200,
			contains: []string{`"message_count":2`, "Qui vient"}},
		{name: "non-member cannot list discussions", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/discussions", Token: dave}, status: 403, code: "forbidden"},
		{name: "visitor cannot list discussions", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/discussions"}, status: 401, code: "unauthorized"},
		{name: "non-member cannot read the thread", req: request{Method: "GET", Path: "/api/v1/discussions/$disc", Token: dave}, status: 403, code: "forbidden", absent: []string{"Qui vient"}},
		{name: "private group's discussions hidden from a stranger", req: request{Method: "GET", Path: "/api/v1/groups/$prive/discussions", Token: bob}, status: 404, code: "not_found"},
		{name: "private group's tasks hidden from a stranger", req: request{Method: "GET", Path: "/api/v1/groups/$prive/tasks", Token: bob}, status: 404, code: "not_found"},
		{name: "private group's resources hidden from a stranger", req: request{Method: "GET", Path: "/api/v1/groups/$prive/resources", Token: bob}, status: 404, code: "not_found"},
		{name: "private group's discussions for its member", req: request{Method: "GET", Path: "/api/v1/groups/$prive/discussions", Token: dave}, status: 200, contains: []string{`"discussions":[]`}},

		// Tasks.
		{name: "task list", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/task-lists", Token: bob, Body: `{"title":"Manif"}`}, status: 201,
			check: e.save("list", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.TaskList](t, w).ID })},
		{name: "task for bob", req: request{Method: "POST", Path: "/api/v1/task-lists/$list/tasks", Token: carol, Body: `{"title":"Banderole","assignee_id":"$bob","due_at":"2030-05-01"}`}, status: 201,
			contains: []string{`"assignee_id":"$bob"`, `"due_at":"2030-05-01T00:00:00Z"`},
			check:    e.save("task", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Task](t, w).ID })},
		{name: "task for a non-member", req: request{Method: "POST", Path: "/api/v1/task-lists/$list/tasks", Token: carol, Body: `{"title":"X","assignee_id":"$dave"}`}, status: 422, code: "invalid", field: "assignee"},
		{name: "bad due date", req: request{Method: "POST", Path: "/api/v1/task-lists/$list/tasks", Token: carol, Body: `{"title":"X","due_at":"demain"}`}, status: 422, code: "invalid", field: "due_at"},
		{name: "bob's tasks", req: request{Method: "GET", Path: "/api/v1/me/tasks", Token: bob}, status: 200, contains: []string{"Banderole", `"handle":"velo_lyon"`}},
		{name: "board for a member", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/tasks", Token: bob}, status: 200, contains: []string{"Manif", "Banderole"}},
		{name: "board hidden from a non-member", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/tasks", Token: dave}, status: 403, code: "forbidden"},
		{name: "non-member cannot change a task", req: request{Method: "PATCH", Path: "/api/v1/tasks/$task", Token: dave, Body: `{"done":true}`}, status: 403, code: "forbidden"},
		{name: "bob marks it done", req: request{Method: "PATCH", Path: "/api/v1/tasks/$task", Token: bob, Body: `{"done":true,"notes":"Faite"}`}, status: 200,
			contains: []string{`"done":true`, `"notes":"Faite"`, `"title":"Banderole"`}},
		{name: "done tasks leave my list", req: request{Method: "GET", Path: "/api/v1/me/tasks", Token: bob}, status: 200, absent: []string{"Banderole"}},

		// Resources.
		{name: "folder", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/resources", Token: bob, Body: `{"kind":"folder","title":"Outils"}`}, status: 201,
			check: e.save("folder", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Resource](t, w).ID })},
		{name: "link in the folder", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/resources", Token: bob, Body: `{"kind":"link","title":"Pad","url":"https://pad.example/p","parent_id":"$folder"}`}, status: 201},
		{name: "javascript link refused", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/resources", Token: bob, Body: `{"kind":"link","title":"X","url":"javascript:alert(1)"}`}, status: 422, code: "invalid", field: "url"},
		{name: "tree", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/resources", Token: carol}, status: 200,
			check: func(t *testing.T, w *httptest.ResponseRecorder) {
				tr := decodeAs[api.ResourceTree](t, w)
				if len(tr.Resources) != 1 || len(tr.Resources[0].Children) != 1 || tr.Resources[0].Children[0].URL != "https://pad.example/p" {
					t.Errorf("tree %+v", tr)
				}
			}},
		{name: "rename the folder", req: request{Method: "PATCH", Path: "/api/v1/resources/$folder", Token: bob, Body: `{"title":"Nos outils"}`}, status: 200, contains: []string{`"title":"Nos outils"`, `"kind":"folder"`}},

		// Posts.
		{name: "members-only post", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/posts", Token: carol, Body: `{"title":"Interne","body":"Code du local","visibility":"members","publish":true}`}, status: 201,
			check: e.save("post", func(t *testing.T, w *httptest.ResponseRecorder) string { return decodeAs[api.Post](t, w).ID })},
		{name: "public post", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/posts", Token: alice, Body: `{"title":"Bienvenue","body":"Venez","publish":true}`}, status: 201},
		{name: "visitor sees the public post only", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/posts"}, status: 200, contains: []string{"Bienvenue"}, absent: []string{"Interne"}},
		{name: "member sees both", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/posts", Token: bob}, status: 200, contains: []string{"Bienvenue", "Interne"}},
		{name: "visitor cannot open the members' post", req: request{Method: "GET", Path: "/api/v1/posts/$post"}, status: 404, code: "not_found"},
		{name: "member cannot edit a post", req: request{Method: "PATCH", Path: "/api/v1/posts/$post", Token: bob, Body: `{"title":"x"}`}, status: 403, code: "forbidden"},
		{name: "moderator edits it", req: request{Method: "PATCH", Path: "/api/v1/posts/$post", Token: carol, Body: `{"title":"Interne (maj)"}`}, status: 200, contains: []string{`"title":"Interne (maj)"`, `"status":"published"`}},

		// Reports and moderation.
		{name: "bob reports the message", req: request{Method: "POST", Path: "/api/v1/reports", Token: bob, Body: `{"target_kind":"message","target_id":"$msg","reason":"Lien piégé"}`}, status: 204},
		{name: "report without a reason", req: request{Method: "POST", Path: "/api/v1/reports", Token: bob, Body: `{"target_kind":"group","target_id":"$velo"}`}, status: 422, code: "invalid", field: "reason"},
		{name: "report of an odd kind", req: request{Method: "POST", Path: "/api/v1/reports", Token: bob, Body: `{"target_kind":"planet","target_id":"$velo","reason":"x"}`}, status: 422, code: "invalid", field: "target_kind"},
		{name: "dave cannot report inside a group he is not in", req: request{Method: "POST", Path: "/api/v1/reports", Token: dave, Body: `{"target_kind":"discussion","target_id":"$disc","reason":"x"}`}, status: 403, code: "forbidden"},
		{name: "moderator bans bob", req: request{Method: "PUT", Path: "/api/v1/groups/velo_lyon/blocks/bob", Token: carol, Body: `{"reason":"spam"}`}, status: 204},
		{name: "bans listed", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/blocks", Token: carol}, status: 200, contains: []string{`"reason":"spam"`, "$bob"}},
		{name: "banned bob cannot join again", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/join", Token: bob}, status: 403, code: "forbidden"},
		{name: "lift the ban", req: request{Method: "DELETE", Path: "/api/v1/groups/velo_lyon/blocks/bob", Token: carol}, status: 204},
		{name: "moderator cannot remove the administrator", req: request{Method: "DELETE", Path: "/api/v1/groups/velo_lyon/members/alice", Token: carol}, status: 403, code: "forbidden"},
		{name: "remove an unknown profile", req: request{Method: "DELETE", Path: "/api/v1/groups/velo_lyon/members/nobody", Token: alice}, status: 404, code: "not_found"},
		{name: "follow the public group", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/follow", Token: dave}, status: 204},
		{name: "follower is not a member", req: request{Method: "GET", Path: "/api/v1/groups/velo_lyon/discussions", Token: dave}, status: 403, code: "forbidden"},
		{name: "unfollow", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/leave", Token: dave}, status: 204},
		{name: "contact the administrators", req: request{Method: "POST", Path: "/api/v1/groups/velo_lyon/contact", Token: dave, Body: `{"message":"Bonjour !"}`}, status: 204},
		{name: "delete by a member", req: request{Method: "DELETE", Path: "/api/v1/groups/velo_discret", Token: dave}, status: 403, code: "forbidden"},
		{name: "delete by the admin", req: request{Method: "DELETE", Path: "/api/v1/groups/velo_discret", Token: alice}, status: 204},
		{name: "deleted", req: request{Method: "GET", Path: "/api/v1/groups/velo_discret", Token: alice}, status: 404, code: "not_found"},
	})
}

func TestGroupImages(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.user("alice"), e.user("bob")
	if w := e.do(request{Method: "POST", Path: "/api/v1/groups", Token: alice, Body: `{"handle":"imgs","name":"Images","visibility":"public","join_mode":"open"}`}); w.Code != 201 {
		t.Fatal(w.Body.String())
	}
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	img.Set(3, 3, color.RGBA{200, 10, 10, 255})
	var b bytes.Buffer
	png.Encode(&b, img)
	pngBody := b.String()
	e.run([]scenario{
		{name: "avatar as raw PNG", req: request{Method: "PUT", Path: "/api/v1/groups/imgs/avatar", Token: alice, Body: pngBody, Header: map[string]string{"Content-Type": "image/png"}}, status: 200,
			contains: []string{`"avatar_url":"` + testBaseURL + `/uploads/`}},
		{name: "banner by a stranger", req: request{Method: "PUT", Path: "/api/v1/groups/imgs/banner", Token: bob, Body: pngBody, Header: map[string]string{"Content-Type": "image/png"}}, status: 403, code: "forbidden"},
		{name: "not an image", req: request{Method: "PUT", Path: "/api/v1/groups/imgs/banner", Token: alice, Body: "GIF89a nope", Header: map[string]string{"Content-Type": "image/gif"}}, status: 422, code: "invalid", field: "banner"},
		{name: "JSON instead of an image", req: request{Method: "PUT", Path: "/api/v1/groups/imgs/banner", Token: alice, Body: `{}`}, status: 415, code: "unsupported_media_type"},
		{name: "too large", req: request{Method: "PUT", Path: "/api/v1/groups/imgs/banner", Token: alice, Body: strings.Repeat("x", 10<<20+1), Header: map[string]string{"Content-Type": "image/png"}}, status: 413, code: "too_large", field: "body"},
		{name: "remove the avatar", req: request{Method: "DELETE", Path: "/api/v1/groups/imgs/avatar", Token: alice}, status: 200, contains: []string{`"avatar_url":""`}},
	})
}
