package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// evApp is a testkit.App with helpers for the events' HTTP scenarios.
type evApp struct {
	*testkit.App
	t testing.TB
}

func newEvApp(t testing.TB) *evApp { return &evApp{App: testkit.NewApp(t), t: t} }

// user is a browser: a client with its own cookies (signed in or not).
type user struct {
	c      *http.Client
	secret string
	email  string
}

func (a *evApp) visitor() *user {
	jar, _ := cookiejar.New(nil)
	return &user{c: &http.Client{Jar: jar, Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signIn goes through the magic link and returns a signed-in browser.
func (a *evApp) signIn(email string) *user {
	a.t.Helper()
	ctx := context.Background()
	if err := a.Service.RequestLogin(ctx, cortege.Actor{IP: "192.0.2.7"}, email, "fr"); err != nil {
		a.t.Fatal(err)
	}
	a.Drain(a.t)
	u, _ := url.Parse(a.LastLink(a.t, email, "/login/confirm"))
	secret, _, err := a.Service.ConfirmLogin(ctx, cortege.Actor{IP: "192.0.2.7"}, u.Query().Get("token"))
	if err != nil {
		a.t.Fatal(err)
	}
	testkit.IdentifySession(a.t, a.Service, secret)
	v := a.visitor()
	base, _ := url.Parse(a.URL)
	v.c.Jar.SetCookies(base, []*http.Cookie{{Name: "cortege_session", Value: secret, Path: "/"}})
	v.secret, v.email = secret, email
	return v
}

func (a *evApp) actor(u *user) cortege.Actor {
	a.t.Helper()
	act, err := a.Service.SessionActor(context.Background(), u.secret, "192.0.2.7")
	if err != nil {
		a.t.Fatal(err)
	}
	return act
}

// res is a response read whole.
type res struct {
	code int
	body string
	h    http.Header
}

func (a *evApp) get(u *user, path string) res {
	a.t.Helper()
	return a.send(u, http.MethodGet, path, nil)
}

func (a *evApp) post(u *user, path string, form url.Values) res {
	a.t.Helper()
	return a.send(u, http.MethodPost, path, form)
}

func (a *evApp) send(u *user, method, path string, form url.Values) res {
	a.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, a.URL+path, body)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Accept-Language", "fr")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	r, err := u.c.Do(req)
	if err != nil {
		a.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	if r.StatusCode >= 500 {
		a.t.Fatalf("%s %s: %d\n%s", method, path, r.StatusCode, excerpt(string(b)))
	}
	if tt, ok := a.t.(*testing.T); ok && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		checkCSPSafe(tt, string(b))
	}
	return res{code: r.StatusCode, body: string(b), h: r.Header}
}

// mailPath is the path and query of the last link to addr containing substr.
func (a *evApp) mailPath(addr, substr string) string {
	a.t.Helper()
	a.Drain(a.t)
	u, err := url.Parse(a.LastLink(a.t, addr, substr))
	if err != nil {
		a.t.Fatal(err)
	}
	return u.RequestURI()
}

// when is a datetime-local value d from now in Paris.
func when(d time.Duration) string {
	loc, _ := time.LoadLocation("Europe/Paris")
	return time.Now().Add(d).In(loc).Format("2006-01-02T15:04")
}

// createEvent posts the form signed in and returns the new event's ID.
func (a *evApp) createEvent(u *user, f url.Values) string {
	a.t.Helper()
	if f.Get("start") == "" {
		f.Set("start", when(48*time.Hour))
	}
	f.Set("publish", "1")
	r := a.post(u, "/events", f)
	if r.code != http.StatusSeeOther {
		a.t.Fatalf("create: %d\n%s", r.code, excerpt(r.body))
	}
	loc := r.h.Get("Location")
	id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/events/")
	if id == "" || strings.Contains(id, "/") {
		a.t.Fatalf("create: Location %q", loc)
	}
	return id
}

func mustContain(t *testing.T, r res, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(r.body, w) {
			t.Errorf("body lacks %q (status %d)\n%s", w, r.code, excerpt(r.body))
		}
	}
}

func mustLack(t *testing.T, r res, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(r.body, b) {
			t.Errorf("body contains %q", b)
		}
	}
}

