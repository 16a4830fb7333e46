package e2e

import (
	"encoding/base64"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestJourneyVoteManage: a group's administrator writes a vote by
// invitation codes with two questions on a phone-width page, opens it
// after the confirmation, generates ten codes and gets their PDF; the
// PDF's first page is converted to an image that must be neither blank
// nor black, and it prints ten codes (must-show "the PDF code sheets
// render").
func TestJourneyVoteManage(t *testing.T) {
	pdftoppm, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftoppm (poppler-utils) is needed")
		}
		t.Skip("no pdftoppm")
	}
	alice := NewBrowser(t)
	base, data := startCortege(t)
	groupSignIn(t, alice, base, data, "alice@example.org")
	step(t, alice, "new group", chromedp.Navigate(base+"/groups/new"))
	step(t, alice, "fill group",
		chromedp.SendKeys(chromedp.ID("f-group-handle"), "assemblee"),
		chromedp.SendKeys(chromedp.ID("f-group-name"), "Assemblée des locataires"),
		chromedp.SendKeys(chromedp.ID("f-group-description"), "Nous votons."),
		chromedp.Submit(chromedp.ID("f-group-handle")),
	)
	waitFor(t, alice, `location.pathname === "/@assemblee"`)
	step(t, alice, "phone width", chromedp.EmulateViewport(390, 844))
	noSideScroll := func(page string) {
		t.Helper()
		wide, err := chromedp.Run(alice, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil || wide {
			t.Errorf("%s scrolls sideways at 390 px (%v)", page, err)
		}
	}

	step(t, alice, "votes tab", chromedp.Click(chromedp.CSS(`a[href="/@assemblee/votes"]`)))
	waitFor(t, alice, `location.pathname === "/@assemblee/votes" && document.querySelector('a[href="/@assemblee/votes/new"]') !== null`)
	step(t, alice, "new vote", chromedp.Click(chromedp.CSS(`a[href="/@assemblee/votes/new"]`)))
	waitFor(t, alice, `document.getElementById("f-vote-title") !== null`)
	noSideScroll("the vote form")
	shoot(t, alice, "vote-new")
	step(t, alice, "phone width again", chromedp.EmulateViewport(390, 844))
	loc, _ := time.LoadLocation("Europe/Paris")
	now := time.Now().In(loc)
	step(t, alice, "fill vote",
		chromedp.SendKeys(chromedp.ID("f-vote-title"), "Choix de la salle"),
		chromedp.SendKeys(chromedp.ID("f-vote-description"), "Où tenir l’assemblée **générale** ?"),
		chromedp.Click(chromedp.ID("f-vote-audience-codes")),
		chromedp.SetValue(chromedp.ID("f-vote-tz"), "Europe/Paris"),
		chromedp.SetValue(chromedp.ID("f-vote-opens_at"), now.Add(-time.Minute).Format("2006-01-02T15:04")),
		chromedp.SetValue(chromedp.ID("f-vote-closes_at"), now.Add(48*time.Hour).Format("2006-01-02T15:04")),
		chromedp.Submit(chromedp.ID("f-vote-title")),
	)
	waitFor(t, alice, `/^\/votes\/[0-9A-Z]+\/manage$/.test(location.pathname) && document.querySelector(".flash") !== null`)
	path, err := chromedp.Run(alice, chromedp.Evaluate[string](`location.pathname`))
	if err != nil {
		t.Fatal(err)
	}
	id := regexp.MustCompile(`^/votes/([0-9A-Z]+)/manage$`).FindStringSubmatch(path)[1]

	step(t, alice, "add a question", chromedp.Click(chromedp.CSS(`main a.button[href$="/questions/new"]`)))
	waitFor(t, alice, `document.getElementById("f-question-title") !== null`)
	step(t, alice, "first question",
		chromedp.SendKeys(chromedp.ID("f-question-title"), "Adopter l’ordre du jour ?"),
		chromedp.SetValue(chromedp.ID("f-question-kind"), "yesno"),
		chromedp.Submit(chromedp.ID("f-question-title")),
	)
	waitFor(t, alice, `location.pathname === "/votes/`+id+`/manage" && document.querySelectorAll(".vote-questions > li").length === 1`)
	step(t, alice, "add another", chromedp.Click(chromedp.CSS(`main a.button[href$="/questions/new"]`)))
	waitFor(t, alice, `document.getElementById("f-question-title") !== null`)
	step(t, alice, "second question",
		chromedp.SendKeys(chromedp.ID("f-question-title"), "Quelle salle ?"),
		chromedp.SetValue(chromedp.ID("f-question-kind"), "single"),
		chromedp.SendKeys(chromedp.ID("f-question-options"), "Salle des fêtes\nMaison des associations\nGymnase"),
	)
	noSideScroll("the questions editor")
	shoot(t, alice, "vote-question-editor") // the editor at 390 px (and 1280)
	step(t, alice, "phone width again", chromedp.EmulateViewport(390, 844))
	step(t, alice, "send it", chromedp.Submit(chromedp.ID("f-question-title")))
	waitFor(t, alice, `document.querySelectorAll(".vote-questions > li").length === 2`)
	noSideScroll("the management page")
	shoot(t, alice, "vote-manage")
	step(t, alice, "phone width again", chromedp.EmulateViewport(390, 844))

	step(t, alice, "open", chromedp.Click(chromedp.CSS(`form[action="/votes/`+id+`/open"] button`)))
	waitFor(t, alice, `location.pathname === "/votes/`+id+`/open" && document.querySelector('input[name="confirmed"]') !== null`)
	step(t, alice, "confirm", chromedp.Click(chromedp.CSS(`main form button.button-danger`)))
	waitFor(t, alice, `location.search === "?done=opened" && document.body.textContent.includes("Ouvert")`)
	if n, _ := chromedp.Run(alice, chromedp.Evaluate[int](`document.querySelectorAll('a[href$="/edit"]').length`)); n != 0 {
		t.Errorf("an opened vote still offers %d edit links", n)
	}

	step(t, alice, "codes page", chromedp.Click(chromedp.CSS(`nav a[href="/votes/`+id+`/codes"]`)))
	waitFor(t, alice, `document.getElementById("f-generate-count") !== null`)
	noSideScroll("the codes page")
	shoot(t, alice, "vote-codes")
	step(t, alice, "phone width again", chromedp.EmulateViewport(390, 844))
	// The form's POST answers the PDF as a download; the page's own
	// script fetches the same POST to read the bytes.
	got, err := chromedp.Run(alice, chromedp.Evaluate[string](`fetch("/votes/`+id+`/codes", {method: "POST", body: new URLSearchParams({count: "10"})})
		.then(r => r.arrayBuffer().then(b => {
			let s = "";
			new Uint8Array(b).forEach(c => s += String.fromCharCode(c));
			return r.headers.get("Content-Type") + "|" + r.headers.get("Content-Disposition") + "|" + btoa(s);
		}))`, chromedp.EvalAwaitPromise))
	parts := strings.SplitN(got, "|", 3)
	if err != nil || len(parts) != 3 || parts[0] != "application/pdf" || !strings.HasPrefix(parts[1], "attachment;") {
		t.Fatalf("codes answer: %.120q %v", got, err)
	}
	b64 := parts[2]
	pdf, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %.40q %v", pdf, err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "codes.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if text, err := exec.Command("pdftotext", file, "-").Output(); err == nil {
		codes := regexp.MustCompile(`[2-9A-X]{4}-[2-9A-X]{4}-[2-9A-X]{4}-[2-9A-X]{4}-[2-9A-X]{4}`).FindAllString(string(text), -1)
		if len(codes) != 10 {
			t.Errorf("the PDF prints %d codes, want 10", len(codes))
		}
	}
	img := filepath.Join(dir, "page")
	if out, err := exec.Command(pdftoppm, "-f", "1", "-l", "1", "-r", "100", "-png", "-singlefile", file, img).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	f, err := os.Open(img + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pic, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	bounds := pic.Bounds()
	dark, total := 0, 0
	for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
		for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
			r, g, bl, _ := pic.At(x, y).RGBA()
			if (r+g+bl)/3 < 0x8000 {
				dark++
			}
			total++
		}
	}
	if share := float64(dark) / float64(total); share < 0.03 || share > 0.5 {
		t.Errorf("the PDF's first page is %.1f%% dark: blank or broken", 100*share)
	}
	if out := os.Getenv("CORTEGE_E2E_ARTIFACTS"); out != "" {
		if b, err := os.ReadFile(img + ".png"); err == nil {
			os.WriteFile(filepath.Join(out, "TestJourneyVoteManage-codes-pdf-page1.png"), b, 0o644)
		}
	}

	step(t, alice, "codes counted", chromedp.Navigate(base+"/votes/"+id+"/codes"))
	waitFor(t, alice, `document.querySelector('[data-count="issued"]').textContent === "10"`)
}
