package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege/internal/cli"
)

// TestJourneyPetition (issue 13): a visitor with no account signs a
// petition, confirms from the mailed link, sees the counter move, joins the
// gathering nearest their postal code in one click and opens the message to
// the representative of that postal code (and not another's); no CSP
// violation is logged on the way. In French, on a desktop window.
func TestJourneyPetition(t *testing.T) {
	ctx := NewBrowser(t)
	petitionJourney(t, ctx, "fr", false)
}

// TestJourneyPetitionPhone is the same journey in English on a 390×844
// phone screen: no page scrolls sideways.
func TestJourneyPetitionPhone(t *testing.T) {
	ctx := NewBrowser(t)
	petitionJourney(t, ctx, "en", true)
}

// petitionWords are the texts the journey reads on its pages, per language.
var petitionWords = map[string]struct{ sent, signed, receipt, joined, counted string }{
	"fr": {"Vérifiez vos courriels", "Votre signature compte", "registre public de la pétition", "Vous êtes inscrit·e.", "1 envoi compté"},
	"en": {"Check your email", "Your signature counts", "the petition’s public log", "You are registered.", "1 message counted"},
}

// petitionWorld is what the organiser set up before the visitor comes.
type petitionWorld struct {
	base, data, token string
	id                string // the petition
	near, far         string // its gatherings: in Lyon 7e, in Bordeaux
}

// The visitor's postal code (Lyon 7e, INSEE 69387), and the representative
// of its circonscription, beside one of Gironde who must not show.
const (
	signerPostcode = "69007"
	petitionTitle  = "Des pistes cyclables sûres rue de Gerland"
	// petitionText is as long as petitions' texts are: the signing form
	// comes after it.
	petitionText = "Nous demandons des **pistes séparées** de la circulation, de Jean-Macé au parc de Gerland.\n\n" +
		"Chaque matin, des centaines d’enfants vont à l’école à vélo rue de Gerland, entre les voitures et les camions de livraison. " +
		"Les bandes peintes s’arrêtent aux carrefours, là où elles seraient le plus utiles, et servent de places de stationnement le reste du temps.\n\n" +
		"En 2025, quatorze accidents impliquant des cyclistes ont été relevés sur ce seul axe. La Métropole a voté un plan vélo ambitieux : " +
		"nous lui demandons de commencer par la rue où il manque le plus.\n\n" +
		"Nous demandons :\n\n1. une piste séparée dans chaque sens, de Jean-Macé au parc de Gerland ;\n" +
		"2. des carrefours protégés, avec des feux pour les vélos ;\n3. des arceaux devant chaque école et chaque commerce ;\n" +
		"4. un calendrier public des travaux, discuté avec les habitants.\n\n" +
		"Signez, puis venez au rassemblement le plus proche de chez vous : c’est ensemble que nous serons entendus."
)