// TestEventWithoutAccount: a visitor creates an event with an address only,
// confirms it from the mail, manages it by the private link; another joins
// anonymously, confirms, and cancels from the link in the mail.
func TestEventWithoutAccount(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	v := a.visitor()

	r := a.get(v, "/events/new")
	if r.code != 200 || r.h.Get("Set-Cookie") != "" {
		t.Fatalf("form: %d cookie %q", r.code, r.h.Get("Set-Cookie"))
	}
	mustContain(t, r, `name="email"`, `name="title"`, `type="datetime-local"`, `<option value="Europe/Paris" selected>`)

	r = a.post(v, "/events", url.Values{"email": {"ana@example.org"}, "title": {"Vélorution de printemps"}, "start": {when(72 * time.Hour)},
		"tz": {"Europe/Paris"}, "place_area": {"Lyon"}, "place": {"Place Bellecour"}, "publish": {"1"}, "visibility": {"public"}, "join_mode": {"free"}})
	// A redirect (a reload makes no second event), no cookie.
	if r.code != 303 || r.h.Get("Location") != "/events/sent" || r.h.Get("Set-Cookie") != "" {
		t.Fatalf("create: %d %q\n%s", r.code, r.h.Get("Location"), excerpt(r.body))
	}
	mustContain(t, a.get(v, "/events/sent"), "Vérifiez votre messagerie", "l’adresse indiquée")

	// The mailed link is exchanged for a session and the clean page.
	manage := a.mailPath("ana@example.org", "/events/manage")
	tok := strings.TrimPrefix(manage, "/events/manage?token=")
	r = a.get(v, manage)
	page := r.h.Get("Location")
	m := regexp.MustCompile(`^/events/([0-9A-Z]{26})/manage$`).FindStringSubmatch(page)
	if r.code != 303 || m == nil || r.h.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("open the link: %d %q %q", r.code, page, r.h.Get("Referrer-Policy"))
	}
	id := m[1]
	r = a.get(v, page)
	mustContain(t, r, `value="confirm"`, "Vélorution de printemps")
	mustLack(t, r, tok)
	if got := a.get(v, "/events?q=velorution"); strings.Contains(got.body, "Vélorution de printemps") {
		t.Error("unconfirmed event listed")
	}
	r = a.post(v, page, url.Values{"action": {"confirm"}})
	if r.code != http.StatusSeeOther || r.h.Get("Location") != page+"?ok=event_confirmed" {
		t.Fatalf("confirm: %d %q", r.code, r.h.Get("Location"))
	}
	r = a.get(v, page)
	mustContain(t, r, "/events/"+id+"/edit", "/events/"+id+"/participants", "/events/"+id+"/checkin")
	mustLack(t, r, tok, "?token=")
	r = a.get(v, "/events?q=velorution")
	mustContain(t, r, "Vélorution de printemps", `href="/events/`+id+`"`)

	// The session holder edits (organiser by link); a stranger cannot.
	r = a.get(v, "/events/"+id+"/edit")
	mustContain(t, r, `value="Vélorution de printemps"`)
	if r := a.get(a.visitor(), "/events/"+id+"/edit"); r.code != 403 && r.code != 303 {
		t.Errorf("stranger edit: %d", r.code)
	}

	// A second visitor joins anonymously: a redirect, no cookie.
	b := a.visitor()
	r = a.post(b, "/events/"+id+"/join", url.Values{"name": {"Bruno"}, "email": {"bruno@example.org"}})
	if r.code != 303 || r.h.Get("Location") != "/events/"+id+"?ok=event_join_sent#participation" || r.h.Get("Set-Cookie") != "" {
		t.Fatalf("join: %d %q\n%s", r.code, r.h.Get("Location"), excerpt(r.body))
	}
	mustContain(t, a.get(b, "/events/"+id+"?ok=event_join_sent"), "Regardez votre boîte mail")
	confirm := a.mailPath("bruno@example.org", "/events/participation/confirm")
	reg := "/events/" + id + "/registration"
	if r = a.get(b, confirm); r.code != 303 || r.h.Get("Location") != reg {
		t.Fatalf("confirmation link: %d %q", r.code, r.h.Get("Location"))
	}
	r = a.get(b, reg)
	mustContain(t, r, "Je confirme", `action="`+reg+`/confirm"`)
	mustLack(t, r, "token")
	if r = a.post(b, reg+"/confirm", url.Values{}); r.code != 303 || r.h.Get("Location") != reg+"?ok=registration_confirmed" {
		t.Fatalf("confirm: %d %q", r.code, r.h.Get("Location"))
	}
	mustContain(t, a.get(b, reg+"?ok=registration_confirmed"), "Votre inscription est confirmée", "Accepté", "Annuler ma participation", reg+"/ticket.png")

	// The cancel link of the mails opens the same page, in any browser.
	cancel := a.mailPath("bruno@example.org", "/events/participation/cancel")
	b2 := a.visitor()
	if r = a.get(b2, cancel); r.code != 303 || r.h.Get("Location") != reg {
		t.Fatalf("cancel link: %d %q", r.code, r.h.Get("Location"))
	}
	mustContain(t, a.get(b2, reg), "Annuler ma participation")
	if png := a.get(b2, reg+"/ticket.png"); png.code != 200 || png.h.Get("Content-Type") != "image/png" {
		t.Errorf("ticket png: %d %q", png.code, png.h.Get("Content-Type"))
	}
	if png := a.get(a.visitor(), strings.Replace(cancel, "/cancel?", "/ticket.png?", 1)); png.code != 200 {
		t.Errorf("ticket png by the older link: %d", png.code)
	}
	if r := a.get(a.visitor(), reg); r.code != http.StatusGone {
		t.Errorf("registration page without its session: %d", r.code)
	}
	if r = a.post(b2, reg+"/cancel", url.Values{}); r.code != 303 {
		t.Fatalf("cancel: %d", r.code)
	}
	mustContain(t, a.get(b2, reg), "Participation annulée")

	unsub := a.mailPath("bruno@example.org", "/events/participation/unsubscribe")
	r = a.get(b, unsub)
	mustContain(t, r, "Me désabonner")
	q, _ := url.ParseQuery(strings.SplitN(unsub, "?", 2)[1])
	r = a.post(b, "/events/participation/unsubscribe?"+q.Encode(), url.Values{"List-Unsubscribe": {"One-Click"}})
	if r.code != 200 {
		t.Errorf("one-click unsubscribe: %d", r.code)
	}

	// The session holder's organiser pages; older links with ?token= are
	// exchanged and redirected to the same page without it.
	for _, p := range []string{"/participants", "/announce", "/checkin", "/cancel", ".ics"} {
		if r := a.get(v, "/events/"+id+p); r.code != 200 {
			t.Errorf("%s by session: %d", p, r.code)
		}
	}
	mustContain(t, a.get(v, "/events/"+id+"/participants"), "Bruno", "bruno@example.org", "Annulé")
	old := a.visitor()
	r = a.get(old, "/events/"+id+"/participants?token="+url.QueryEscape(tok)+"&status=cancelled")
	if r.code != 303 || r.h.Get("Location") != "/events/"+id+"/participants?status=cancelled" {
		t.Fatalf("older link: %d %q", r.code, r.h.Get("Location"))
	}
	mustContain(t, a.get(old, "/events/"+id+"/participants?status=cancelled"), "Bruno")

	// Attaching the event to an account: the link and its sessions stop.
	if r := a.post(a.visitor(), "/events/manage", url.Values{"token": {tok}, "action": {"claim"}}); r.code != 303 || !strings.HasPrefix(r.h.Get("Location"), "/login") {
		t.Errorf("claim without account: %d %q", r.code, r.h.Get("Location"))
	}
	owner := a.signIn("ana@example.org")
	if r = a.get(owner, manage); r.code != 303 {
		t.Fatalf("owner opens the link: %d", r.code)
	}
	r = a.post(owner, page, url.Values{"action": {"claim"}})
	if r.code != 303 || r.h.Get("Location") != "/events/"+id+"?ok=event_claimed" {
		t.Fatalf("claim: %d %q", r.code, r.h.Get("Location"))
	}
	if r := a.get(v, manage); r.code != http.StatusGone {
		t.Errorf("manage link after claim: %d", r.code)
	}
	if r := a.get(v, page); r.code != http.StatusGone || !strings.Contains(r.body, "Rouvrez ce lien") {
		t.Errorf("manage session after claim: %d", r.code)
	}
	if r := a.get(v, "/events/"+id+"/edit"); r.code == 200 {
		t.Error("the session still edits after the claim")
	}
	mustContain(t, a.get(owner, "/events/"+id), "/events/"+id+"/edit")
}

