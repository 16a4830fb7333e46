package cortege

import (
	"net/mail"
	"strings"
	"time"
)

// Account roles.
const (
	RoleUser  = "user"
	RoleAdmin = "admin"
)

// Account statuses. A pending account waits for an administrator's approval
// (registrations "by approval"); a suspended one cannot sign in.
const (
	AccountActive    = "active"
	AccountPending   = "pending"
	AccountSuspended = "suspended"
)

// Account is a person's login: an email address, a language, a role. Other
// people never see it; they see Profiles.
type Account struct {
	ID               string
	Email            string
	Role             string
	Status           string
	Lang             string
	PasswordHash     string // argon2id PHC string, empty when none is set
	DefaultProfileID string
	// Identity says whether the person chose their public name and
	// handle (IdentityChosen) or must still do so (see NeedsIdentity).
	Identity    string
	CreatedAt   time.Time
	LastLoginAt time.Time
}

// IsAdmin reports whether the account administers the instance.
func (a *Account) IsAdmin() bool { return a != nil && a.Role == RoleAdmin && a.Status == AccountActive }

// MaxEmailLen is the longest address accepted (RFC 5321's path limit).
const MaxEmailLen = 254

// NormalizeEmail trims and lower-cases the domain of an address and checks
// it, returning the field-named error users see.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", Invalid("email", "err.email.required")
	}
	if err := CheckChars("email", s, false); err != nil {
		return "", err
	}
	if len(s) > MaxEmailLen {
		return "", Invalid("email", "err.email.invalid")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || addr.Name != "" {
		return "", Invalid("email", "err.email.invalid")
	}
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || !strings.Contains(s[at+1:], ".") || strings.ContainsAny(s, " \t\r\n<>\"") {
		return "", Invalid("email", "err.email.invalid")
	}
	return s[:at] + "@" + strings.ToLower(s[at+1:]), nil
}
