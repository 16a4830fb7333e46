package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// signFormFields are the signing form's fields. "website" is the honeypot
// (hidden from people, filled by robots); "started" the signed time the
// form was served.
var signFormFields = []string{"first_name", "last_name", "email", "postal_code", "place_choice", "comment",
	"show_name", "consent_updates", "consent_groups", "started", "website"}

// formStampMaxAge is how long a served signing form may be sent: a page
// left open longer is shown again, with a fresh stamp, to send once more.
const formStampMaxAge = 24 * time.Hour

// signForm is what the signing form needs besides the fields typed.
type signForm struct {
	Started string // the signed time the form was served
	// Email is the signed-in signer's address, shown instead of the
	// address field (the service signs with it whatever is typed).
	Email string
	// ConsentUpdates and ConsentGroups are the exact wording of the two
	// choices, as shown and as recorded; ConsentGroups is "" when no
	// group co-signs the petition.
	ConsentUpdates string
	ConsentGroups  string
}

// newSignForm prepares the signing form of a petition's page.
func (w *Web) newSignForm(r *http.Request, d *petitionPageData) *signForm {
	lang := info(r).lang
	s := &signForm{Started: formStamp(w.formKey, d.P.ID, w.svc.Now()),
		ConsentUpdates: w.cat.T(lang, "petition.sign.consent.updates")}
	if a := httpx.Actor(r.Context()); a.SignedIn() && a.Profile != nil {
		s.Email = a.Account.Email
	}
	var names []string
	for _, g := range d.Groups {
		names = append(names, g.Name)
	}
	if len(names) > 0 {
		s.ConsentGroups = w.cat.N(lang, "petition.sign.consent.groups", len(names), strings.Join(names, ", "))
	}
	return s
}

// consents are the choices the signer made, each with the wording the
// form showed.
func (s *signForm) consents(f *form) []cortege.Consent {
	out := []cortege.Consent{{Purpose: cortege.ConsentPetitionUpdates, Given: f.V("consent_updates") != "", Wording: s.ConsentUpdates}}
	if s.ConsentGroups != "" {
		out = append(out, cortege.Consent{Purpose: cortege.ConsentGroupNews, Given: f.V("consent_groups") != "", Wording: s.ConsentGroups})
	}
	return out
}

// newFormKey draws a key for formStamp when the operator gave none.
func newFormKey() []byte {
	k := make([]byte, 32)
	rand.Read(k)
	return k
}

// formStamp signs the time a petition's signing form was served, so the
// service can refuse a form sent faster than a person fills it
// (service.MinSignFill) without the client choosing the time: unix
// milliseconds, a dot, and an HMAC of both under key.
func formStamp(key []byte, petitionID string, at time.Time) string {
	ms := strconv.FormatInt(at.UnixMilli(), 10)
	return ms + "." + formStampMAC(key, petitionID, ms)
}

func formStampMAC(key []byte, petitionID, ms string) string {
	m := hmac.New(sha256.New, append([]byte("petition-form:"), key...))
	m.Write([]byte(petitionID + ":" + ms))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// readFormStamp returns the time a stamp of formStamp says, when it is
// this petition's, signed by key, not in the future (a minute of leeway
// between nodes' clocks) and younger than formStampMaxAge at now.
func readFormStamp(key []byte, petitionID, s string, now time.Time) (time.Time, bool) {
	if len(s) > 64 {
		return time.Time{}, false
	}
	ms, mac, ok := strings.Cut(s, ".")
	if !ok || ms == "" || len(ms) > 15 || strings.TrimLeft(ms, "0123456789") != "" {
		return time.Time{}, false
	}
	if !hmac.Equal([]byte(mac), []byte(formStampMAC(key, petitionID, ms))) {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(ms, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	at := time.UnixMilli(n)
	if at.After(now.Add(time.Minute)) || now.Sub(at) > formStampMaxAge {
		return time.Time{}, false
	}
	return at, true
}