// TestEventLinksRefused: unusable links answer a clear page, never 500.
func TestEventLinksRefused(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	v := a.visitor()
	bad := "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	for _, c := range []struct{ method, path string }{
		{"GET", "/events/participation/confirm?token=" + bad},
		{"GET", "/events/participation/confirm"},
		{"POST", "/events/participation/confirm"},
		{"GET", "/events/participation/cancel?token=x%00y"},
		{"POST", "/events/participation/cancel"},
		{"GET", "/events/participation/ticket.png?token=" + bad},
		{"GET", "/events/participation/unsubscribe?id=X&token=" + bad},
		{"POST", "/events/participation/unsubscribe?id=X&token=" + bad},
		{"GET", "/events/manage?token=" + bad},
		{"POST", "/events/manage"},
	} {
		var form url.Values
		if c.method == "POST" {
			form = url.Values{"token": {bad}}
		}
		r := a.send(v, c.method, c.path, form)
		if r.code != http.StatusGone && r.code != http.StatusBadRequest {
			t.Errorf("%s %s: %d", c.method, c.path, r.code)
		}
		if r.code == http.StatusGone {
			mustContain(t, r, "Ce lien ne fonctionne pas")
		}
	}
	for _, p := range []string{"/feeds/my/" + bad + ".ics", "/feeds/my/nope", "/events/NOPE", "/events/NOPE.ics", "/events/NOPE/checkin"} {
		if r := a.get(v, p); r.code != 404 && r.code != 403 {
			t.Errorf("GET %s: %d", p, r.code)
		}
	}
}

