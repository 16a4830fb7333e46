package cortege

import (
	"net/url"
	"strings"
	"time"
)

// PetitionLink ties an event to a petition: the event is one of the
// petition's gatherings, listed on the petition's page by distance from a
// signer's postal code, and the event's page names the petition. The
// event's organisers and the petition's may both make or undo it.
type PetitionLink struct {
	PetitionID string
	EventID    string
	// LinkedBy is the profile that made the link; "" when it was made
	// from an event's management link (an event without an account).
	LinkedBy  string
	CreatedAt time.Time
}

// Validate checks that both ends are named.
func (l *PetitionLink) Validate() error {
	if !ValidIDShape(l.PetitionID) {
		return Invalid("petition", "err.petition_link.petition.invalid")
	}
	if !ValidIDShape(l.EventID) {
		return Invalid("event", "err.petition_link.event.invalid")
	}
	return nil
}

// ValidIDShape reports whether s looks like an ID made by NewID: 26
// characters of Crockford's base 32.
func ValidIDShape(s string) bool {
	if len(s) != 26 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !strings.ContainsRune(crockford, rune(s[i])) {
			return false
		}
	}
	return true
}

// MaxObjectRefLen bounds what PetitionIDFromRef and EventIDFromRef read.
const MaxObjectRefLen = 2000

// PetitionIDFromRef reads the petition an organiser names when linking
// their event: a petition's ID, or the address of its page or of any
// page under it (https://host/petitions/ID/…, with or without query). The
// host is not checked here: the petition must exist on this instance,
// which the service checks. ok is false when s names no petition.
func PetitionIDFromRef(s string) (id string, ok bool) { return idFromRef(s, "/petitions/") }

// EventIDFromRef is PetitionIDFromRef for an event (…/events/ID…), what a
// petition's organiser names to link an event.
func EventIDFromRef(s string) (id string, ok bool) { return idFromRef(s, "/events/") }

func idFromRef(s, prefix string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxObjectRefLen {
		return "", false
	}
	if id := strings.ToUpper(s); ValidIDShape(id) {
		return id, true
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http") {
		return "", false
	}
	rest, found := strings.CutPrefix(u.Path, prefix)
	if !found {
		return "", false
	}
	rest, _, _ = strings.Cut(rest, "/")
	rest = strings.TrimSuffix(rest, ".ics")
	if id := strings.ToUpper(rest); ValidIDShape(id) {
		return id, true
	}
	return "", false
}
