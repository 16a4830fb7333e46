package cortege

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseScopes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", []string{"read"}},
		{"read", []string{"read"}},
		{"write", []string{"read", "write"}},
		{"admin,read", []string{"read", "admin"}},
		{" Write , ADMIN ", []string{"read", "write", "admin"}},
		{"read write\tadmin", []string{"read", "write", "admin"}},
		{"write,write", []string{"read", "write"}},
	} {
		got, err := ParseScopes(c.in)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("ParseScopes(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"delete", "read,tokens", "réad", "*"} {
		if _, err := ParseScopes(bad); ErrorOf(err) == nil || ErrorOf(err).Field != "scope" {
			t.Errorf("ParseScopes(%q) = %v, want an error on scope", bad, err)
		}
	}
}

func TestParseTokenDays(t *testing.T) {
	for in, want := range map[string]int{"": 0, "0": 0, "30": 30, "30d": 30, " 7D ": 7, "366d": 366} {
		if got, err := ParseTokenDays(in); err != nil || got != want {
			t.Errorf("ParseTokenDays(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"367", "-1", "1y", "d", "30dd", "1e3", "99999999999999999999"} {
		if _, err := ParseTokenDays(bad); ErrorOf(err) == nil || ErrorOf(err).Field != "expires" {
			t.Errorf("ParseTokenDays(%q) = %v, want an error on expires", bad, err)
		}
	}
}

func TestTokenExpired(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	never := &APIToken{}
	if never.Expired(now) {
		t.Error("a token without expiry expired")
	}
	at := &APIToken{ExpiresAt: now}
	if !at.Expired(now) || at.Expired(now.Add(-time.Millisecond)) {
		t.Error("expiry is not the instant given")
	}
}

// FuzzParseScopes: any text gives canonical scopes (read first, each once,
// known ones only) or an error on the field "scope"; never a panic.
func FuzzParseScopes(f *testing.F) {
	for _, s := range []string{"", "read,write", "admin", "read write admin", "x,,y", "WRITE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseScopes(s)
		if err != nil {
			if e := ErrorOf(err); e == nil || e.Field != "scope" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if len(got) == 0 || got[0] != ScopeRead || !slices.IsSortedFunc(got, func(a, b string) int {
			return slices.Index(TokenScopes, a) - slices.Index(TokenScopes, b)
		}) || len(slices.Compact(slices.Clone(got))) != len(got) {
			t.Fatalf("%q: %v", s, got)
		}
		again, err := ParseScopes(strings.Join(got, ","))
		if err != nil || !slices.Equal(again, got) {
			t.Fatalf("%q: %v does not read back: %v %v", s, got, again, err)
		}
	})
}

// FuzzParseTokenDays: any text gives 0…MaxTokenDays or an error on the
// field "expires".
func FuzzParseTokenDays(f *testing.F) {
	for _, s := range []string{"", "30d", "366", "367", "-1", "1y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseTokenDays(s)
		if err != nil {
			if e := ErrorOf(err); e == nil || e.Field != "expires" {
				t.Fatalf("%q: %v", s, err)
			}
			return
		}
		if n < 0 || n > MaxTokenDays {
			t.Fatalf("%q: %d", s, n)
		}
	})
}