// TestEventFormErrors: every bad input comes back next to its field,
// translated, never as a 500.
func TestEventFormErrors(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	u := a.signIn("orga@example.org")
	base := func(kv ...string) url.Values {
		f := url.Values{"title": {"Réunion"}, "start": {when(24 * time.Hour)}, "tz": {"Europe/Paris"}}
		for i := 0; i+1 < len(kv); i += 2 {
			f.Set(kv[i], kv[i+1])
		}
		return f
	}
	for _, c := range []struct {
		name  string
		form  url.Values
		field string
		msg   string
	}{
		{"no title", base("title", ""), "title", "titre"},
		{"huge title", base("title", strings.Repeat("x", 10240)), "title", ""},
		{"NUL in title", base("title", "a\x00b"), "title", "caractère de contrôle"},
		{"NUL in description", base("description", "a\x00b"), "description", "caractère de contrôle"},
		{"bidi override in title", base("title", "\u202eecila"), "title", "sens de lecture"},
		{"zero-width space in the place", base("place_area", "Ly\u200bon"), "place_area", "caractère invisible"},
		{"line separator in the description", base("description", "a\u2028b"), "description", "séparateur de ligne"},
		{"year 9999", base("start", "9999-12-31T10:00"), "start", "entre l’an 1900 et l’an 2200"},
		{"default end past 2200", base("start", "2200-12-31T23:30", "tz", "UTC"), "start", "entre l’an 1900 et l’an 2200"},
		{"bad date", base("start", "le 32 mars"), "start", "Date ou heure illisible"},
		{"no start", base("start", ""), "start", ""},
		{"end before start", base("end", when(2*time.Hour)), "end", "La fin doit venir après le début"},
		{"unknown zone", base("tz", "Mars/Olympus"), "tz", ""},
		{"negative capacity", base("capacity", "-3"), "capacity", "nombre positif"},
		{"capacity words", base("capacity", "beaucoup"), "capacity", ""},
		{"bad coords", base("lat", "91", "lon", "2"), "lat", "coordonnées"},
		{"bad url", base("online_url", "javascript:alert(1)"), "online_url", ""},
		{"bad category", base("category", "riot"), "category", ""},
		{"bad visibility", base("visibility", "secret"), "visibility", ""},
		{"bad question", base("questions", "Taille ? | S"), "questions", ""},
		{"bad repeat", base("repeat", "daily"), "freq", ""},
		{"bad interval", base("repeat", "weekly", "interval", "x"), "interval", ""},
		{"conduct required but empty", base("conduct_required", "1"), "conduct", ""},
		{"bad group", base("group", "NOPE"), "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := a.post(u, "/events", c.form)
			if r.code < 400 || r.code >= 500 {
				t.Fatalf("status %d\n%s", r.code, excerpt(r.body))
			}
			if c.msg != "" {
				mustContain(t, r, c.msg)
			}
			if c.field != "" && c.field != "freq" && !strings.Contains(r.body, `id="f-event-`+c.field+`-error"`) {
				t.Errorf("no message next to %s\n%s", c.field, excerpt(r.body))
			}
		})
	}
}