// setupPetition starts Cortège; an organiser (by a token from the command
// line and the JSON API) writes and publishes a petition, links it to two
// gatherings, and the operator imports targets with "cortege targets
// import".
func setupPetition(t *testing.T) petitionWorld {
	t.Helper()
	base, data := startCortege(t)
	w := petitionWorld{base: base, data: data, token: apiToken(t, data, "orga@example.org")}

	create, _ := json.Marshal(map[string]any{"title": petitionTitle, "text": petitionText, "addressee": "la Métropole de Lyon",
		"goal": 500, "scope": "departement", "departement": "69", "lang": "fr"})
	body := apiSend(t, http.MethodPost, base+"/api/v1/petitions", w.token, "application/json", create, http.StatusCreated)
	w.id = jsonField(t, string(body), "petition", "id")
	apiSend(t, http.MethodPost, base+"/api/v1/petitions/"+w.id+"/publish", w.token, "application/json", nil, http.StatusOK)

	start := time.Now().Add(5 * 24 * time.Hour).Truncate(time.Hour).Format(time.RFC3339)
	w.far = apiCreate(t, base, w.token, `{"title":"Rassemblement à Bordeaux","start":"`+start+`","tz":"Europe/Paris",
		"place_area":"Bordeaux","place":"Place de la Victoire","coordinates":{"lat":44.8309,"lon":-0.5729}}`)
	w.near = apiCreate(t, base, w.token, `{"title":"Vélorution à Jean-Macé","start":"`+start+`","tz":"Europe/Paris",
		"place_area":"Lyon 7e","place":"Place Jean-Macé","coordinates":{"lat":45.7456,"lon":4.8424}}`)
	for _, ev := range []string{w.far, w.near} {
		apiSend(t, http.MethodPut, base+"/api/v1/petitions/"+w.id+"/gatherings/"+ev, w.token, "application/json", nil, http.StatusNoContent)
	}

	csv := filepath.Join(t.TempDir(), "targets.csv")
	if err := os.WriteFile(csv, []byte(`# Made-up representatives for the journey.
id,name,kind,role,email,fediverse,form_url,area,area_name,communes,departements
deputee-rhone-3,Camille Rivière,representative,Députée de la 3e circonscription du Rhône,camille.riviere@example.org,,,circonscription,3e circonscription du Rhône,69383 69387,
depute-gironde-2,Dominique Garonne,representative,Député de la 2e circonscription de la Gironde,dominique.garonne@example.org,,,circonscription,2e circonscription de la Gironde,33063,
`), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	args := append([]string{"targets", "import", csv, "--data", data}, databaseArgs(t, data)...)
	if code := cli.Main(context.Background(), args, cli.Env{Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}); code != 0 {
		t.Fatalf("targets import: %d %s", code, out.String())
	}
	return w
}

// petitionJourney walks the visitor through, in lang; phone emulates a
// 390×844 phone and checks that no page scrolls sideways.
func petitionJourney(t *testing.T, ctx context.Context, lang string, phone bool) {
	w := setupPetition(t)
	words := petitionWords[lang]
	console := collectConsole(ctx)
	page := w.base + "/petitions/" + w.id
	email := "sam." + lang + "@example.org"

	screen := func() {
		t.Helper()
		if phone {
			step(t, ctx, "phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		}
	}
	// look checks the page in view at phone width and saves its screenshots
	// (shoot leaves the window at desktop size: the phone is put back).
	look := func(name string) {
		t.Helper()
		if phone {
			size, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[window.innerWidth, document.documentElement.scrollWidth]`))
			if err != nil || len(size) != 2 || size[0] != 390 || size[1] > 390 {
				t.Errorf("%s: window and page widths %v at 390 px (%v)", name, size, err)
			}
		}
		shoot(t, ctx, name)
		screen()
	}
	screen()
	browserLanguage(t, ctx, lang)
	if phone {
		scripts(t, ctx, false) // signing works without JavaScript
	}

	// The petition page, its form filled as a person does, taking more
	// than the minimum fill time.
	step(t, ctx, "petition page", chromedp.Navigate(page))
	waitFor(t, ctx, `document.querySelector("#f-sign-first_name") !== null && document.querySelector(".petition-counter").dataset.count === "0"`)
	opened := time.Now()
	look("petition")
	step(t, ctx, "fill",
		chromedp.SendKeys(chromedp.ID("f-sign-first_name"), "Sam"),
		chromedp.SendKeys(chromedp.ID("f-sign-last_name"), "Durand"),
		chromedp.SendKeys(chromedp.ID("f-sign-email"), email),
		chromedp.SendKeys(chromedp.ID("f-sign-postal_code"), signerPostcode),
		chromedp.Click(chromedp.ID("f-sign-consent_updates")),
	)
	if phone {
		// Sent at once (as a browser's autofill lets one do), the form
		// comes back with what was typed and asks to send it again; the
		// time already spent on it still counts.
		step(t, ctx, "sign too fast", chromedp.Click(chromedp.CSS(`#sign form button[type="submit"]`)))
		waitFor(t, ctx, `document.querySelector("#sign .alert-error") !== null && document.querySelector("#sign .alert-error").textContent.includes("too fast")`)
		kept, err := chromedp.Run(ctx, chromedp.Evaluate[string](`["first_name", "last_name", "email", "postal_code"].map(n => document.getElementById("f-sign-" + n).value).join(" ") + " " + document.getElementById("f-sign-consent_updates").checked`))
		if want := "Sam Durand " + email + " " + signerPostcode + " true"; err != nil || kept != want {
			t.Errorf("the form sent too fast came back with %q (%v), want %q", kept, err, want)
		}
		// The message is in view: the answer opens at the form, even
		// without the script that focuses it.
		top, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`[document.querySelector("#sign .alert-error").getBoundingClientRect().top, window.innerHeight]`))
		if err != nil || len(top) != 2 || top[0] < 0 || top[0] > top[1]-50 {
			t.Errorf("the message of the form sent too fast is out of view: top %v of the window (%v)", top, err)
		}
		look("too-fast")
	}
	time.Sleep(time.Until(opened.Add(3500 * time.Millisecond)))
	step(t, ctx, "sign", chromedp.Click(chromedp.CSS(`#sign form button[type="submit"]`)))
	waitFor(t, ctx, `location.pathname.endsWith("/sent") && document.querySelector("h1").textContent.includes(`+strconv.Quote(words.sent)+`)`)
	look("sent")
	if c := petitionCount(t, w); c != 0 {
		t.Errorf("an unconfirmed signature counts: %d", c)
	}
	// The page still says 0 (and the page cache now holds it so).
	step(t, ctx, "petition before confirming", chromedp.Navigate(page))
	waitFor(t, ctx, `document.querySelector(".petition-counter").dataset.count === "0"`)

	if phone {
		scripts(t, ctx, true)
	}

	// The mailed link shows a button; pressing it counts the signature and
	// shows the receipt and where to go next.
	step(t, ctx, "confirm link", chromedp.Navigate(mailedLink(t, w.data, email, "/petitions/"+w.id+"/confirm")))
	waitFor(t, ctx, `location.pathname.endsWith("/confirm") && document.querySelector("main form button") !== null`)
	look("confirm")
	step(t, ctx, "confirm", chromedp.Click(chromedp.CSS("main form button")))
	waitFor(t, ctx, `document.querySelector("h1").textContent.includes(`+strconv.Quote(words.signed)+`) && document.querySelector("main").textContent.includes(`+strconv.Quote(words.receipt)+`)`)
	receipt, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("pre.receipt").textContent`))
	if err != nil || !strings.Contains(receipt, `"n": 0`) || !strings.Contains(receipt, `"commitment"`) || strings.Contains(receipt, email) {
		t.Errorf("receipt %q (%v)", receipt, err)
	}
	look("signed")
	links, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const out = {};
		for (const a of document.querySelectorAll("main a")) {
			const u = new URL(a.href);
			if (u.pathname.endsWith("/gatherings")) out.gatherings = a.href;
			if (u.pathname.endsWith("/targets")) out.targets = a.href;
		}
		return out;
	})()`))
	if err != nil || links["gatherings"] == "" || links["targets"] == "" {
		t.Fatalf("the confirmation page links %v (%v)", links, err)
	}
	for name, l := range links {
		u, _ := url.Parse(l)
		if u.Query().Get("postcode") != signerPostcode {
			t.Errorf("the %s link %s does not carry the postal code", name, l)
		}
	}
	if u, _ := url.Parse(links["gatherings"]); u.Query().Get("token") == "" {
		t.Errorf("the gatherings link %s carries no token for the one-click join", links["gatherings"])
	}

	// Back on the petition page, the counter moves: the page cache keeps
	// a page 1 s at most and the count is refreshed every 2 s at most
	// (docs/petitions.md); 5 s leaves room for a busy machine.
	confirmed := time.Now()
	deadline := confirmed.Add(5 * time.Second)
	for {
		step(t, ctx, "petition again", chromedp.Navigate(page))
		waitFor(t, ctx, `document.querySelector(".petition-counter") !== null`)
		n, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".petition-counter").dataset.count + "/" + document.querySelector(".petition-count strong").textContent`))
		if err == nil && n == "1/1" {
			t.Logf("the counter moved %v after the confirmation", time.Since(confirmed).Round(100*time.Millisecond))
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the counter still shows %q (%v)", n, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	look("counted")

	// The gatherings near the postal code, nearest first; one click joins.
	step(t, ctx, "gatherings", chromedp.Navigate(links["gatherings"]))
	waitFor(t, ctx, `document.querySelectorAll(".event-item").length === 2`)
	order, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".event-item .event-item-title")].map(e => e.textContent)`))
	if err != nil || len(order) != 2 || order[0] != "Vélorution à Jean-Macé" {
		t.Errorf("gatherings listed %q (%v), want the one in Lyon 7e first", order, err)
	}
	look("gatherings")
	step(t, ctx, "join", chromedp.Click(chromedp.CSS(`.event-item:first-child form button[type="submit"]`)))
	waitFor(t, ctx, `document.querySelector(".panel-success") !== null && document.querySelector(".panel-success").textContent.includes(`+strconv.Quote(words.joined)+`)`)
	look("joined")
	mailedLink(t, w.data, email, "/events/participation/cancel") // "a mail confirms it, with the link to cancel"
	if c := eventCounts(t, w, w.near); c.Approved != 1 {
		t.Errorf("the gathering counts %+v after the one-click join, want one approved", c)
	}
	if c := eventCounts(t, w, w.far); c.Registered+c.Approved+c.Pending+c.Waitlisted != 0 {
		t.Errorf("the other gathering counts %+v", c)
	}

	// The representatives for the postal code: the right one, with a
	// mailto: link carrying the pre-written message; not the other one.
	step(t, ctx, "targets", chromedp.Navigate(links["targets"]))
	waitFor(t, ctx, `document.querySelector("article.target") !== null`)
	got, err := chromedp.Run(ctx, chromedp.Evaluate[map[string]string](`(() => {
		const names = [...document.querySelectorAll("article.target h3")].map(h => h.textContent);
		const near = [...document.querySelectorAll("article.target")].find(a => a.querySelector("h3").textContent === "Camille Rivière");
		const a = near && near.querySelector("a[href^='mailto:']");
		return {
			names: names.join(" | "),
			near: near ? near.id : "",
			mailto: a ? a.getAttribute("href") : "",
			message: near ? near.querySelector("textarea").value : "",
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if got["near"] == "" {
		t.Errorf("the representative of %s is not shown: %v", signerPostcode, got)
	}
	if strings.Contains(got["names"], "Dominique Garonne") {
		t.Errorf("the representative of Gironde is shown for %s: %s", signerPostcode, got["names"])
	}
	if !strings.Contains(got["message"], petitionTitle) {
		t.Errorf("the pre-written message %q does not name the petition", got["message"])
	}
	m, err := url.Parse(got["mailto"])
	if err != nil || m.Scheme != "mailto" || m.Opaque != "camille.riviere@example.org" {
		t.Errorf("mailto link %q (%v)", got["mailto"], err)
	} else if body := m.Query().Get("body"); strings.ReplaceAll(body, "\r\n", "\n") != got["message"] || !strings.Contains(m.Query().Get("subject"), petitionTitle) {
		// RFC 6068: line breaks in a mailto: body are CRLF.
		t.Errorf("the mailto link carries subject %q and body %q, want the message %q", m.Query().Get("subject"), body, got["message"])
	}
	look("targets")

	// The person edits the message: the mailto: link follows (targets.js).
	const ps = " PS : la rue de Gerland est dangereuse."
	step(t, ctx, "edit message",
		chromedp.Evaluate[chromedp.Void](`(() => { const a = document.querySelector("#`+got["near"]+` textarea"); a.focus(); a.setSelectionRange(a.value.length, a.value.length); })()`),
		chromedp.SendKeys(chromedp.CSS(`#`+got["near"]+` textarea`), ps))
	waitFor(t, ctx, `decodeURIComponent(document.querySelector("#`+got["near"]+` a[href^='mailto:']").getAttribute("href")).endsWith(`+strconv.Quote(ps)+`)`)

	// "I sent my message" counts one for that representative.
	step(t, ctx, "sent", chromedp.Click(chromedp.CSS(`#`+got["near"]+` form[action$="/sent"] button`)))
	waitFor(t, ctx, `location.search.includes("ok=interpellation_counted") && document.getElementById(`+strconv.Quote(got["near"])+`).textContent.includes(`+strconv.Quote(words.counted)+`)`)
	look("interpellation-counted")
	// The other one was imported: it answers for Bordeaux.
	res, err := http.Get(w.base + "/petitions/" + w.id + "/targets?postcode=33000")
	if err != nil {
		t.Fatal(err)
	}
	bordeaux, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(bordeaux), "Dominique Garonne") {
		t.Errorf("the representative of Gironde is not shown for 33000 either (%d)", res.StatusCode)
	}

	for _, msg := range console() {
		if strings.Contains(msg, "Content Security Policy") || strings.Contains(msg, "Refused to") {
			t.Errorf("CSP violation logged: %s", msg)
		}
	}
}

