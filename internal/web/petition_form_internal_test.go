package web

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/httpx"
)

func TestPetitionFormStamp(t *testing.T) {
	key := []byte("k")
	now := time.UnixMilli(1_765_000_000_000)
	s := formStamp(key, "P1", now)
	if at, ok := readFormStamp(key, "P1", s, now.Add(5*time.Second)); !ok || !at.Equal(now) {
		t.Fatalf("own stamp: %v %v", at, ok)
	}
	for name, c := range map[string]struct {
		key     string
		id, s   string
		elapsed time.Duration
	}{
		"other key":      {"x", "P1", s, time.Second},
		"other petition": {"k", "P2", s, time.Second},
		"too old":        {"k", "P1", s, formStampMaxAge + time.Second},
		"future":         {"k", "P1", formStamp(key, "P1", now.Add(2*time.Minute)), 0},
		"changed time":   {"k", "P1", "1" + s, time.Second},
		"no mac":         {"k", "P1", strings.Split(s, ".")[0], time.Second},
		"empty":          {"k", "P1", "", time.Second},
	} {
		if _, ok := readFormStamp([]byte(c.key), c.id, c.s, now.Add(c.elapsed)); ok {
			t.Errorf("%s: accepted", name)
		}
	}
}

// FuzzPetitionFormStamp: no input panics, and only a stamp made with the
// key for this petition reads back, as the time it says.
func FuzzPetitionFormStamp(f *testing.F) {
	f.Add("1765000000000.AAAAAAAAAAAAAAAAAAAAAAAA", int64(0))
	f.Add(formStamp([]byte("k"), "P1", time.UnixMilli(1_765_000_000_000)), int64(3000))
	f.Fuzz(func(t *testing.T, s string, elapsed int64) {
		key := []byte("k")
		now := time.UnixMilli(1_765_000_000_000).Add(time.Duration(elapsed) * time.Millisecond)
		at, ok := readFormStamp(key, "P1", s, now)
		if !ok {
			return
		}
		if formStamp(key, "P1", at) != s {
			t.Fatalf("%q read as %v, which stamps differently", s, at)
		}
		if at.After(now.Add(time.Minute)) || now.Sub(at) > formStampMaxAge {
			t.Fatalf("%q accepted at %v out of its window", s, at)
		}
	})
}

func TestPetitionMastodonHost(t *testing.T) {
	for in, want := range map[string]string{
		"mastodon.social": "mastodon.social", " Mastodon.Social ": "mastodon.social", "https://piaille.fr/": "piaille.fr",
		"@camille@piaille.fr": "piaille.fr", "camille@social.example.org": "social.example.org", "mastodon.social.": "mastodon.social",
		"réseau.example": "xn--rseau-bsa.example",
	} {
		if got, ok := mastodonHost(in); !ok || got != want {
			t.Errorf("%q: %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "localhost", "127.0.0.1", "[::1]", "host:443", "a.b/c", "evil.example?x", "a..b", "-a.b", "a b.c",
		"javascript:alert(1)", "http://", "x.example#frag", `a\b.c`, strings.Repeat("a", 64) + ".b", "a.b%2f"} {
		if got, ok := mastodonHost(in); ok {
			t.Errorf("%q accepted as %q", in, got)
		}
	}
}

// FuzzPetitionMastodonHost: whatever is typed, an accepted host is only
// lower-case letters, digits, hyphens and dots, so the redirect it makes
// stays https://HOST/share.
func FuzzPetitionMastodonHost(f *testing.F) {
	for _, s := range []string{"mastodon.social", "@a@b.c", "https://x.y/", "réseau.example", "a:1", "[::1]", "1.2.3.4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		host, ok := mastodonHost(s)
		if !ok {
			return
		}
		if host == "" || len(host) > 253 || !strings.Contains(host, ".") || strings.Trim(host, "abcdefghijklmnopqrstuvwxyz0123456789-.") != "" {
			t.Fatalf("%q accepted as %q", s, host)
		}
	})
}

// TestPetitionCSPs: the two per-route policies differ from the default by
// their one directive only.
func TestPetitionCSPs(t *testing.T) {
	if httpx.CSPFramable != strings.Replace(httpx.CSP, "frame-ancestors 'none'", "frame-ancestors *", 1) {
		t.Errorf("CSPFramable %q", httpx.CSPFramable)
	}
	if petitionShareCSP != strings.Replace(httpx.CSP, "form-action 'self'", "form-action 'self' https:", 1) || !strings.HasSuffix(httpx.CSP, "form-action 'self'") {
		t.Errorf("petitionShareCSP %q", petitionShareCSP)
	}
}
