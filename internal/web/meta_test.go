package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

var metaTag = regexp.MustCompile(`<meta (?:property|name)="([^"]+)" content="([^"]*)">`)

// head returns the page's preview tags (Open Graph, Twitter, description,
// robots), unescaped, as a fetcher reads them; a tag written twice fails.
func head(t *testing.T, body string) map[string]string {
	t.Helper()
	if i := strings.Index(body, "</head>"); i >= 0 {
		body = body[:i]
	}
	out := map[string]string{}
	for _, m := range metaTag.FindAllStringSubmatch(body, -1) {
		if _, dup := out[m[1]]; dup {
			t.Errorf("%s written twice", m[1])
		}
		out[m[1]] = html.UnescapeString(m[2])
	}
	return out
}

// jsonLD returns the page's schema.org Event.
func jsonLD(t *testing.T, body string) map[string]any {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no JSON-LD")
	}
	var j map[string]any
	if err := json.Unmarshal([]byte(m[1]), &j); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, m[1])
	}
	return j
}

// previewImage fetches a preview's picture as a bot does and checks it is
// served as a picture of the size declared.
func previewImage(t *testing.T, tags map[string]string) {
	t.Helper()
	res, err := http.Get(tags["og:image"])
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != tags["og:image:type"] || res.Header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(res.Header.Get("Cache-Control"), "max-age=31536000") {
		t.Fatalf("GET %s: %d %v", tags["og:image"], res.StatusCode, res.Header)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", tags["og:image"], err)
	}
	if w, h := tags["og:image:width"], tags["og:image:height"]; w != itoa(cfg.Width) || h != itoa(cfg.Height) {
		t.Errorf("%s is %dx%d, declared %sx%s", tags["og:image"], cfg.Width, cfg.Height, w, h)
	}
}

