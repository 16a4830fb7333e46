package cortege

import (
	"crypto/rand"
	"math/big"
	"strconv"
	"strings"
)

// Identity states of an account: whether the person chose the public name
// and handle of their first profile. Until they do, nothing they do is
// published (see RequireIdentity).
const (
	// IdentityChosen: the person chose (or kept) their public name.
	IdentityChosen = "chosen"
	// IdentityNew: a new account with a neutral suggested handle nobody
	// has seen yet; choosing another one frees it.
	IdentityNew = "new"
	// IdentityLegacy: an account made before names were chosen, whose
	// handle came from its email address; the person is asked once and
	// may keep it.
	IdentityLegacy = "legacy"
	// IdentityUnchecked: an account older than the identity step, not
	// yet compared with what the old rule derived from its address (the
	// migration marks every existing account so; the first request with
	// a session settles it to legacy or chosen).
	IdentityUnchecked = "check"
)

// NeedsIdentity reports whether the account must still choose its public
// name and handle before publishing anything.
func (a *Account) NeedsIdentity() bool {
	return a != nil && (a.Identity == IdentityNew || a.Identity == IdentityLegacy)
}

// IdentityRequired is the error of a use case that would publish something
// for an account that has not chosen its public name yet. It names the
// handle field, so an API client knows what to send, and the web turns it
// into a redirect to the step where the name is chosen.
func IdentityRequired() *Error {
	return &Error{Code: EFORBIDDEN, Field: "handle", Message: "err.identity.required"}
}

// IsIdentityRequired reports whether err is IdentityRequired.
func IsIdentityRequired(err error) bool {
	e := ErrorOf(err)
	return e != nil && e.Message == "err.identity.required"
}

// RequireIdentity refuses a signed-in actor whose account has not chosen
// its public name; visitors without an account pass (they publish nothing
// under a profile).
func RequireIdentity(a Actor) error {
	if a.Account != nil && a.Account.NeedsIdentity() {
		return IdentityRequired()
	}
	return nil
}

// handleWords are the neutral words suggested handles are made of, in each
// language: plain ASCII, so every combination is a valid handle. A
// suggestion says nothing about the person (never their address).
var handleWords = map[string][2][]string{
	"fr": {
		{"renard", "heron", "castor", "colibri", "loutre", "merle", "hibou", "lynx", "blaireau", "mouette",
			"cerf", "ecureuil", "martinet", "pinson", "bouvreuil", "chamois", "lievre", "grillon", "tilleul", "chene",
			"peuplier", "saule", "erable", "roseau", "galet", "ruisseau", "nuage", "etoile", "comete", "vallon"},
		{"agile", "calme", "curieux", "discret", "joyeux", "leger", "patient", "rapide", "serein", "tenace",
			"vif", "doux", "brave", "sage", "fidele", "hardi", "malin", "paisible", "rieur", "solide",
			"tranquille", "vaillant", "espiegle", "ruse", "alerte", "franc", "loyal", "modeste", "poli", "subtil"},
	},
	"en": {
		{"fox", "heron", "beaver", "hummingbird", "otter", "blackbird", "owl", "lynx", "badger", "gull",
			"deer", "squirrel", "swift", "finch", "wren", "chamois", "hare", "cricket", "linden", "oak",
			"poplar", "willow", "maple", "reed", "pebble", "brook", "cloud", "star", "comet", "valley"},
		{"nimble", "calm", "curious", "quiet", "cheerful", "light", "patient", "quick", "serene", "steady",
			"lively", "gentle", "brave", "wise", "loyal", "bold", "clever", "peaceful", "merry", "sturdy",
			"tranquil", "valiant", "playful", "crafty", "alert", "frank", "kind", "modest", "polite", "subtle"},
	},
}

// SuggestHandle returns a random neutral handle in lang: a noun and an
// adjective in French ("renard_agile_42"), an adjective and a noun in
// English ("nimble_fox_42"), and a number. digits widens the number
// (2 gives 10–99) when short ones are taken.
func SuggestHandle(lang string, digits int) string {
	words, ok := handleWords[lang]
	if !ok {
		words = handleWords[DefaultLang]
	}
	noun, adj := pick(words[0]), pick(words[1])
	if digits < 1 {
		digits = 2
	}
	if digits > 9 {
		digits = 9
	}
	low := int64(1)
	for i := 1; i < digits; i++ {
		low *= 10
	}
	n := low + randInt(9*low)
	if digits == 1 {
		n = 1 + randInt(9)
	}
	first, second := noun, adj
	if lang == "en" {
		first, second = adj, noun
	}
	return first + "_" + second + "_" + strconv.FormatInt(n, 10)
}

func pick(words []string) string { return words[randInt(int64(len(words)))] }

func randInt(n int64) int64 {
	v, err := rand.Int(rand.Reader, big.NewInt(n))
	if err != nil {
		return 0
	}
	return v.Int64()
}

// LegacyHandleBase is the handle Cortège used to derive from an address
// before people chose theirs: the local part lower-cased, letters, digits
// and "_" kept, ".", "-" and "+" turned into "_", trimmed, cut to leave
// room for a number, "membre" when too short. A handle equal to it, or to
// it followed by a number (the old rule's answer to a taken handle), came
// from the address.
func LegacyHandleBase(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return ""
	}
	var b strings.Builder
	for _, r := range strings.ToLower(email[:at]) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '_':
			b.WriteRune(r)
		case r == '.' || r == '-' || r == '+':
			b.WriteByte('_')
		}
	}
	base := strings.Trim(b.String(), "_")
	if len(base) > MaxHandleLen-4 {
		base = base[:MaxHandleLen-4]
	}
	if len(base) < MinHandleLen {
		base = "membre"
	}
	return base
}

// HandleFromAddress reports whether handle is what the old rule derived
// from email.
func HandleFromAddress(handle, email string) bool {
	base := LegacyHandleBase(email)
	if base == "" || !strings.HasPrefix(handle, base) {
		return false
	}
	rest := handle[len(base):]
	if rest == "" {
		return true
	}
	n, err := strconv.Atoi(rest)
	return err == nil && n >= 2 && strconv.Itoa(n) == rest
}

// NameFromAddress reports whether a display name is the local part of
// email (the old rule's name when none was given), so the identity step
// does not offer it back as if chosen.
func NameFromAddress(name, email string) bool {
	at := strings.LastIndexByte(email, '@')
	return at > 0 && strings.EqualFold(strings.TrimSpace(name), email[:at])
}
