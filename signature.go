package cortege

import (
	"strings"
	"time"
)

// Statuses of a signature. Only confirmed signatures count.
const (
	SignatureUnconfirmed = "unconfirmed" // waiting for the emailed link
	SignatureConfirmed   = "confirmed"
	SignatureWithdrawn   = "withdrawn"   // by the signer, from a link
	SignatureInvalidated = "invalidated" // by the organisers (abuse)
)

// Sources of a signature.
const (
	SourceOnline = "online"
	SourcePaper  = "paper" // entered by the organisers from a paper form
)

// Consent purposes a signer may agree to, each recorded with its wording.
const (
	ConsentPetitionUpdates = "petition_updates" // news of this petition
	ConsentGroupNews       = "group_news"       // news of the organising groups
)

// Limits of a signature's fields.
const (
	MaxSignatureNameLen    = 100
	MaxSignatureCommentLen = 1000
	MaxConsentWordingLen   = 2000
)

// Consent is one choice a signer made, with the exact wording shown to
// them and when: what the organisers may rely on later.
type Consent struct {
	Purpose string
	Given   bool
	Wording string
	At      time.Time
}

// Signature is one person's support for a petition. Email holds the
// address as typed (for mail); EmailKey its canonical form (CanonicalEmail),
// unique per petition among signatures not withdrawn, so that the same
// mailbox in disguise counts once.
type Signature struct {
	ID          string
	PetitionID  string
	ProfileID   string // "" for a signature without an account
	FirstName   string
	LastName    string
	Email       string
	EmailKey    string
	Postal      string
	INSEE       string // the commune of the postal code, from the gazetteer
	Departement string
	Comment     string
	ShowName    bool // the name may appear on the public page
	Status      string
	Source      string
	Consents    []Consent
	// NetPrefix is a keyed hash of the signer's /24 (IPv4) or /48 (IPv6)
	// network, never the address: enough to see bursts, nothing to locate
	// anyone. EmailDomain is the canonical address's domain, for the same.
	NetPrefix   string
	EmailDomain string
	Lang        string
	CreatedAt   time.Time
	ConfirmedAt time.Time
	WithdrawnAt time.Time
}

// Counts reports whether the signature is in the petition's count.
func (s *Signature) Counts() bool { return s.Status == SignatureConfirmed }

// Consented reports whether the signer agreed to purpose.
func (s *Signature) Consented(purpose string) bool {
	for _, c := range s.Consents {
		if c.Purpose == purpose {
			return c.Given
		}
	}
	return false
}

// DisplayName is what the public page shows of the signer: the name when
// they chose to show it, "" otherwise.
func (s *Signature) DisplayName() string {
	if !s.ShowName {
		return ""
	}
	return strings.TrimSpace(s.FirstName + " " + s.LastName)
}

// Validate trims and checks what the signer typed and fills EmailKey and
// EmailDomain. A paper signature may have no address; an online one must.
// The postal code's shape is checked here, its existence by the service
// against the gazetteer.
func (s *Signature) Validate() error {
	var err error
	if s.FirstName, err = CheckText("first_name", s.FirstName, MaxSignatureNameLen, false); err != nil {
		return err
	}
	if s.FirstName == "" {
		return Invalid("first_name", "err.signature.first_name.required")
	}
	if s.LastName, err = CheckText("last_name", s.LastName, MaxSignatureNameLen, false); err != nil {
		return err
	}
	if s.LastName == "" {
		return Invalid("last_name", "err.signature.last_name.required")
	}
	if s.Source == "" {
		s.Source = SourceOnline
	}
	if s.Source != SourceOnline && s.Source != SourcePaper {
		return Invalid("source", "err.signature.source.invalid")
	}
	s.Email = strings.TrimSpace(s.Email)
	s.EmailKey, s.EmailDomain = "", ""
	if s.Email != "" || s.Source == SourceOnline {
		if s.Email, err = NormalizeEmail(s.Email); err != nil {
			return err
		}
		if s.EmailKey, err = CanonicalEmail(s.Email); err != nil {
			return err
		}
		s.EmailDomain = s.EmailKey[strings.LastIndexByte(s.EmailKey, '@')+1:]
	}
	s.Postal = strings.TrimSpace(s.Postal)
	if !ValidPostalCode(s.Postal) {
		return Invalid("postal_code", "err.signature.postal_code.invalid")
	}
	if s.Comment, err = CheckText("comment", s.Comment, MaxSignatureCommentLen, true); err != nil {
		return err
	}
	for i := range s.Consents {
		c := &s.Consents[i]
		if c.Purpose != ConsentPetitionUpdates && c.Purpose != ConsentGroupNews {
			return Invalid("consents", "err.signature.consent.invalid")
		}
		if c.Wording, err = CheckText("consents", c.Wording, MaxConsentWordingLen, true); err != nil {
			return err
		}
		if c.Wording == "" {
			return Invalid("consents", "err.signature.consent.wording")
		}
	}
	if s.Lang == "" {
		s.Lang = "fr"
	}
	return nil
}

// ValidPostalCode reports whether s has the shape of a French postal code:
// five digits.
func ValidPostalCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	for i := 0; i < 5; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// PublicSignature is what a petition's page shows of one confirmed
// signature: the name only when the signer chose to show it.
type PublicSignature struct {
	Name        string
	Comment     string
	Departement string
	At          time.Time
}

// SignatureCounts is a petition's counter, kept in the same transaction as
// each signature that changes it, so it is never recounted.
type SignatureCounts struct {
	Online int
	Paper  int
	// ByDepartement maps a département's code to its confirmed
	// signatures, online and paper together.
	ByDepartement map[string]int
}

// Total is the number shown on the page.
func (c SignatureCounts) Total() int { return c.Online + c.Paper }