// equalTags compares two pages' preview tags.
func equalTags(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestEventPreview: an event's page tells a preview its title (escaped),
// date and time in its zone and the page's language, the commune but not
// the address reserved to participants (not even in the organiser's own
// page), that it is also online (not the link), a plain-text summary and
// its picture as a 1200×630 card; JSON-LD says the same, in plain text.
// Once cancelled, title, description and JSON-LD say so.
func TestEventPreview(t *testing.T) {
	a := newEvApp(t)
	org := a.signIn("org@example.org")
	title := `Marche "pour le <climat>" & l'eau`
	r := a.multipart(org, "/events", map[string]string{"title": title, "start": "2031-05-03T14:00", "end": "2031-05-03T17:00", "tz": "Europe/Paris",
		"description": "**Venez** nombreux, avec vos [banderoles](https://x.example/b).\n\n# Parcours\n\nDépart devant la mairie.",
		"place_area":  "Lyon 7e", "place": "12 rue Chevreul", "hide_place": "1", "join_mode": "approval",
		"online_url": "https://visio.example.org/salle", "hide_online": "1", "publish": "1"}, "picture", evPNG(t))
	if r.code != http.StatusSeeOther {
		t.Fatalf("create: %d\n%s", r.code, excerpt(r.body))
	}
	id := strings.TrimPrefix(strings.Split(r.h.Get("Location"), "?")[0], "/events/")

	page := a.get(a.visitor(), "/events/"+id)
	tags := head(t, page.body)
	want := map[string]string{
		"og:title": title, "twitter:title": title, "og:type": "website", "og:url": a.URL + "/events/" + id,
		"og:site_name": "Cortège", "og:locale": "fr_FR", "og:locale:alternate": "en_GB",
		"og:image:width": "1200", "og:image:height": "630", "og:image:type": "image/jpeg",
		"twitter:card": "summary_large_image",
	}
	for k, v := range want {
		if tags[k] != v {
			t.Errorf("%s = %q, want %q", k, tags[k], v)
		}
	}
	if strings.Contains(page.body[:strings.Index(page.body, "</head>")], "<climat>") {
		t.Error("the title is not escaped in the head")
	}
	d := tags["og:description"]
	for _, w := range []string{"samedi 3 mai 2031, 14:00 – 17:00", "Lyon 7e", "en ligne", "Venez nombreux, avec vos banderoles. Parcours Départ"} {
		if !strings.Contains(d, w) {
			t.Errorf("description lacks %q: %q", w, d)
		}
	}
	if tags["description"] != d || tags["twitter:description"] != d {
		t.Errorf("descriptions differ: %q, %q", tags["description"], tags["twitter:description"])
	}
	if !strings.HasPrefix(tags["og:image"], a.URL+"/uploads/card/") || tags["og:image:alt"] == "" || tags["twitter:image"] != tags["og:image"] {
		t.Errorf("image %q alt %q", tags["og:image"], tags["og:image:alt"])
	}
	previewImage(t, tags)
	if _, ok := tags["robots"]; ok {
		t.Error("a public event is not indexed")
	}

	// The organiser sees the address and the link on the page; what the
	// page tells previews and robots stays what anyone sees.
	own := a.get(org, "/events/"+id)
	mustContain(t, own, "12 rue Chevreul")
	if ot := head(t, own.body); !equalTags(ot, tags) {
		t.Errorf("the organiser's page tells previews something else:\n%v\n%v", ot, tags)
	}
	for name, body := range map[string]string{"visitor": page.body, "organiser": own.body} {
		tags := head(t, body)
		j := jsonLD(t, body)
		ld, _ := json.Marshal(j)
		for _, bad := range []string{"Chevreul", "visio.example", "**", "](", "latitude"} {
			if strings.Contains(tags["og:description"], bad) || strings.Contains(string(ld), bad) {
				t.Errorf("%s: the preview or JSON-LD holds %q:\n%s\n%s", name, bad, tags["og:description"], ld)
			}
		}
		if j["eventAttendanceMode"] != "https://schema.org/MixedEventAttendanceMode" || !strings.HasPrefix(j["description"].(string), "Venez nombreux, avec vos banderoles.") {
			t.Errorf("%s: JSON-LD %s", name, ld)
		}
		if img, _ := j["image"].([]any); len(img) == 0 || !strings.HasPrefix(img[0].(string), a.URL+"/uploads/") {
			t.Errorf("%s: JSON-LD image %v", name, j["image"])
		}
	}

	// In English, in the page's language.
	req, _ := http.NewRequest("GET", a.URL+"/events/"+id, nil)
	req.Header.Set("Accept-Language", "en")
	en, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(en.Body)
	en.Body.Close()
	et := head(t, string(b))
	if !strings.Contains(et["og:description"], "Saturday 3 May 2031, 14:00 – 17:00") || !strings.Contains(et["og:description"], "online") || et["og:locale"] != "en_GB" {
		t.Errorf("English preview: %q %q", et["og:description"], et["og:locale"])
	}

	if r := a.post(org, "/events/"+id+"/cancel", url.Values{"reason": {"Arrêté préfectoral"}}); r.code != http.StatusSeeOther {
		t.Fatalf("cancel: %d\n%s", r.code, excerpt(r.body))
	}
	page = a.get(a.visitor(), "/events/"+id)
	tags = head(t, page.body)
	if tags["og:title"] != "Annulé\u00a0: "+title || !strings.HasPrefix(tags["og:description"], "Annulé · samedi 3 mai 2031") {
		t.Errorf("cancelled: %q / %q", tags["og:title"], tags["og:description"])
	}
	if j := jsonLD(t, page.body); j["eventStatus"] != "https://schema.org/EventCancelled" {
		t.Errorf("cancelled JSON-LD status %v", j["eventStatus"])
	}
}

// TestEventPreviewPrivacy: pages anonymous visitors cannot open (a
// private event, a draft) tell previews nothing of the event, and those
// reached by link only ask robots not to index them.
func TestEventPreviewPrivacy(t *testing.T) {
	a := newEvApp(t)
	org := a.signIn("org@example.org")
	priv := a.createEvent(org, url.Values{"title": {"Réunion privée du bureau"}, "description": {"Ordre du jour confidentiel"}, "place_area": {"Grenoble"}, "visibility": {"private"}})
	unl := a.createEvent(org, url.Values{"title": {"Pique-nique entre nous"}, "place_area": {"Grenoble"}, "visibility": {"unlisted"}})
	if r := a.get(a.visitor(), "/events/"+priv); r.code != http.StatusNotFound {
		t.Fatalf("private event to a visitor: %d", r.code)
	}
	tags := head(t, a.get(org, "/events/"+priv).body)
	for k, v := range tags {
		if strings.Contains(v, "privée") || strings.Contains(v, "confidentiel") || strings.Contains(v, "Grenoble") {
			t.Errorf("private event: %s = %q", k, v)
		}
	}
	if tags["robots"] != "noindex" || tags["og:title"] != "Cortège" || !strings.Contains(tags["og:image"], "/cards/instance-") {
		t.Errorf("private event: %v", tags)
	}
	hid := a.createEvent(org, url.Values{"title": {"Réunion"}, "place": {"3 impasse des Roses"}, "hide_place": {"1"}, "join_mode": {"approval"}})
	if d := head(t, a.get(a.visitor(), "/events/"+hid).body)["og:description"]; !strings.Contains(d, "adresse donnée aux participants acceptés") || strings.Contains(d, "Roses") {
		t.Errorf("hidden address without a commune: %q", d)
	}
	tags = head(t, a.get(a.visitor(), "/events/"+unl).body)
	if tags["robots"] != "noindex" || tags["og:title"] != "Pique-nique entre nous" {
		t.Errorf("unlisted event: %v", tags)
	}
}

// TestInstanceCard: pages without a picture of their own show the
// instance's card, a PNG drawn by the server with its name, under a URL
// that changes with the name (so it is cached for ever); an old URL leads
// to the current card.
func TestInstanceCard(t *testing.T) {
	a := newEvApp(t)
	home := a.get(a.visitor(), "/")
	tags := head(t, home.body)
	if tags["og:title"] != "Cortège" || tags["og:image:type"] != "image/png" || tags["twitter:card"] != "summary_large_image" || tags["og:description"] == "" {
		t.Fatalf("home: %v", tags)
	}
	previewImage(t, tags)
	ctx := context.Background()
	set, _ := a.Service.Settings(ctx)
	set.Name = "Mobilisations lyonnaises"
	link, err := a.Service.CreateAdmin(ctx, "admin@example.org", "Admin")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	secret, _, err := a.Service.ConfirmLogin(ctx, cortege.Actor{IP: "192.0.2.7"}, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Service.UpdateSettings(ctx, a.actor(&user{secret: secret}), set); err != nil {
		t.Fatal(err)
	}
	now := head(t, a.get(a.visitor(), "/").body)
	if now["og:image"] == tags["og:image"] || now["og:title"] != "Mobilisations lyonnaises" {
		t.Fatalf("renamed: %v", now)
	}
	c := a.visitor().c
	res, err := c.Get(tags["og:image"])
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || a.URL+res.Header.Get("Location") != now["og:image"] {
		t.Errorf("old card: %d → %q", res.StatusCode, res.Header.Get("Location"))
	}
	if r := a.get(a.visitor(), "/cards/other.png"); r.code != http.StatusNotFound {
		t.Errorf("/cards/other.png: %d", r.code)
	}
}

// TestUploadVariants: a picture stored before variants existed (an event
// photo has none) gets its card and square drawn on first request; names
// that are not uploads are not found.
func TestUploadVariants(t *testing.T) {
	a := newEvApp(t)
	org := a.signIn("org@example.org")
	id := a.createEvent(org, url.Values{"title": {"Atelier"}, "place_area": {"Lyon"}})
	ph, err := a.Service.AddPhoto(context.Background(), a.actor(org), service.ByID(id), evPNG(t), "")
	if err != nil {
		t.Fatal(err)
	}
	name := service.VariantName(ph.File)
	for v, size := range map[string]string{"card": "1200x630", "square": "400x400"} {
		w, h, _ := strings.Cut(size, "x")
		previewImage(t, map[string]string{"og:image": a.URL + "/uploads/" + v + "/" + name, "og:image:type": "image/jpeg", "og:image:width": w, "og:image:height": h})
	}
	for _, p := range []string{"/uploads/huge/" + name, "/uploads/card/" + strings.Repeat("0", 64) + ".jpg", "/uploads/card/" + ph.File[:64] + ".png", "/uploads/card/..%2f..%2fetc.jpg"} {
		if r := a.get(a.visitor(), p); r.code != http.StatusNotFound {
			t.Errorf("%s: %d", p, r.code)
		}
	}
}

// TestGroupProfilePostPreviews: a group's page previews its name, place,
// plain description and banner card (else its avatar, square, as a
// summary card); a public post is an article of its group; a profile
// shows its name, bio and square avatar. Members-only posts and private
// groups, seen by a member, tell previews nothing of themselves.
func TestGroupProfilePostPreviews(t *testing.T) {
	a := newEvApp(t)
	ctx := context.Background()
	u := a.signIn("alice@example.org")
	alice := a.actor(u)
	g, err := a.Service.CreateGroup(ctx, alice, service.GroupInput{Handle: "velo_lyon", Name: "Vélo & <Lyon>", Address: "Lyon 1er",
		Description: "Le collectif **vélo** de Lyon : [balades](https://x.example) et ateliers.", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.SetGroupImage(ctx, alice, g.ID, service.GroupAvatar, evPNG(t)); err != nil {
		t.Fatal(err)
	}
	tags := head(t, a.get(a.visitor(), "/@velo_lyon").body)
	if tags["og:title"] != "Vélo & <Lyon>" || tags["og:description"] != "Lyon 1er — Le collectif vélo de Lyon : balades et ateliers." ||
		tags["og:url"] != a.URL+"/@velo_lyon" || tags["twitter:card"] != "summary" || tags["og:image:width"] != "400" {
		t.Errorf("group with an avatar: %v", tags)
	}
	previewImage(t, tags)
	if _, err := a.Service.SetGroupImage(ctx, alice, g.ID, service.GroupBanner, evPNG(t)); err != nil {
		t.Fatal(err)
	}
	tags = head(t, a.get(a.visitor(), "/@velo_lyon").body)
	if tags["twitter:card"] != "summary_large_image" || tags["og:image:width"] != "1200" || !strings.Contains(tags["og:image"], "/uploads/card/") {
		t.Errorf("group with a banner: %v", tags)
	}
	previewImage(t, tags)

	post, err := a.Service.CreatePost(ctx, alice, g.ID, service.PostInput{Title: "Balade du 1er mai", Body: "Rendez-vous à **10 h**.", Visibility: cortege.PostPublic, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	tags = head(t, a.get(a.visitor(), "/@velo_lyon/posts/"+post.ID).body)
	if tags["og:type"] != "article" || tags["og:title"] != "Balade du 1er mai" || tags["og:description"] != "Vélo & <Lyon> — Rendez-vous à 10 h." ||
		tags["og:url"] != a.URL+"/@velo_lyon/posts/"+post.ID || tags["article:published_time"] == "" || tags["og:image"] == "" {
		t.Errorf("post: %v", tags)
	}
	inner, err := a.Service.CreatePost(ctx, alice, g.ID, service.PostInput{Title: "Compte rendu interne", Body: "Trésorerie", Visibility: cortege.PostMembers, Publish: true})
	if err != nil {
		t.Fatal(err)
	}
	tags = head(t, a.get(u, "/@velo_lyon/posts/"+inner.ID).body)
	if tags["og:title"] != "Cortège" || tags["robots"] != "noindex" || strings.Contains(tags["og:description"], "Trésorerie") {
		t.Errorf("members-only post: %v", tags)
	}
	if _, err := a.Service.CreateGroup(ctx, alice, service.GroupInput{Handle: "bureau", Name: "Bureau secret", Description: "Nos plans", Visibility: cortege.VisibilityPrivate, JoinMode: cortege.JoinInvitation}); err != nil {
		t.Fatal(err)
	}
	tags = head(t, a.get(u, "/@bureau").body)
	if tags["og:title"] != "Cortège" || tags["robots"] != "noindex" || strings.Contains(tags["og:description"], "plans") {
		t.Errorf("private group: %v", tags)
	}

	if _, err := a.Service.UpdateProfile(ctx, alice, alice.Profile.ID, service.ProfileInput{Handle: alice.Profile.Handle, DisplayName: "Alice Martin", Bio: "Cycliste, *trésorière* du collectif."}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Service.SetAvatar(ctx, alice, alice.Profile.ID, evPNG(t)); err != nil {
		t.Fatal(err)
	}
	tags = head(t, a.get(a.visitor(), "/@"+alice.Profile.Handle).body)
	if tags["og:type"] != "profile" || tags["og:title"] != "Alice Martin (@"+alice.Profile.Handle+")" || tags["og:description"] != "Cycliste, trésorière du collectif." ||
		tags["profile:username"] != alice.Profile.Handle || tags["twitter:card"] != "summary" || tags["og:image:alt"] != "Alice Martin\u00a0: avatar" {
		t.Errorf("profile: %v", tags)
	}
	previewImage(t, tags)
}

// TestJSONLD: the schema.org Event of a page says how to attend (in
// person, online, both), stays inside its script element whatever the
// title holds, and writes its picture at absolute URLs.
func TestJSONLD(t *testing.T) {
	a := newEvApp(t)
	org := a.signIn("org@example.org")
	for _, c := range []struct {
		form url.Values
		mode string
	}{
		{url.Values{"place_area": {"Lyon"}, "place": {"Place Bellecour"}}, "Offline"},
		{url.Values{"online_url": {"https://visio.example.org/a"}}, "Online"},
		{url.Values{"place_area": {"Lyon"}, "online_url": {"https://visio.example.org/a"}}, "Mixed"},
		{url.Values{"place_tba": {"1"}, "online_tba": {"1"}}, "Mixed"},
	} {
		c.form.Set("title", `Soirée </script><script>alert(1)</script> "débat"`)
		id := a.createEvent(org, c.form)
		page := a.get(a.visitor(), "/events/"+id)
		if strings.Contains(page.body, "<script>alert(1)") {
			t.Fatal("the title closes the JSON-LD script")
		}
		j := jsonLD(t, page.body)
		if j["name"] != c.form.Get("title") || j["eventAttendanceMode"] != "https://schema.org/"+c.mode+"EventAttendanceMode" {
			t.Errorf("%v: name %q, mode %v", c.form, j["name"], j["eventAttendanceMode"])
		}
		if u, _ := j["url"].(string); u != a.URL+"/events/"+id {
			t.Errorf("url %q", u)
		}
	}
}
