package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserHarness proves the harness itself: Chromium starts, loads a page
// from a local server, and chromedp reads the title and an element back.
func TestBrowserHarness(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<!doctype html><html lang="fr"><title>Cortège harness</title><h1 id="greeting">Bonjour</h1></html>`)
	}))
	defer srv.Close()

	ctx := NewBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	greeting, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("greeting")))
	if err != nil {
		t.Fatal(err)
	}
	if title != "Cortège harness" || greeting != "Bonjour" {
		t.Errorf("title %q, greeting %q; want %q, %q", title, greeting, "Cortège harness", "Bonjour")
	}
}

// TestSaveScreenshot checks that a screenshot lands in CORTEGE_E2E_ARTIFACTS.
func TestSaveScreenshot(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("CORTEGE_E2E_ARTIFACTS", dir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<!doctype html><title>shot</title><p>screenshot</p>`)
	}))
	defer srv.Close()

	ctx := NewBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	SaveScreenshot(t, ctx, "page")
	b, err := os.ReadFile(filepath.Join(dir, "TestSaveScreenshot-page.png"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 8 || string(b[1:4]) != "PNG" {
		t.Errorf("screenshot is not a PNG (%d bytes)", len(b))
	}
}
