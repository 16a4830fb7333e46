package cortege

import (
	"regexp"
	"sort"
	"strings"
	"time"
)

// Kinds of target: who a petition's signers may write to.
const (
	TargetRepresentative = "representative" // an elected person: député, sénatrice, maire…
	TargetOfficial       = "official"       // an administration: préfecture, ministry…
	TargetInstitution    = "institution"    // a public body: Assemblée nationale, Sénat, Élysée…
	TargetCompany        = "company"
)

// TargetKinds lists the kinds in the order the documentation gives them.
var TargetKinds = []string{TargetRepresentative, TargetOfficial, TargetInstitution, TargetCompany}

// Levels of the area a target answers for, from the most local.
const (
	AreaCommune         = "commune"         // one or more communes (INSEE codes)
	AreaCirconscription = "circonscription" // communes and/or départements, as the file lists them
	AreaDepartement     = "departement"     // one or more départements
	AreaNational        = "national"        // the whole country
)

// AreaLevels lists the levels from the most local to the widest.
var AreaLevels = []string{AreaCommune, AreaCirconscription, AreaDepartement, AreaNational}

// AreaRank orders levels: 0 for a commune, up to 3 for the whole country
// (and 4 for an unknown level), so the most local target comes first.
func AreaRank(level string) int {
	for i, l := range AreaLevels {
		if l == level {
			return i
		}
	}
	return len(AreaLevels)
}

// Limits of a target's fields.
const (
	MaxTargetKeyLen       = 64
	MaxTargetNameLen      = 200
	MaxTargetRoleLen      = 200
	MaxTargetAreaNameLen  = 200
	MaxTargetAreaPlaces   = 2000 // communes and départements of one target
	MaxTargetFediverseLen = 300
)

// Target is someone a petition's signers may interpellate: a
// representative, an administration, a public body or a company, with its
// public contact handles and the area it answers for. Targets are loaded
// by the operator (cortege targets import), never typed by visitors.
type Target struct {
	ID   string
	Key  string // the file's stable identifier: a new import of the same key updates it
	Name string
	Kind string
	Role string // "Député de la 1re circonscription du Rhône"; may be ""
	// Contact handles, at least one: an address for mailto: links, an
	// ActivityPub handle (@user@host) to mention in a public post, and
	// the https address of a contact form.
	Email     string
	Fediverse string
	FormURL   string
	Area      TargetArea
	CreatedAt time.Time
	UpdatedAt time.Time
}

// TargetArea is where a target answers for. A commune-level area lists
// communes by INSEE code, a départemental one département codes, a
// circonscription either or both (the gazetteer does not know
// circonscriptions, so the file says what they are made of), a national
// one nothing.
type TargetArea struct {
	Level        string
	Name         string // "1re circonscription du Rhône"; may be ""
	Communes     []string
	Departements []string
}

