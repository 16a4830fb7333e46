package web_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

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
		{name: "cannot delete another's", method: "POST", path: thread + "/messages/" + first + "/delete", as: "bob", form: vals("confirmed", "1"), status: 403},
		{name: "edited shows", path: thread, as: "bob", status: 200, contains: []string{"Message de bob, corrigé", "modifié"}},
		{name: "moderator deletes bob's", method: "POST", path: thread + "/messages/" + bobs + "/delete", as: "alice", form: vals("confirmed", "1"), status: 303},
		{name: "deleted keeps its place", path: thread, as: "bob", status: 200, contains: []string{"Message supprimé."}, absent: []string{"corrigé"}},
		{name: "done", method: "POST", path: "/@velo/tasks/" + task + "/done", as: "bob", form: vals("done", "1"), status: 303},
		{name: "done shows", path: "/@velo/tasks", as: "bob", status: 200, contains: []string{"is-done", `aria-pressed="true"`}},
		{name: "not on my dashboard once done", path: "/dashboard", as: "bob", status: 200, absent: []string{"Gonfler les pneus"}},
		{name: "undone", method: "POST", path: "/@velo/tasks/" + task + "/done", as: "bob", form: vals("done", "0", "next", "/tasks"), status: 303, location: "/tasks?ok=task_saved"},
		{name: "back in my tasks", path: "/tasks", as: "bob", status: 200, contains: []string{"Gonfler les pneus"}},
		{name: "reassign to a stranger", method: "POST", path: "/@velo/tasks/" + task + "/edit", as: "bob", form: vals("title", "Gonfler", "assignee", id["carol"]), status: 422, contains: []string{"alert-error"}},
		{name: "stranger cannot tick", method: "POST", path: "/@velo/tasks/" + task + "/done", as: "carol", form: vals("done", "1"), status: 403},
		{name: "open a note", path: "/@velo/resources?open=" + note, as: "bob", status: 200, contains: []string{"<strong>décidé</strong>"}},
		{name: "stranger cannot delete a resource", method: "POST", path: "/@velo/resources/" + note + "/delete", as: "carol", form: vals("confirmed", "1"), status: 403},
		{name: "delete the note", method: "POST", path: "/@velo/resources/" + note + "/delete", as: "bob", form: vals("confirmed", "1"), status: 303},
		{name: "handover then leave", method: "POST", path: "/@velo/members/" + id["bob"] + "/role", as: "alice", form: vals("role", "administrator"), status: 303},
		{name: "block a stranger", method: "POST", path: "/@velo/members/" + id["carol"] + "/block", as: "alice", form: vals("reason", "insultes"), status: 303},
		{name: "the log says who blocked whom", path: "/@velo/members", as: "alice", status: 200, contains: []string{"Blocage dans un groupe", "insultes", "@carol"}},
		{name: "blocked stranger cannot join", method: "POST", path: "/@velo/join", as: "carol", form: vals(), status: 403},
		{name: "alice can leave now", method: "POST", path: "/@velo/leave", as: "alice", form: vals("confirmed", "1"), status: 303, location: "/@velo?ok=group_left"},
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
	if status != 200 || !strings.Contains(body, "2 invitations envoyées") || !strings.Contains(body, "<td>3</td>") || !strings.Contains(body, "pas-une-adresse") {
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
	w.app.Clock.Advance(5 * 24 * time.Hour)
	w.run([]groupCase{
		{name: "the event is past now", path: "/@velo", status: 200, contains: []string{`id="g-past"`, `href="/events/` + e.ID + `"`}, absent: []string{"Plus anciens"}},
		{name: "past pages", path: "/@velo?past=2", status: 200, contains: []string{"Plus récents"}},
		{name: "past page nonsense", path: "/@velo?past=-3%00", status: 200},
	})
}
