package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Registering again without an account, with an address already
// registered, answers exactly as a first registration does (same status,
// same headers that matter, same bytes), and the second mail gives the
// person their link and ticket again.
func TestRegisteringAgainAnswersLikeTheFirstTime(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("org@example.org")
	id := a.createEvent(org, url.Values{"title": {"Vélorution"}, "tz": {"Europe/Paris"}, "place": {"Place Bellecour"}, "visibility": {"public"}, "join_mode": {"free"}})
	join := func(email string) res {
		return a.post(a.visitor(), "/events/"+id+"/join", url.Values{"name": {"Nina"}, "email": {email}})
	}
	first := join("nina@example.org")
	// Nina confirms: she is registered and has a ticket.
	b := a.visitor()
	a.get(b, a.mailPath("nina@example.org", "/events/participation/confirm"))
	if r := a.post(b, "/events/"+id+"/registration/confirm", url.Values{}); r.code != 303 {
		t.Fatalf("confirm: %d", r.code)
	}
	a.Drain(t)
	before := len(a.MailsTo(t, "nina@example.org"))
	again := join("nina@example.org")
	stranger := join("someone.else@example.org")
	for name, r := range map[string]res{"again": again, "another address": stranger} {
		if r.code != first.code || r.body != first.body || r.h.Get("Location") != first.h.Get("Location") ||
			r.h.Get("Set-Cookie") != first.h.Get("Set-Cookie") || r.h.Get("Content-Type") != first.h.Get("Content-Type") || r.h.Get("Content-Length") != first.h.Get("Content-Length") {
			t.Errorf("%s: %d %q %q %q, first time: %d %q %q %q", name, r.code, r.h.Get("Location"), r.h.Get("Set-Cookie"), r.body,
				first.code, first.h.Get("Location"), first.h.Get("Set-Cookie"), first.body)
		}
	}
	if first.code != http.StatusSeeOther || first.h.Get("Set-Cookie") != "" {
		t.Fatalf("first registration: %d cookie %q", first.code, first.h.Get("Set-Cookie"))
	}
	a.Drain(t)
	ms := a.MailsTo(t, "nina@example.org")
	if len(ms) != before+1 {
		t.Fatalf("mails after registering again: %d, want %d", len(ms), before+1)
	}
	m := ms[len(ms)-1]
	hasTicket := false
	for _, at := range m.Attachments {
		hasTicket = hasTicket || at.Filename == "ticket.png"
	}
	link := ""
	for _, l := range m.Links() {
		if strings.Contains(l, "/events/participation/cancel?token=") {
			link = l
		}
	}
	if !hasTicket || link == "" || !strings.Contains(m.Subject, "Inscription confirmée") {
		t.Fatalf("mail sent again: %q ticket %v link %q", m.Subject, hasTicket, link)
	}
	// That link opens her registration, ticket included.
	c := a.visitor()
	u, _ := url.Parse(link)
	a.get(c, u.RequestURI())
	mustContain(t, a.get(c, "/events/"+id+"/registration"), "Accepté", "/events/"+id+"/registration/ticket.png")
}