// browserLanguage makes the browser of ctx ask for pages in lang, as a
// person's browser set to that language does (the mailed links carry no
// language: the pages they open follow the browser's).
func browserLanguage(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	ua, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.userAgent`))
	if err != nil {
		t.Fatal(err)
	}
	step(t, ctx, "language "+lang, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: lang})
		return err
	}))
}

// scripts turns the page scripts of the browser of ctx on or off.
func scripts(t *testing.T, ctx context.Context, on bool) {
	t.Helper()
	step(t, ctx, "scripts", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
}

// petitionCount reads the petition's total count from the JSON API.
func petitionCount(t *testing.T, w petitionWorld) int {
	t.Helper()
	var c struct {
		Total int `json:"total"`
	}
	body := apiSend(t, http.MethodGet, w.base+"/api/v1/petitions/"+w.id+"/counts", w.token, "", nil, http.StatusOK)
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		t.Fatal(err)
	}
	return c.Total
}

// participantCounts are an event's counts in the JSON API.
type participantCounts struct {
	Registered, Approved, Pending, Waitlisted int
}

// eventCounts reads an event's participant counts as its organiser.
func eventCounts(t *testing.T, w petitionWorld, id string) participantCounts {
	t.Helper()
	var ev struct {
		Counts *participantCounts `json:"counts"`
	}
	if err := json.Unmarshal([]byte(apiGet(t, w.base+"/api/v1/events/"+id, w.token)), &ev); err != nil || ev.Counts == nil {
		t.Fatalf("event %s: counts %v (%v)", id, ev.Counts, err)
	}
	return *ev.Counts
}

// jsonField reads a string at a path of object keys in a JSON document.
func jsonField(t *testing.T, doc string, path ...string) string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("%v in %s", err, doc)
	}
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("no %v in %s", path, doc)
		}
		v = m[k]
	}
	s, ok := v.(string)
	if !ok || s == "" {
		t.Fatalf("no %v in %s", path, doc)
	}
	return s
}
