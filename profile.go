package cortege

import (
	"strings"
	"time"
)

// Profile is a public identity of an account. An account may keep several
// (Mobilizon's "identities") to keep circles apart; others only ever see
// profiles. A deleted account leaves its profiles as "deleted profile"
// placeholders so that what others need (a group's history) stays readable.
type Profile struct {
	ID          string
	AccountID   string // empty once the account is deleted
	Handle      string
	DisplayName string
	Bio         string
	Avatar      string // content hash of the re-encoded avatar, empty when none
	Deleted     bool
	CreatedAt   time.Time
	// Suspended: the account behind the profile is suspended. Others then
	// see neither its name, bio nor avatar (Masked), only "suspended
	// profile", as Mastodon shows suspended accounts; instance
	// administrators see it whole.
	Suspended bool
}

// Limits on profile fields.
const (
	MinHandleLen      = 2
	MaxHandleLen      = 30
	MaxDisplayNameLen = 80
	MaxBioLen         = 500
)

// reservedHandles cannot be taken: they would collide with routes or mislead.
var reservedHandles = map[string]bool{
	"admin": true, "administrator": true, "api": true, "root": true, "cortege": true,
	"login": true, "logout": true, "settings": true, "static": true, "support": true,
	"moderator": true, "system": true, "www": true, "mail": true, "postmaster": true,
	"abuse": true, "security": true, "deleted": true, "instance": true, "relay": true,
	// Pages of the site and words that would pass for the instance speaking.
	"events": true, "groups": true, "feeds": true, "uploads": true, "dashboard": true,
	"welcome": true, "help": true, "about": true, "new": true, "healthz": true,
	"metrics": true, "moderation": true, "moderateur": true, "administrateur": true,
	"noreply": true, "no_reply": true, "webmaster": true, "hostmaster": true,
	"anonymous": true, "anonyme": true, "everyone": true, "official": true, "officiel": true,
}

// NormalizeHandle lower-cases a handle, drops a leading "@" and checks it:
// 2 to 30 characters among a–z, 0–9 and "_". Handles share one namespace with
// groups, so a group is addressable like a person.
func NormalizeHandle(s string) (string, error) {
	s = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "@"))
	if s == "" {
		return "", Invalid("handle", "err.handle.required")
	}
	if len(s) > MaxHandleLen || len(s) < MinHandleLen {
		return "", Invalid("handle", "err.handle.length")
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return "", Invalid("handle", "err.handle.chars")
		}
	}
	if reservedHandles[s] {
		return "", Invalid("handle", "err.handle.reserved")
	}
	return s, nil
}

// Validate checks the editable fields of a profile and normalises them.
func (p *Profile) Validate() error {
	h, err := NormalizeHandle(p.Handle)
	if err != nil {
		return err
	}
	p.Handle = h
	if p.DisplayName, err = CheckText("display_name", p.DisplayName, MaxDisplayNameLen, false); err != nil {
		if e := ErrorOf(err); e.Message == "err.too_long" {
			e.Message = "err.display_name.invalid"
		}
		return err
	}
	if p.DisplayName == "" {
		return Invalid("display_name", "err.display_name.required")
	}
	if p.Bio, err = CheckText("bio", p.Bio, MaxBioLen, true); err != nil {
		if e := ErrorOf(err); e.Message == "err.too_long" {
			e.Message = "err.bio.too_long"
		}
		return err
	}
	return nil
}

// Name is what others see: the display name, or a placeholder once deleted
// or while suspended.
func (p *Profile) Name() string {
	if p.Deleted || p.Suspended {
		return ""
	}
	return p.DisplayName
}

// Masked returns p as others see it while its account is suspended: the
// ID, handle and marks stay, the name, bio and avatar go. Other profiles
// come back unchanged.
func (p *Profile) Masked() *Profile {
	if p == nil || !p.Suspended {
		return p
	}
	c := *p
	c.DisplayName, c.Bio, c.Avatar = "", "", ""
	return &c
}
