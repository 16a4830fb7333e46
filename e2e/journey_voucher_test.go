package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"codeberg.org/cortege/cortege"
)

// TestJourneyVoucher: a group's administrator reads the group's voucher
// of the month on a phone-width page, and the code verifies with the key
// file the server made in its data folder, as another system would check
// it offline.
func TestJourneyVoucher(t *testing.T) {
	alice := NewBrowser(t)
	base, data := startCortege(t)
	groupSignIn(t, alice, base, data, "alice@example.org")
	step(t, alice, "new group", chromedp.Navigate(base+"/groups/new"))
	step(t, alice, "fill group",
		chromedp.SendKeys(chromedp.ID("f-group-handle"), "colleurs"),
		chromedp.SendKeys(chromedp.ID("f-group-name"), "Les colleurs d’affiches"),
		chromedp.SendKeys(chromedp.ID("f-group-description"), "Nous collons."),
		chromedp.Submit(chromedp.ID("f-group-handle")),
	)
	waitFor(t, alice, `location.pathname === "/@colleurs"`)
	step(t, alice, "phone width", chromedp.EmulateViewport(390, 844))
	step(t, alice, "voucher page", chromedp.Navigate(base+"/@colleurs/voucher"))
	waitFor(t, alice, `document.querySelector(".ticket-code") !== null && document.querySelector("h1").textContent === "Bon du mois"`)
	wide, err := chromedp.Run(alice, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil || wide {
		t.Errorf("the voucher page scrolls sideways at 390 px (%v)", err)
	}
	shoot(t, alice, "voucher")
	code, err := chromedp.Run(alice, chromedp.Evaluate[string](`document.querySelector(".ticket-code").textContent`))
	if err != nil || !regexp.MustCompile(`^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$`).MatchString(code) {
		t.Fatalf("code on the page: %q, %v", code, err)
	}
	raw, err := os.ReadFile(filepath.Join(data, "voucher.key"))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := cortege.ParseVoucherKeys(raw)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cortege.VerifyVoucher(keys, code, time.Now().UTC()); err != nil {
		t.Errorf("the page's code does not verify with DATA/voucher.key: %v", err)
	}
}
