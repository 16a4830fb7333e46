package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "",
		"/":                             "/",
		"/settings":                     "/settings",
		"/admin/accounts?q=a&b":         "/admin/accounts?q=a&b",
		"//evil.example":                "",
		"/\\evil.example":               "",
		"https://evil.example":          "",
		"javascript:alert(1)":           "",
		"settings":                      "",
		"/\t/evil.example":              "",
		"/%2F%2Fevil.example":           "",
		"/a b":                          "",
		"/" + strings.Repeat("a", 3000): "",
	} {
		if got := SafeNext(in); got != want {
			t.Errorf("SafeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzSafeNext checks that whatever comes in the "next" parameter, what
// SafeNext lets through is a path on this site a browser cannot read as
// another origin.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/settings?x=1", "//evil", "/\\evil", "http://x", "/%2f%2fx", "/\x00", "/\u2028x", "/@camille"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := SafeNext(s)
		if got == "" {
			return
		}
		if got != s {
			t.Fatalf("SafeNext changed %q into %q", s, got)
		}
		if got[0] != '/' || strings.HasPrefix(got, "//") || strings.ContainsAny(got, "\\\t\r\n ") {
			t.Fatalf("unsafe next %q", got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Host != "" || u.Scheme != "" || u.User != nil {
			t.Fatalf("next %q parses as another origin: %+v", got, u)
		}
		// What a browser resolves against this site stays on it.
		base, _ := url.Parse("https://cortege.example/x/y")
		if r := base.ResolveReference(u); r.Host != "cortege.example" {
			t.Fatalf("next %q resolves to host %q", got, r.Host)
		}
	})
}

// FuzzTokenParam checks the emailed-link token filter: only well-formed
// tokens pass, unchanged but for surrounding spaces.
func FuzzTokenParam(f *testing.F) {
	for _, s := range []string{"", " abc ", strings.Repeat("A", 43), strings.Repeat("-", 43) + "\n", strings.Repeat("é", 43)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := tokenParam(s)
		if got == "" {
			return
		}
		if len(got) != 43 || got != strings.TrimSpace(s) {
			t.Fatalf("tokenParam(%q) = %q", s, got)
		}
	})
}
