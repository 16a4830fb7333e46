// Package e2e holds Cortège's end-to-end journeys: each test starts Cortège
// in-process and drives it with a headless Chromium through chromedp. It
// also holds the header and authorisation crawler (crawl_*_test.go,
// TestAuthorisationCrawl), which needs no browser.
//
// Without Chromium the journeys skip, unless CORTEGE_E2E=required (CI), which
// turns a missing browser into a failure. CORTEGE_CHROMIUM picks the browser
// binary; CORTEGE_E2E_ARTIFACTS names a folder where a failing test leaves a
// screenshot of its page.
package e2e

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BrowserTimeout bounds one test's use of its browser, so a journey stuck on
// a selector fails with a screenshot instead of hanging the suite.
const BrowserTimeout = 2 * time.Minute

// ChromiumPath returns the browser to drive: $CORTEGE_CHROMIUM, else Debian's
// /usr/bin/chromium, else the first Chromium or Chrome on PATH; "" if none.
func ChromiumPath() string {
	if p := os.Getenv("CORTEGE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// NewBrowser starts a fresh headless Chromium (its own temporary profile) for
// t and returns a context bound to one tab: pass it to chromedp.Run. The
// context ends after BrowserTimeout or at the test's deadline; the browser is
// stopped when the test ends, after a screenshot is saved if it failed.
func NewBrowser(t *testing.T) context.Context {
	t.Helper()
	if mode := os.Getenv("CORTEGE_E2E"); mode == "off" || (mode != "required" && testing.Short()) {
		t.Skip("browser journeys disabled (CORTEGE_E2E=off or -short)")
	}
	exe := ChromiumPath()
	if exe == "" {
		missingBrowser(t, "Chromium not found (apt-get install chromium, or set CORTEGE_CHROMIUM)")
	}

	profile, err := os.MkdirTemp("", "cortege-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	out := &tailBuffer{max: 16 << 10}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.Flag("headless", "new"),
		chromedp.NoSandbox, // CI runs as root, where the sandbox cannot start
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(out),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tabCtx, cancelTab := chromedp.NewContext(allocCtx, chromedp.WithErrorf(out.printf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc() // waits for the browser process to exit
		removeProfile(profile)
	})

	// Start the browser now, so a broken installation fails here, clearly.
	if err := chromedp.Do(tabCtx); err != nil {
		missingBrowser(t, fmt.Sprintf("cannot start %s: %v\n%s", exe, err, out))
	}

	deadline := time.Now().Add(BrowserTimeout)
	if d, ok := t.Deadline(); ok && d.Add(-10*time.Second).Before(deadline) {
		deadline = d.Add(-10 * time.Second)
	}
	ctx, cancel := context.WithDeadline(tabCtx, deadline)
	t.Cleanup(func() {
		cancel()
		if t.Failed() {
			SaveScreenshot(t, tabCtx, "failure")
			t.Logf("browser output (last %d bytes):\n%s", out.max, out)
		}
	})
	return ctx
}

// missingBrowser skips t, or fails it when CORTEGE_E2E=required.
func missingBrowser(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("CORTEGE_E2E") == "required" {
		t.Fatalf("CORTEGE_E2E=required: %s", why)
	}
	t.Skipf("skipping browser journey: %s", why)
}

// SaveScreenshot writes a full-page PNG of the tab in ctx to
// $CORTEGE_E2E_ARTIFACTS/<test>-<name>.png; it does nothing when that
// variable is unset. It works after ctx's own deadline has passed, as long as
// the tab is still open, so failure handlers can use it.
func SaveScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("CORTEGE_E2E_ARTIFACTS")
	if dir == "" {
		return
	}
	// A fresh deadline: the test's own may be what just expired.
	shotCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	png, err := chromedp.Run(shotCtx, chromedp.FullScreenshot(100)) // 100: PNG
	if err != nil {
		t.Logf("screenshot %q: %v", name, err)
		return
	}
	file := filepath.Join(dir, safeName(t.Name())+"-"+safeName(name)+".png")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("screenshot %q: %v", name, err)
		return
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		t.Logf("screenshot %q: %v", name, err)
		return
	}
	t.Logf("screenshot saved: %s", file)
}

// safeName turns a test name like "TestJoin/anonymous" into a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}

// removeProfile deletes the browser profile; Chromium's helper processes may
// still be writing into it for a moment after the browser exits.
func removeProfile(dir string) {
	for range 20 {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// tailBuffer keeps the last max bytes written to it: the browser's output,
// shown only when a test fails.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = bytes.Clone(b.buf[over:])
	}
	return len(p), nil
}

func (b *tailBuffer) printf(format string, args ...any) {
	fmt.Fprintf(b, format+"\n", args...)
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
