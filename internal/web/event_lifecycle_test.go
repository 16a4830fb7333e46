package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestEventLifecycle: edit, move (history), cancel (stays visible), series,
// comments, calendar feed tokens and feeds.
func TestEventLifecycle(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Assemblée"}, "place_area": {"Rennes"}, "place": {"Salle A"}, "repeat": {"monthly_weekday"}, "tags": {"climat, vélo"}})
	r := a.get(org, "/events/"+id+"/edit")
	mustContain(t, r, "Cette date et les suivantes", ">Salle A</textarea>")
	f := url.Values{}
	for _, k := range []string{"title", "start", "tz", "place_area", "visibility", "join_mode", "status"} {
		if m := regexp.MustCompile(`name="` + k + `" value="([^"]*)"`).FindStringSubmatch(r.body); m != nil {
			f.Set(k, m[1])
		}
	}
	f.Set("tz", "Europe/Paris")
	f.Set("visibility", "public")
	f.Set("place", "Salle B")
	f.Set("tags", "climat, vélo")
	f.Set("publish", "1")
	f.Set("start", when(49*time.Hour))
	if r := a.post(org, "/events/"+id+"/edit", f); r.code != 303 {
		t.Fatalf("edit: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.get(a.visitor(), "/events/"+id)
	mustContain(t, r, "Historique", "Salle A", "Salle B", "Prochaines dates", "#climat")

	c := a.signIn("commenter@example.org")
	if r := a.post(c, "/events/"+id+"/comments", url.Values{"body": {"On apporte à manger ?"}}); r.code != 303 {
		t.Fatalf("comment: %d", r.code)
	}
	if r := a.post(c, "/events/"+id+"/comments", url.Values{"body": {"  "}}); r.code != 422 {
		t.Errorf("empty comment: %d", r.code)
	}
	if r := a.post(org, "/events/"+id+"/comments/close", url.Values{"closed": {"1"}}); r.code != 303 {
		t.Fatal("close comments")
	}
	r = a.get(c, "/events/"+id)
	mustContain(t, r, "On apporte à manger ?", "Les commentaires sont fermés.")

	r = a.get(org, "/events/"+id+"/cancel")
	mustContain(t, r, "Cette date seulement")
	if r := a.post(org, "/events/"+id+"/cancel", url.Values{"scope": {"this"}}); r.code != 303 {
		t.Fatalf("cancel: %d", r.code)
	}
	r = a.get(a.visitor(), "/events/"+id)
	if r.code != 200 {
		t.Fatalf("cancelled page: %d", r.code)
	}
	mustContain(t, r, "Cet événement est annulé", "EventCancelled", "déplacé de Confirmé à Annulé")

	// Feeds.
	for _, p := range []string{"/feeds/events.ics", "/feeds/events.atom", "/events/" + id + ".ics"} {
		r := a.get(a.visitor(), p)
		if r.code != 200 || !(strings.HasPrefix(r.h.Get("Content-Type"), "text/calendar") || strings.Contains(r.h.Get("Content-Type"), "atom")) {
			t.Errorf("%s: %d %q", p, r.code, r.h.Get("Content-Type"))
		}
	}
	r = a.post(org, "/settings/calendar", url.Values{})
	m := regexp.MustCompile(`value="http://[^"]+(/feeds/my/[^"]+\.ics)"`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no feed URL\n%s", excerpt(r.body))
	}
	if r := a.get(a.visitor(), m[1]); r.code != 200 || !strings.Contains(r.body, "BEGIN:VCALENDAR") {
		t.Errorf("my feed: %d", r.code)
	}
	fid := regexp.MustCompile(`/settings/calendar/([0-9A-Z]{26})/revoke`).FindStringSubmatch(a.get(org, "/settings/calendar").body)[1]
	a.post(org, "/settings/calendar/"+fid+"/revoke", url.Values{"confirmed": {"1"}})
	if r := a.get(a.visitor(), m[1]); r.code != 404 {
		t.Errorf("revoked feed: %d", r.code)
	}
}

// TestEventSearch: discovery by text, place and dates; bad input is told
// next to the field.
func TestEventSearch(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	a.createEvent(org, url.Values{"title": {"Défilé à Saint-Étienne"}, "place_area": {"Saint-Étienne"}, "lat": {"45.43"}, "lon": {"4.39"}})
	a.createEvent(org, url.Values{"title": {"Réunion à Brest"}, "place_area": {"Brest"}, "lat": {"48.39"}, "lon": {"-4.49"}})
	v := a.visitor()
	for _, c := range []struct {
		q       string
		code    int
		has     []string
		hasNot  []string
		errText string
	}{
		{"", 200, []string{"Défilé à Saint-Étienne", "Réunion à Brest"}, nil, ""},
		{"q=defile", 200, []string{"Défilé à Saint-Étienne"}, []string{"Réunion à Brest"}, ""},
		{"near=saint+etienne", 200, []string{"Défilé à Saint-Étienne", " km"}, []string{"Réunion à Brest"}, ""},
		{"near=48.4,-4.5&radius=50", 200, []string{"Réunion à Brest"}, []string{"Défilé"}, ""},
		{"near=Atlantis", 422, nil, nil, "Ce lieu n’est pas une commune française connue"},
		{"near=Brest&radius=-1", 422, nil, nil, "rayon"},
		{"from=hier", 422, nil, nil, "Date ou heure illisible"},
		{"from=2030-01-02&to=2030-01-01", 422, nil, nil, ""},
		{"page=99999999999", 200, nil, nil, ""},
		{"q=" + url.QueryEscape(strings.Repeat("é", 5000)), 200, nil, nil, ""},
		{"q=%00", 422, nil, nil, ""},
		{"group=nobody", 422, nil, nil, ""},
	} {
		r := a.get(v, "/events?"+c.q)
		if r.code != c.code {
			t.Errorf("%s: %d, want %d\n%s", c.q, r.code, c.code, excerpt(r.body))
			continue
		}
		mustContain(t, r, c.has...)
		mustLack(t, r, c.hasNot...)
		if c.errText != "" {
			mustContain(t, r, c.errText)
		}
		if r.h.Get("Set-Cookie") != "" {
			t.Errorf("%s sets a cookie", c.q)
		}
	}
}

// TestEventHome: the home page lists upcoming public events and groups,
// near a place the visitor types, without setting a cookie.
func TestEventHome(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	a.createEvent(org, url.Values{"title": {"Vélo-école à Lille"}, "place_area": {"Lille"}, "lat": {"50.63"}, "lon": {"3.06"}})
	a.createEvent(org, url.Values{"title": {"Marche à Nice"}, "place_area": {"Nice"}, "lat": {"43.7"}, "lon": {"7.26"}})
	a.createEvent(org, url.Values{"title": {"Brouillon secret"}, "place_area": {"Lille"}, "visibility": {"unlisted"}})
	v := a.visitor()
	for _, c := range []struct {
		q        string
		has, not []string
	}{
		{"", []string{"Vélo-école à Lille", "Marche à Nice", `href="/events"`}, []string{"Brouillon secret"}},
		{"?near=lille", []string{"Vélo-école à Lille", " km"}, []string{"Marche à Nice"}},
		{"?near=43.7,7.25", []string{"Marche à Nice"}, []string{"Vélo-école"}},
		{"?near=Atlantis", []string{"Ce lieu n’est pas une commune française connue"}, nil},
		{"?near=%00%ff", nil, nil},
	} {
		r := a.get(v, "/"+c.q)
		if r.code != 200 || r.h.Get("Set-Cookie") != "" {
			t.Errorf("%q: %d cookie %q", c.q, r.code, r.h.Get("Set-Cookie"))
		}
		mustContain(t, r, c.has...)
		mustLack(t, r, c.not...)
	}
	if r := a.get(v, "/@orga/events.ics"); r.code != 404 {
		t.Errorf("profile events.ics: %d", r.code)
	}
}

// TestEventGroups: an event organised with a group shows in the group's
// feeds; another group invited to co-organise is accepted by its
// administrator on the invitations page.
func TestEventGroups(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	ctx := context.Background()
	org := a.signIn("orga@example.org")
	other := a.signIn("admin2@example.org")
	g1, err := a.Service.CreateGroup(ctx, a.actor(org), service.GroupInput{Handle: "velo_lyon", Name: "Vélo Lyon", Visibility: cortege.VisibilityPublic, JoinMode: "open"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.CreateGroup(ctx, a.actor(other), service.GroupInput{Handle: "climat_lyon", Name: "Climat Lyon", Visibility: cortege.VisibilityPublic, JoinMode: "open"}); err != nil {
		t.Fatal(err)
	}
	r := a.get(org, "/events/new")
	mustContain(t, r, `<option value="`+g1.ID+`"`, "Vélo Lyon")
	id := a.createEvent(org, url.Values{"title": {"Critical mass"}, "place_area": {"Lyon"}, "group": {g1.ID}})
	r = a.get(a.visitor(), "/events/"+id)
	mustContain(t, r, `href="/@velo_lyon"`, `href="/@velo_lyon/events.atom"`)
	for _, p := range []string{"/@velo_lyon/events.ics", "/@velo_lyon/events.atom"} {
		r := a.get(a.visitor(), p)
		if r.code != 200 || !strings.Contains(r.body, "Critical mass") {
			t.Errorf("%s: %d", p, r.code)
		}
	}
	if r := a.get(a.visitor(), "/@nobody_group/events.ics"); r.code != 404 {
		t.Errorf("unknown group feed: %d", r.code)
	}

	r = a.post(org, "/events/"+id+"/organisers", url.Values{"handle": {"@nope_nope"}})
	if r.code != 422 {
		t.Errorf("unknown group: %d", r.code)
	}
	if r := a.post(org, "/events/"+id+"/organisers", url.Values{"handle": {"@climat_lyon"}}); r.code != 303 {
		t.Fatalf("invite group: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.get(other, "/events/invitations")
	mustContain(t, r, "Climat Lyon", "Critical mass")
	gid := regexp.MustCompile(`name="group" value="([0-9A-Z]{26})"`).FindStringSubmatch(r.body)[1]
	if r := a.post(other, "/events/invitations", url.Values{"event": {id}, "group": {gid}, "accept": {"1"}}); r.code != 303 {
		t.Fatalf("accept: %d", r.code)
	}
	r = a.get(a.visitor(), "/events/"+id)
	mustContain(t, r, `href="/@climat_lyon"`)
}

// TestEventAdminSettings: the administrator turns creation without an
// account off; visitors are then sent to sign in.
func TestEventAdminSettings(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	adm := a.admin("root@example.org")
	if r := a.get(a.signIn("x@example.org"), "/admin/events"); r.code != 403 {
		t.Errorf("non-admin: %d", r.code)
	}
	r := a.get(adm, "/admin/events")
	mustContain(t, r, `name="anonymous" value="1" checked`, "CC BY-NC-SA 4.0")
	if r := a.post(adm, "/admin/events", url.Values{"default_tz": {"Nowhere/Land"}}); r.code != 422 {
		t.Errorf("bad zone: %d", r.code)
	}
	if r := a.post(adm, "/admin/events", url.Values{"default_tz": {"America/Montreal"}, "photo_licence": {"CC BY 4.0"}}); r.code != 303 {
		t.Fatalf("save: %d", r.code)
	}
	v := a.visitor()
	if r := a.get(v, "/events/new"); r.code != 303 || !strings.HasPrefix(r.h.Get("Location"), "/login") {
		t.Errorf("anonymous creation off: %d %q", r.code, r.h.Get("Location"))
	}
	if r := a.post(v, "/events", url.Values{"email": {"a@example.org"}, "title": {"x"}, "start": {when(time.Hour)}}); r.code != 303 {
		t.Errorf("anonymous post: %d", r.code)
	}
	r = a.get(a.signIn("y@example.org"), "/events/new")
	mustContain(t, r, `<option value="America/Montreal" selected>`)
}

// TestEventPictures: the event picture on creation and participants'
// photos after the start are re-encoded uploads; anything else is told
// next to the field.
func TestEventPictures(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	img := evPNG(t)
	r := a.multipart(org, "/events", map[string]string{"title": "Pique-nique", "start": when(30 * time.Minute), "tz": "Europe/Paris", "publish": "1", "place_area": "Rennes"}, "picture", img)
	if r.code != 303 {
		t.Fatalf("create with picture: %d\n%s", r.code, excerpt(r.body))
	}
	id := strings.TrimPrefix(strings.Split(r.h.Get("Location"), "?")[0], "/events/")
	r = a.get(a.visitor(), "/events/"+id)
	if !regexp.MustCompile(`class="event-picture" src="/uploads/[0-9a-f]+\.(png|jpg)"`).MatchString(r.body) {
		t.Errorf("no picture on the page")
	}
	r = a.multipart(org, "/events", map[string]string{"title": "Autre", "start": when(time.Hour), "tz": "Europe/Paris"}, "picture", []byte("not an image"))
	if r.code != 422 || !strings.Contains(r.body, `id="f-event-picture-error"`) {
		t.Errorf("bad picture: %d", r.code)
	}

	a.Clock.Advance(time.Hour) // the event has started: photos are welcome
	p := a.signIn("pat@example.org")
	if r := a.post(p, "/events/"+id+"/join", url.Values{}); r.code != 303 && r.code != 422 {
		t.Fatalf("join: %d", r.code)
	}
	r = a.multipart(org, "/events/"+id+"/photos", map[string]string{"caption": "Tout le monde"}, "photo", img)
	if r.code != 303 {
		t.Fatalf("photo: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.multipart(org, "/events/"+id+"/photos", map[string]string{"caption": "x"}, "photo", []byte("GIF89a nope"))
	if r.code != 422 || !strings.Contains(r.body, `id="f-photo-photo-error"`) {
		t.Errorf("bad photo: %d", r.code)
	}
	r = a.get(a.visitor(), "/events/"+id)
	mustContain(t, r, "Tout le monde", "CC BY-NC-SA 4.0")
	pid := regexp.MustCompile(`/photos/([0-9A-Z]{26})/hide`).FindStringSubmatch(a.get(org, "/events/"+id).body)[1]
	if r := a.post(p, "/events/"+id+"/photos/"+pid+"/hide", url.Values{"hidden": {"1"}}); r.code != 403 {
		t.Errorf("participant hiding a photo: %d", r.code)
	}
	a.post(org, "/events/"+id+"/photos/"+pid+"/hide", url.Values{"hidden": {"1"}})
	mustLack(t, a.get(a.visitor(), "/events/"+id), "Tout le monde")
	if r := a.post(org, "/events/"+id+"/report", url.Values{"report": {"Belle journée, **merci** !"}}); r.code != 303 {
		t.Errorf("report: %d", r.code)
	}
	mustContain(t, a.get(a.visitor(), "/events/"+id), "<strong>merci</strong>")
}

// multipart posts a form with one file.
func (a *evApp) multipart(u *user, path string, fields map[string]string, file string, data []byte) res {
	a.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile(file, "image.png")
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, a.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Accept-Language", "fr")
	r, err := u.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	if r.StatusCode >= 500 && r.StatusCode != http.StatusServiceUnavailable { // 503: the decoder is busy
		a.t.Fatalf("POST %s: %d", path, r.StatusCode)
	}
	return res{code: r.StatusCode, body: string(body), h: r.Header}
}

func evPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := 0; x < 40; x++ {
		for y := 0; y < 30; y++ {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestEventGarbage posts junk to every events form as every kind of
// visitor: the answer may refuse, never fail (no 500).
func TestEventGarbage(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Cible"}, "place_area": {"Metz"}, "questions": {"Q ? | a | b"}})
	junk := []string{"", "\x00", strings.Repeat("x", 70000), "é\xff", "../../etc/passwd", "-1", "1e309", "NaN", "<script>alert(1)</script>"}
	paths := []string{
		"/events", "/events/manage", "/events/participation/confirm", "/events/participation/cancel", "/events/participation/unsubscribe",
		"/events/" + id + "/join", "/events/" + id + "/leave", "/events/" + id + "/updates", "/events/" + id + "/comments",
		"/events/" + id + "/comments/NOPE/delete", "/events/" + id + "/flag", "/events/" + id + "/photos", "/events/" + id + "/edit",
		"/events/" + id + "/publish", "/events/" + id + "/cancel", "/events/" + id + "/comments/close", "/events/" + id + "/report",
		"/events/" + id + "/photos/NOPE/hide", "/events/" + id + "/participants/NOPE/approve", "/events/" + id + "/participants/NOPE/dance",
		"/events/" + id + "/invite", "/events/" + id + "/announce", "/events/" + id + "/checkin", "/events/" + id + "/organisers",
		"/events/" + id + "/organisers/NOPE/remove", "/events/invitations", "/settings/calendar/NOPE/revoke", "/admin/events",
	}
	fields := []string{"title", "start", "end", "tz", "capacity", "lat", "lon", "email", "name", "token", "action", "body", "reason", "kind",
		"target", "message", "handle", "audience", "subject", "code", "pid", "group", "event", "accept", "scope", "report", "questions", "repeat", "interval", "until", "id", "published", "closed", "hidden", "on"}
	for _, u := range []*user{a.visitor(), a.signIn("other@example.org"), org} {
		for _, p := range paths {
			for _, j := range junk {
				f := url.Values{}
				for _, k := range fields {
					f.Set(k, j)
				}
				r := a.post(u, p+"?token="+url.QueryEscape(j), f) // a.post fails the test on 5xx
				if r.code == 0 {
					t.Fatal("no answer")
				}
			}
		}
	}
	for _, p := range []string{"/events?page=-1&from=" + url.QueryEscape("\x00"), "/events/" + id + "?token=" + strings.Repeat("A", 43), "/events/" + id + ".ics?token=x", "/?near=" + strings.Repeat("%25", 300)} {
		a.get(a.visitor(), p)
	}
	if r := a.get(org, "/events/"+id); r.code != 200 || strings.Contains(r.body, "<script>alert") {
		t.Errorf("event page after junk: %d", r.code)
	}
}

// TestEventWaitingList: with one place, the next people wait in order and
// move up when a place frees.
func TestEventWaitingList(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Visite"}, "place_area": {"Arles"}, "capacity": {"1"}})
	var us []*user
	for _, e := range []string{"u1@example.org", "u2@example.org", "u3@example.org"} {
		u := a.signIn(e)
		r := a.post(u, "/events/"+id+"/join", url.Values{})
		if r.code != 303 {
			t.Fatalf("join: %d", r.code)
		}
		us = append(us, u)
	}
	if loc := a.post(a.signIn("u4@example.org"), "/events/"+id+"/join", url.Values{}).h.Get("Location"); !strings.Contains(loc, "ok=event_waitlisted") {
		t.Errorf("fourth: %q", loc)
	}
	r := a.get(org, "/events/"+id+"/participants?status=waitlisted")
	mustContain(t, r, "n° 1", "n° 2", "n° 3")
	mustContain(t, a.get(us[1], "/events/"+id), "Liste d’attente")
	if r := a.post(us[0], "/events/"+id+"/leave", url.Values{"confirmed": {"1"}}); r.code != 303 {
		t.Fatalf("leave: %d", r.code)
	}
	mustContain(t, a.get(us[1], "/events/"+id), "Vous participez.")
	mustContain(t, a.get(us[2], "/events/"+id), "Liste d’attente")
	if r := a.post(us[0], "/events/"+id+"/leave", url.Values{"confirmed": {"1"}}); r.code != 404 {
		t.Errorf("leave twice: %d", r.code)
	}
}

// BenchmarkEventPage measures the public page of an event with comments
// and the events search page.
func BenchmarkEventPage(b *testing.B) {
	a := newEvApp(b)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Banc d’essai"}, "place_area": {"Lyon"}, "lat": {"45.76"}, "lon": {"4.83"}, "description": {"Du **texte** et une [lien](https://example.org)."}})
	for i := range 20 {
		a.post(org, "/events/"+id+"/comments", url.Values{"body": {"Commentaire " + strconv.Itoa(i)}})
	}
	v := a.visitor()
	b.Run("event", func(b *testing.B) {
		for b.Loop() {
			if r := a.get(v, "/events/"+id); r.code != 200 {
				b.Fatal(r.code)
			}
		}
	})
	b.Run("search-near", func(b *testing.B) {
		for b.Loop() {
			if r := a.get(v, "/events?near=45.7,4.8"); r.code != 200 {
				b.Fatal(r.code)
			}
		}
	})
}