// Opening a private link sets a session cookie for that event's pages
// only, answers without a Referer to give away, and lands on a page that
// holds the token nowhere.
func TestPrivateLinksBecomeEventSessions(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	v := a.visitor()
	a.post(v, "/events", url.Values{"email": {"ana@example.org"}, "title": {"Pique-nique"}, "start": {when(72 * time.Hour)},
		"tz": {"Europe/Paris"}, "place": {"Parc"}, "publish": {"1"}, "visibility": {"public"}, "join_mode": {"free"}})
	manage := a.mailPath("ana@example.org", "/events/manage")
	tok := strings.TrimPrefix(manage, "/events/manage?token=")
	r := a.get(v, manage)
	m := regexp.MustCompile(`^/events/([0-9A-Z]{26})/manage$`).FindStringSubmatch(r.h.Get("Location"))
	if r.code != 303 || m == nil {
		t.Fatalf("open: %d %q", r.code, r.h.Get("Location"))
	}
	id := m[1]
	ck := cookieNamed(r.h, "cortege_manage")
	if ck == nil || ck.Path != "/events/"+id || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge <= 0 || ck.Value == tok || len(ck.Value) < 40 {
		t.Fatalf("session cookie %+v", ck)
	}
	if r.h.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(r.h.Get("Cache-Control"), "no-store") {
		t.Fatalf("headers: %v", r.h)
	}
	// Only its hash is stored.
	if _, err := a.DB.Q().EventSessionByID(t.Context(), ck.Value); err == nil {
		t.Fatal("the cookie's secret is stored as is")
	}
	page := a.get(v, "/events/"+id+"/manage")
	a.post(v, "/events/"+id+"/manage", url.Values{"action": {"confirm"}})
	for _, p := range []string{"/manage", "", "/edit", "/participants", "/announce", "/checkin", "/cancel"} {
		r := a.get(v, "/events/"+id+p)
		if r.code != 200 || strings.Contains(r.body, tok) || strings.Contains(r.body, "token=") {
			t.Errorf("%s: %d, holds the token: %v", p, r.code, strings.Contains(r.body, tok))
		}
	}
	if strings.Contains(page.body, tok) {
		t.Error("the management page holds the token")
	}
	// The cookie does nothing for another event, nor a participant's
	// page, and a made-up one is an expired link.
	other := a.createEvent(a.signIn("org@example.org"), url.Values{"title": {"Autre"}, "tz": {"Europe/Paris"}, "place": {"Ici"}, "visibility": {"public"}, "join_mode": {"free"}})
	x := a.visitor()
	base, _ := url.Parse(a.URL)
	x.c.Jar.SetCookies(base, []*http.Cookie{{Name: "cortege_manage", Value: ck.Value, Path: "/events/" + other}})
	if r := a.get(x, "/events/"+other+"/edit"); r.code == 200 {
		t.Error("a management session opens another event")
	}
	if r := a.get(x, "/events/"+other+"/manage"); r.code != http.StatusGone {
		t.Errorf("other event's management page: %d", r.code)
	}
	// A participant's link: the same, on the registration's page.
	a.post(a.visitor(), "/events/"+id+"/join", url.Values{"name": {"Bruno"}, "email": {"bruno@example.org"}})
	cancel := a.mailPath("bruno@example.org", "/events/participation/confirm")
	p := a.visitor()
	r = a.get(p, cancel)
	pc := cookieNamed(r.h, "cortege_part")
	if r.code != 303 || r.h.Get("Location") != "/events/"+id+"/registration" || pc == nil || pc.Path != "/events/"+id || !pc.HttpOnly || r.h.Get("Referrer-Policy") != "no-referrer" {
		t.Fatalf("participant link: %d %q %+v", r.code, r.h.Get("Location"), pc)
	}
	if r := a.get(p, "/events/"+id+"/edit"); r.code == 200 {
		t.Error("a participant's session edits the event")
	}
}

func cookieNamed(h http.Header, name string) *http.Cookie {
	for _, c := range (&http.Response{Header: h}).Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// "Lost your link?" on the event page answers the same for any address and
// mails the link only to the one that created the event.
func TestLostLinkFormIsNeutral(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	v := a.visitor()
	a.post(v, "/events", url.Values{"email": {"ana@example.org"}, "title": {"Pique-nique"}, "start": {when(72 * time.Hour)},
		"tz": {"Europe/Paris"}, "place": {"Parc"}, "publish": {"1"}, "visibility": {"public"}, "join_mode": {"free"}})
	page := a.get(v, a.mailPath("ana@example.org", "/events/manage")).h.Get("Location")
	a.post(v, page, url.Values{"action": {"confirm"}})
	id := strings.TrimSuffix(strings.TrimPrefix(page, "/events/"), "/manage")
	r := a.get(a.visitor(), "/events/"+id)
	mustContain(t, r, `action="/events/`+id+`/links"`, "Vous avez perdu votre lien")
	a.Drain(t)
	before := len(a.MailsTo(t, "ana@example.org"))
	known := a.post(a.visitor(), "/events/"+id+"/links", url.Values{"email": {"ana@example.org"}})
	unknown := a.post(a.visitor(), "/events/"+id+"/links", url.Values{"email": {"zoe@example.org"}})
	if known.code != 303 || known.h.Get("Location") != "/events/"+id+"?ok=event_links_sent" || known.body != unknown.body || known.h.Get("Location") != unknown.h.Get("Location") {
		t.Fatalf("known %d %q, unknown %d %q", known.code, known.h.Get("Location"), unknown.code, unknown.h.Get("Location"))
	}
	a.Drain(t)
	if got := len(a.MailsTo(t, "ana@example.org")); got != before+1 || len(a.MailsTo(t, "zoe@example.org")) != 0 {
		t.Fatalf("mails: ana %d (before %d), zoe %d", got, before, len(a.MailsTo(t, "zoe@example.org")))
	}
	mustContain(t, a.get(a.visitor(), "/events/"+id+"?ok=event_links_sent"), "nous venons d’y envoyer ses liens")
	bad := a.post(a.visitor(), "/events/"+id+"/links", url.Values{"email": {"pas une adresse"}})
	if bad.code != 422 || !strings.Contains(bad.body, `id="f-links-email-error"`) {
		t.Fatalf("bad address: %d\n%s", bad.code, excerpt(bad.body))
	}
}
