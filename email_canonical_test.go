package cortege_test

import (
	"strings"
	"testing"

	"golang.org/x/net/idna"

	"codeberg.org/cortege/cortege"
)

func TestCanonicalEmail(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Anna@Example.org", "anna@example.org"},
		{"a.n.n.a@gmail.com", "anna@gmail.com"},
		{"A.Nna+petitions@GoogleMail.com", "anna@gmail.com"},
		{"anna+x@outlook.com", "anna@outlook.com"},
		{"an.na+x@outlook.com", "an.na@outlook.com"}, // dots count at Microsoft
		{"anna+x@example.org", "anna+x@example.org"}, // unknown provider: "+" kept
		{"an.na@example.org", "an.na@example.org"},
		{"anna@example.org.", "anna@example.org"},
		{"anna@élysée.fr", "anna@xn--lyse-9oad.fr"},
		{"anna@ÉLYSÉE.fr", "anna@xn--lyse-9oad.fr"},
		{"anna@xn--lyse-9oad.fr", "anna@xn--lyse-9oad.fr"},
		{"anna@bücher.example", "anna@xn--bcher-kva.example"},
		{"anna@例え.テスト", "anna@xn--r8jz45g.xn--zckzah"},
	} {
		got, err := cortege.CanonicalEmail(c.in)
		if err != nil || got != c.want {
			t.Errorf("CanonicalEmail(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "anna", "@example.org", "anna@", "+tag@gmail.com", "...@gmail.com", "anna@example..org", "anna@" + strings.Repeat("a", 64) + ".org"} {
		if _, err := cortege.CanonicalEmail(bad); cortege.ErrorCode(err) != cortege.EINVALID {
			t.Errorf("CanonicalEmail(%q) = %v, want EINVALID", bad, err)
		}
	}
}

// FuzzCanonicalEmail checks that the key is stable (a key is its own key),
// ASCII in its domain, and that the Punycode agrees with golang.org/x/net/idna
// wherever idna maps nothing but case.
func FuzzCanonicalEmail(f *testing.F) {
	for _, s := range []string{"a.b+c@gmail.com", "x@élysée.fr", "X@Bücher.Example.", "a@b", "a@例え.テスト", "a+b@outlook.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := cortege.CanonicalEmail(s)
		if err != nil {
			return
		}
		again, err := cortege.CanonicalEmail(k)
		if err != nil || again != k {
			t.Fatalf("CanonicalEmail(%q) = %q, whose key is %q, %v", s, k, again, err)
		}
		at := strings.LastIndexByte(k, '@')
		domain := k[at+1:]
		for i := 0; i < len(domain); i++ {
			if domain[i] >= 0x80 {
				t.Fatalf("CanonicalEmail(%q) = %q: domain not ASCII", s, k)
			}
		}
		typed := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)[strings.LastIndexByte(strings.TrimSpace(s), '@')+1:]), ".")
		want, err := idna.Lookup.ToASCII(typed)
		if err != nil {
			return
		}
		if back, err := idna.Lookup.ToUnicode(want); err != nil || back != typed {
			return // idna mapped more than case (width, NFC…): not compared
		}
		if domain != want && domain != "gmail.com" {
			t.Fatalf("CanonicalEmail(%q) domain %q, idna %q", s, domain, want)
		}
	})
}

func TestDisposableDomain(t *testing.T) {
	for d, want := range map[string]bool{"mailinator.com": true, "yopmail.com": true, "x.mailinator.com": true,
		"gmail.com": false, "laposte.net": false, "example.org": false, "com": false} {
		if got := cortege.DisposableDomain(d); got != want {
			t.Errorf("DisposableDomain(%q) = %v", d, got)
		}
	}
}
