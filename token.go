package cortege

import (
	"strconv"
	"strings"
	"time"
)

// Scopes of a personal API token. Every token reads; write adds the unsafe
// methods (POST, PUT, PATCH, DELETE); admin adds the instance
// administrator's powers, for an administrator's account only.
const (
	ScopeRead  = "read"
	ScopeWrite = "write"
	ScopeAdmin = "admin"
)

// TokenScopes lists the scopes in their canonical order.
var TokenScopes = []string{ScopeRead, ScopeWrite, ScopeAdmin}

// MaxTokenDays is the longest expiry a token may be given; a token may
// also have none.
const MaxTokenDays = 366

// TokenTouchEvery is how often a token's last use is written at most, so a
// busy script does not cost one write per request.
const TokenTouchEvery = time.Minute

// APIToken is a personal token for scripts. Only its hash is stored; the
// plain token is shown once at creation.
type APIToken struct {
	ID         string
	AccountID  string
	Label      string
	Scopes     []string // canonical order, read always included
	CreatedAt  time.Time
	LastUsedAt time.Time // zero: never used
	ExpiresAt  time.Time // zero: never expires
}

// Has reports whether the token carries scope.
func (t *APIToken) Has(scope string) bool { return contains(t.Scopes, scope) }

// Expired reports whether the token has expired at now.
func (t *APIToken) Expired(now time.Time) bool {
	return !t.ExpiresAt.IsZero() && !now.Before(t.ExpiresAt)
}

// ParseScopes reads a list of scopes separated by commas or spaces
// ("read,write", "write admin") into the canonical order. Read is always
// included; an unknown scope is an error on the field "scope".
func ParseScopes(s string) ([]string, error) {
	want := map[string]bool{ScopeRead: true}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		f = strings.ToLower(f)
		if !contains(TokenScopes, f) {
			return nil, Invalid("scope", "err.token.scope")
		}
		want[f] = true
	}
	return CanonicalScopes(want), nil
}

// CanonicalScopes returns the scopes set in want, in canonical order.
func CanonicalScopes(want map[string]bool) []string {
	out := []string{}
	for _, sc := range TokenScopes {
		if want[sc] {
			out = append(out, sc)
		}
	}
	return out
}

// ParseTokenDays reads a token's lifetime as typed at the command line:
// "" or "0" for none, else a number of days, "30" or "30d", at most
// MaxTokenDays. Errors are on the field "expires".
func ParseTokenDays(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
	if err != nil || n < 0 || n > MaxTokenDays {
		return 0, Invalid("expires", "err.token.expires")
	}
	return n, nil
}
