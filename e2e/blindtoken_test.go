package e2e

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/cloudflare/circl/blindsign/blindrsa"

	"codeberg.org/cortege/cortege/internal/tally"
)

// TestBlindTokenScript runs static/vote.js in Chromium against circl: the
// page prepares and blinds a token, Go blind-signs it with circl, the page
// unblinds and verifies, and Go verifies the token with circl, 50 times
// (the last 25 with crypto.subtle removed, so on the script's SHA-384); the
// script's own SHA-384 (for pages without crypto.subtle) agrees with Go's on
// random inputs of every length around the block boundaries.
func TestBlindTokenScript(t *testing.T) {
	script, err := os.ReadFile("../internal/web/static/vote.js")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/vote.js" {
			w.Header().Set("Content-Type", "text/javascript")
			w.Write(script)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; object-src 'none'; base-uri 'none'")
		fmt.Fprint(w, `<!doctype html><html lang="en"><title>vote.js</title><script src="/vote.js"></script></html>`)
	}))
	defer srv.Close()

	ctx := NewBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `typeof window.CortegeVote === "object"`)

	// SHA-384 fallback against crypto/sha512.
	for n := 0; n < 300; n++ {
		msg := make([]byte, n)
		rand.Read(msg)
		want := sha512.Sum384(msg)
		got, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
			`Array.from(CortegeVote.sha384js(CortegeVote.b64dec(%q))).map(b => b.toString(16).padStart(2, "0")).join("")`,
			base64.StdEncoding.EncodeToString(msg))))
		if err != nil {
			t.Fatal(err)
		}
		if got != hex.EncodeToString(want[:]) {
			t.Fatalf("sha384js of %d bytes: %s, want %x", n, got, want)
		}
	}

	sk, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keyB64, err := tally.EncodeTokenKey(&sk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	signer := blindrsa.NewSigner(sk)
	verifier, err := blindrsa.NewVerifier(blindrsa.SHA384PSSRandomized, &sk.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for round := 0; round < 50; round++ {
		if round == 25 { // the second half without crypto.subtle, as over a plain-HTTP onion
			gone, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`Object.defineProperty(Crypto.prototype, "subtle", {get() { return undefined }}); window.crypto.subtle === undefined`))
			if err != nil || !gone {
				t.Fatalf("removing crypto.subtle: %v %v", gone, err)
			}
		}
		blinded, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(
			`CortegeVote.blind(%q).then(b => { window.state = b.state; return CortegeVote.b64url(b.blinded); })`, keyB64), chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("round %d: blind: %v", round, err)
		}
		bm, err := base64.RawURLEncoding.DecodeString(blinded)
		if err != nil {
			t.Fatal(err)
		}
		bs, err := signer.BlindSign(bm)
		if err != nil {
			t.Fatalf("round %d: BlindSign: %v", round, err)
		}
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
			`(() => { const t = CortegeVote.finalize(window.state, CortegeVote.b64dec(%q)); return [CortegeVote.b64url(t.token), CortegeVote.b64url(t.signature)]; })()`,
			base64.RawURLEncoding.EncodeToString(bs))))
		if err != nil || len(out) != 2 {
			t.Fatalf("round %d: finalize: %v %v", round, out, err)
		}
		token, _ := base64.RawURLEncoding.DecodeString(out[0])
		sig, _ := base64.RawURLEncoding.DecodeString(out[1])
		if len(token) != 64 || seen[string(token)] {
			t.Fatalf("round %d: token of %d bytes, repeated %v", round, len(token), seen[string(token)])
		}
		seen[string(token)] = true
		if err := verifier.Verify(token, sig); err != nil {
			t.Fatalf("round %d: circl refuses the token: %v", round, err)
		}
		// The same check as plain RSASSA-PSS, as docs/tally.md states it.
		h := sha512.Sum384(token)
		if err := rsa.VerifyPSS(&sk.PublicKey, crypto.SHA384, h[:], sig, &rsa.PSSOptions{SaltLength: 48}); err != nil {
			t.Fatalf("round %d: PSS: %v", round, err)
		}
	}

	// A wrong blind signature is refused by the script, not kept.
	refused, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const s = new Uint8Array(256); s[255] = 7; try { CortegeVote.finalize(window.state, s); return false } catch (e) { return true } })()`))
	if err != nil || !refused {
		t.Fatalf("a forged blind signature was accepted (%v)", err)
	}
}
