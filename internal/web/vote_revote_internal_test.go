package web

import (
	"encoding/base64"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
)

func TestParseRevoteKey(t *testing.T) {
	tok, sig := "AAECAw", "BAUG"
	for _, c := range []struct {
		in string
		ok bool
	}{
		{tok + "." + sig, true},
		{" " + tok + "\n." + sig + "\r\n", true},
		{tok + "==." + sig + "=", true}, // padding is ignored
		{tok + "." + sig + "\u00a0", true},
		{tok, false},
		{"." + sig, false},
		{tok + ".", false},
		{tok + "." + sig + ".x", false},
		{tok + ".B+UG", false},
		{"", false},
		{strings.Repeat("A", 3000) + "." + sig, false},
	} {
		gt, gs, err := parseRevoteKey(c.in)
		if (err == nil) != c.ok {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if err == nil && (gt != tok || gs != sig) {
			t.Errorf("%q: %q %q", c.in, gt, gs)
		}
		if err != nil && (cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "key") {
			t.Errorf("%q: %v does not name the key", c.in, err)
		}
	}
	if k := revoteKey(tok, sig); k != tok+"."+sig {
		t.Errorf("revoteKey: %q", k)
	}
}

// FuzzParseRevoteKey: any input is a key or a refusal naming the key
// field; a key read back is canonical base64url and reads the same again.
func FuzzParseRevoteKey(f *testing.F) {
	f.Add("AAECAw.BAUG")
	f.Fuzz(func(t *testing.T, s string) {
		tok, sig, err := parseRevoteKey(s)
		if err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Field != "key" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		enc := base64.RawURLEncoding
		if _, err := enc.DecodeString(tok); err != nil || tok == "" {
			t.Fatalf("%q: token %q", s, tok)
		}
		if _, err := enc.DecodeString(sig); err != nil || sig == "" {
			t.Fatalf("%q: signature %q", s, sig)
		}
		t2, s2, err := parseRevoteKey(revoteKey(tok, sig))
		if err != nil || t2 != tok || s2 != sig {
			t.Fatalf("%q: not stable: %q %q %v", s, t2, s2, err)
		}
	})
}