var (
	targetKeyRE  = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	inseeRE      = regexp.MustCompile(`^(\d[0-9AB]\d{3})$`)
	depRE        = regexp.MustCompile(`^(\d{2}|2A|2B|97\d)$`)
	fediUserRE   = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]*$`)
	hostLabelTLD = regexp.MustCompile(`^[a-z][a-z0-9-]*$|^xn--[a-z0-9-]+$`)
)

// Validate trims and checks a target; errors name the field as the CSV
// columns do (name, kind, email, fediverse, form_url, area, communes,
// departements). Whether the communes and départements exist is the
// service's check (it holds the gazetteer).
func (t *Target) Validate() error {
	var err error
	t.Key = strings.ToLower(strings.TrimSpace(t.Key))
	if t.Key == "" || len(t.Key) > MaxTargetKeyLen || !targetKeyRE.MatchString(t.Key) {
		return Invalid("id", "err.target.id.invalid")
	}
	if t.Name, err = CheckText("name", t.Name, MaxTargetNameLen, false); err != nil {
		return err
	}
	if t.Name == "" {
		return Invalid("name", "err.target.name.required")
	}
	t.Kind = strings.ToLower(strings.TrimSpace(t.Kind))
	if !contains(TargetKinds, t.Kind) {
		return Invalid("kind", "err.target.kind.invalid")
	}
	if t.Role, err = CheckText("role", t.Role, MaxTargetRoleLen, false); err != nil {
		return err
	}
	if err := t.validateContacts(); err != nil {
		return err
	}
	return t.Area.Validate()
}

// validateContacts checks the handles, of which at least one is needed.
func (t *Target) validateContacts() error {
	t.Email, t.Fediverse, t.FormURL = strings.TrimSpace(t.Email), strings.TrimSpace(t.Fediverse), strings.TrimSpace(t.FormURL)
	if t.Email == "" && t.Fediverse == "" && t.FormURL == "" {
		return Invalid("email", "err.target.contact.required")
	}
	if t.Email != "" {
		e, err := NormalizeEmail(t.Email)
		if err != nil {
			return Invalid("email", "err.target.email.invalid")
		}
		t.Email = e
	}
	if t.Fediverse != "" {
		h, ok := FediverseHandle(t.Fediverse)
		if !ok {
			return Invalid("fediverse", "err.target.fediverse.invalid")
		}
		t.Fediverse = h
	}
	// A contact form follows the rule of a fundraising link: https, a
	// host, no credentials.
	if t.FormURL != "" && !ValidFundraisingURL(t.FormURL) {
		return Invalid("form_url", "err.target.form_url.invalid")
	}
	return nil
}

// Validate checks the area's level against the places it lists, upper-
// cases the codes (2a → 2A), drops duplicates and sorts them.
func (a *TargetArea) Validate() error {
	var err error
	a.Level = strings.ToLower(strings.TrimSpace(a.Level))
	if a.Name, err = CheckText("area_name", a.Name, MaxTargetAreaNameLen, false); err != nil {
		return err
	}
	a.Communes, a.Departements = codes(a.Communes), codes(a.Departements)
	if len(a.Communes)+len(a.Departements) > MaxTargetAreaPlaces {
		return Invalid("communes", "err.target.area.too_big")
	}
	for _, c := range a.Communes {
		if !inseeRE.MatchString(c) {
			return Invalid("communes", "err.target.communes.invalid")
		}
	}
	for _, d := range a.Departements {
		if !depRE.MatchString(d) {
			return Invalid("departements", "err.target.departements.invalid")
		}
	}
	switch a.Level {
	case AreaCommune:
		if len(a.Communes) == 0 {
			return Invalid("communes", "err.target.communes.required")
		}
		if len(a.Departements) > 0 {
			return Invalid("departements", "err.target.departements.unexpected")
		}
	case AreaDepartement:
		if len(a.Departements) == 0 {
			return Invalid("departements", "err.target.departements.required")
		}
		if len(a.Communes) > 0 {
			return Invalid("communes", "err.target.communes.unexpected")
		}
	case AreaCirconscription:
		if len(a.Communes)+len(a.Departements) == 0 {
			return Invalid("communes", "err.target.circonscription.required")
		}
	case AreaNational:
		if len(a.Communes)+len(a.Departements) > 0 {
			return Invalid("communes", "err.target.national.places")
		}
	default:
		return Invalid("area", "err.target.area.invalid")
	}
	return nil
}

// codes upper-cases, trims, deduplicates and sorts place codes.
func codes(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range in {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// FediverseHandle reads an ActivityPub handle, "@user@host" (the leading
// "@" may be left out), and returns it as "@user@host" with the host in
// lower-case ASCII; false when it is not one.
func FediverseHandle(s string) (string, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	if len(s) > MaxTargetFediverseLen {
		return "", false
	}
	user, host, ok := strings.Cut(s, "@")
	if !ok || !fediUserRE.MatchString(user) {
		return "", false
	}
	h, ok := PublicHost(host)
	if !ok {
		return "", false
	}
	return "@" + user + "@" + h, true
}

// PublicHost reads a host name such as a Mastodon instance's ("mastodon.social",
// "Piaille.fr"): lower-case ASCII (IDN labels in Punycode), at least two
// labels, no IP address, port, path or credentials. It is what the
// share-intent route checks before redirecting to https://HOST/share.
func PublicHost(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, "/:@?#[]\\ ") {
		return "", false
	}
	h, ok := asciiDomain(s)
	if !ok {
		return "", false
	}
	labels := strings.Split(h, ".")
	if len(labels) < 2 {
		return "", false
	}
	for _, l := range labels {
		if strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return "", false
		}
	}
	// The last label is a TLD: letters, never digits (which would make an
	// IPv4 address a host).
	if !hostLabelTLD.MatchString(labels[len(labels)-1]) {
		return "", false
	}
	return h, true
}

// InterpellationCount is how many times signers said they wrote to a
// target about a petition. Only the number is kept: no text, no signer.
type InterpellationCount struct {
	PetitionID string
	TargetID   string
	Count      int
}