// TestEventApprovalHiddenPlace: the exact address is absent from the page
// and the calendar until the organiser approves; answers are organisers'
// only; the CSV export works.
func TestEventApprovalHiddenPlace(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Rassemblement discret"}, "place_area": {"Grenoble"}, "place": {"12 rue Secrète"},
		"hide_place": {"1"}, "join_mode": {"approval"}, "questions": {"* Votre collectif ?"}, "lat": {"45.19"}, "lon": {"5.72"}})
	p := a.signIn("pat@example.org")
	r := a.get(p, "/events/"+id)
	mustContain(t, r, "Grenoble", "adresse visible après acceptation", "Votre collectif ?", `type="application/ld+json"`)
	mustLack(t, r, "12 rue Secrète")
	ld := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(r.body)
	var j map[string]any
	if ld == nil || json.Unmarshal([]byte(ld[1]), &j) != nil || j["@type"] != "Event" || j["name"] != "Rassemblement discret" {
		t.Errorf("JSON-LD is not a schema.org Event: %v", ld)
	}
	r = a.post(p, "/events/"+id+"/join", url.Values{})
	if r.code != 422 {
		t.Fatalf("join without required answer: %d", r.code)
	}
	mustContain(t, r, "f-join-answer_")
	qid := regexp.MustCompile(`name="answer_([0-9A-Z]+)"`).FindStringSubmatch(r.body)[1]
	r = a.post(p, "/events/"+id+"/join", url.Values{"answer_" + qid: {"Alternatiba"}})
	if r.code != 303 {
		t.Fatalf("join: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.get(p, "/events/"+id)
	mustContain(t, r, "En attente")
	mustLack(t, r, "12 rue Secrète", "Alternatiba")
	if ics := a.get(p, "/events/"+id+".ics"); ics.code != 200 || !strings.HasPrefix(ics.h.Get("Content-Type"), "text/calendar") || strings.Contains(ics.body, "Secrète") {
		t.Errorf("ics before approval: %d %q leaks=%v", ics.code, ics.h.Get("Content-Type"), strings.Contains(ics.body, "Secrète"))
	}

	r = a.get(org, "/events/"+id+"/participants")
	mustContain(t, r, "pat", "Alternatiba", "Votre collectif ?")
	pid := regexp.MustCompile(`/participants/([0-9A-Z]{26})/approve`).FindStringSubmatch(r.body)[1]
	if r := a.post(p, "/events/"+id+"/participants/"+pid+"/approve", url.Values{}); r.code != 403 {
		t.Errorf("participant approving: %d", r.code)
	}
	r = a.post(org, "/events/"+id+"/participants/"+pid+"/approve", url.Values{"message": {"Bienvenue !"}})
	if r.code != 303 {
		t.Fatalf("approve: %d", r.code)
	}
	r = a.get(p, "/events/"+id)
	mustContain(t, r, "12 rue Secrète", "Bienvenue !", "/ticket.png")
	if ics := a.get(p, "/events/"+id+".ics"); !strings.Contains(ics.body, "Secrète") {
		t.Error("ics after approval lacks the address")
	}
	if png := a.get(p, "/events/"+id+"/ticket.png"); png.h.Get("Content-Type") != "image/png" {
		t.Errorf("ticket: %d", png.code)
	}
	csv := a.get(org, "/events/"+id+"/participants.csv")
	if !strings.HasPrefix(csv.h.Get("Content-Type"), "text/csv") || !strings.Contains(csv.body, "Alternatiba") {
		t.Errorf("csv: %q %s", csv.h.Get("Content-Type"), csv.body)
	}
	if r := a.get(p, "/events/"+id+"/participants.csv"); r.code != 403 {
		t.Errorf("participant csv: %d", r.code)
	}
}

// TestEventAnnounceAndCheckin: an announcement to "approved" reaches only
// them; checking in two of three shows 2 attended out of 3.
func TestEventAnnounceAndCheckin(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Atelier"}, "place_area": {"Nantes"}, "capacity": {"3"}, "join_mode": {"approval"}})
	var ps []*user
	for _, e := range []string{"a1@example.org", "a2@example.org", "a3@example.org", "w4@example.org"} {
		u := a.signIn(e)
		if r := a.post(u, "/events/"+id+"/join", url.Values{}); r.code != 303 {
			t.Fatalf("join %s: %d", e, r.code)
		}
		ps = append(ps, u)
	}
	r := a.get(org, "/events/"+id+"/participants")
	ids := regexp.MustCompile(`/participants/([0-9A-Z]{26})/approve`).FindAllStringSubmatch(r.body, -1)
	if len(ids) != 4 {
		t.Fatalf("%d pending", len(ids))
	}
	for _, m := range ids[:3] {
		if r := a.post(org, "/events/"+id+"/participants/"+m[1]+"/approve", url.Values{}); r.code != 303 {
			t.Fatalf("approve: %d", r.code)
		}
	}
	a.Drain(t)
	before := len(a.Mails(t))
	r = a.post(org, "/events/"+id+"/announce", url.Values{"audience": {"approved"}, "subject": {"Apportez vos outils"}, "body": {"Rendez-vous à 18 h."}})
	if r.code != 303 {
		t.Fatalf("announce: %d\n%s", r.code, excerpt(r.body))
	}
	r = a.post(org, "/events/"+id+"/announce", url.Values{"audience": {"everyone"}, "subject": {""}, "body": {""}})
	if r.code != 422 {
		t.Errorf("bad announce: %d", r.code)
	}
	a.Drain(t)
	got := map[string]bool{}
	for _, m := range a.Mails(t)[before:] {
		if strings.Contains(m.HeaderDecoded("Subject"), "Apportez vos outils") {
			got[m.Header.Get("To")] = true
		}
	}
	if len(got) != 3 {
		t.Errorf("announcement went to %v", got)
	}
	for to := range got {
		if strings.Contains(to, "w4@") {
			t.Error("pending participant got the announcement")
		}
	}

	// Check-in: one by ticket code (typed sloppily), one by tap.
	tk, err := a.Service.MyTicket(context.Background(), a.actor(ps[0]), service.ByID(id))
	if err != nil {
		t.Fatal(err)
	}
	r = a.get(org, "/events/"+id+"/checkin")
	mustContain(t, r, `name="code"`, "0</span> présent sur 3 acceptés")
	r = a.post(org, "/events/"+id+"/checkin", url.Values{"code": {strings.ToLower(tk.Code)}})
	mustContain(t, r, "Arrivée enregistrée", "1</span> présent sur 3 acceptés")
	r = a.post(org, "/events/"+id+"/checkin", url.Values{"code": {tk.Code}})
	mustContain(t, r, "Déjà enregistré")
	r = a.post(org, "/events/"+id+"/checkin", url.Values{"code": {"ZZZZZ-ZZZZZ"}})
	if r.code != 422 {
		t.Errorf("bad code: %d", r.code)
	}
	mustContain(t, r, `id="f-checkin-code-error"`)
	pid := regexp.MustCompile(`name="pid" value="([0-9A-Z]{26})"`).FindStringSubmatch(r.body)[1]
	r = a.post(org, "/events/"+id+"/checkin", url.Values{"pid": {pid}})
	mustContain(t, r, "2</span> présents sur 3 acceptés")
	if r := a.get(ps[1], "/events/"+id+"/checkin"); r.code != 403 {
		t.Errorf("participant on check-in page: %d", r.code)
	}
	r = a.get(org, "/events/"+id)
	mustContain(t, r, "<strong>2</strong> présents")
}
