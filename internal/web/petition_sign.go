package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/service"
)

// handlePetitionSign records a signature from the petition page's form.
// What was typed wrong comes back as the page with the message next to
// the field; a signature sent for confirmation leads to "check your
// mail", a signed-in signer's (counted at once) to "your signature
// counts".
func (w *Web) handlePetitionSign(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "sign", signFormFields...)
	err = checkText(f, err)
	d, lerr := w.petitionSignable(r)
	if lerr != nil {
		return lerr
	}
	if d.Sign == nil {
		return cortege.Errorf(cortege.ECONFLICT, "err.petition.not_signable")
	}
	var res *service.SignResult
	if err == nil {
		res, err = w.sign(r, d, f)
	}
	if err != nil {
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		if e := cortege.ErrorOf(err); e != nil && e.Field == "commune" {
			f.Places = w.communesOf(f.V("postal_code"))
		}
		if _, ok := readFormStamp(w.formKey, d.P.ID, f.V("started"), w.svc.Now()); ok {
			d.Sign.Started = f.V("started") // fixing a typo is not filling the form again
		}
		if err := w.petitionRest(r, d); err != nil {
			return err
		}
		return w.renderPetition(rw, r, status, d, f)
	}
	if res.Token != "" {
		return w.redirect(rw, r, d.Path+"/signed?token="+url.QueryEscape(res.Token))
	}
	target := d.Path + "/sent"
	if pc := strings.TrimSpace(f.V("postal_code")); cortege.ValidPostalCode(pc) {
		target += "?postcode=" + pc
	}
	return w.redirect(rw, r, target)
}

// sign turns the form into the service's input and signs. It refuses
// here only what the service cannot see: a form whose stamp is not ours
// (or too old), and a postal code serving several communes when none was
// chosen (the page then lists them).
func (w *Web) sign(r *http.Request, d *petitionPageData, f *form) (*service.SignResult, error) {
	in := service.SignInput{FirstName: f.V("first_name"), LastName: f.V("last_name"), Email: f.V("email"),
		Postal: f.V("postal_code"), Commune: f.V("place_choice"), Comment: f.V("comment"), ShowName: f.V("show_name") != "",
		Consents: d.Sign.consents(f), Lang: info(r).lang, Honeypot: f.V("website")}
	if strings.TrimSpace(in.Honeypot) == "" {
		at, ok := readFormStamp(w.formKey, d.P.ID, f.V("started"), w.svc.Now())
		if !ok {
			return nil, invalid("form", "err.petition.sign_stale")
		}
		in.FormStartedAt = at
		if postal := strings.TrimSpace(in.Postal); cortege.ValidPostalCode(postal) {
			switch cs := w.communesOf(postal); {
			case len(cs) <= 1:
				in.Commune = "" // a choice left from another postal code typed before
			case in.Commune == "":
				f.Places = cs
				return nil, invalid("postal_code", "err.petition.sign_commune")
			}
		}
	}
	return w.svc.Sign(r.Context(), httpx.Actor(r.Context()), d.P.ID, in)
}

// communesOf lists the communes a postal code serves, most populous first.
func (w *Web) communesOf(postal string) []service.Place {
	postal = strings.TrimSpace(postal)
	if !cortege.ValidPostalCode(postal) {
		return nil
	}
	var out []service.Place
	for _, p := range w.svc.ResolvePlace(postal) {
		if slices.Contains(p.PostalCodes, postal) {
			out = append(out, p)
		}
	}
	return out
}

// petitionNextData is what the pages after signing show: where to act
// next (the representatives for the postal code, gatherings nearby).
type petitionNextData struct {
	P        *cortege.Petition
	Path     string
	Postcode string // "" when unknown
	// Token is the signer's link token (signed-in signers and confirmed
	// ones): gatherings then offer the one-click join, and the signer's
	// withdrawal and export pages open.
	Token   string
	Counted bool
	// Receipt is the signer's receipt of their entry in the petition's
	// log (docs/ledger.md), when the signature counts online; the page
	// shows it and links its download (/petitions/{id}/receipt.json).
	Receipt *ledger.Receipt
}

// ReceiptJSON is the receipt as the signer saves it.
func (d *petitionNextData) ReceiptJSON() string {
	if d.Receipt == nil {
		return ""
	}
	b, _ := json.MarshalIndent(d.Receipt, "", "  ")
	return string(b)
}

// ReceiptURL downloads the receipt again, from the signer's link token.
func (d *petitionNextData) ReceiptURL() string {
	return d.Path + "/receipt.json?token=" + url.QueryEscape(d.Token)
}

// Targets is the page of the representatives for the postal code.
func (d *petitionNextData) Targets() string {
	if d.Postcode == "" {
		return d.Path + "/targets"
	}
	return d.Path + "/targets?postcode=" + d.Postcode
}

// Gatherings is the page of the gatherings near the postal code, with the
// one-click join when the signer's token is known.
func (d *petitionNextData) Gatherings() string {
	q := url.Values{}
	if d.Postcode != "" {
		q.Set("postcode", d.Postcode)
	}
	if d.Token != "" {
		q.Set("token", d.Token)
	}
	if len(q) == 0 {
		return d.Path + "/gatherings"
	}
	return d.Path + "/gatherings?" + q.Encode()
}

// Withdraw is the signer's withdrawal page, "" without a token.
func (d *petitionNextData) Withdraw() string {
	if d.Token == "" {
		return ""
	}
	return d.Path + "/withdraw?token=" + url.QueryEscape(d.Token)
}

// handlePetitionSent is "check your mail", after a signature that waits
// for its emailed link.
func (w *Web) handlePetitionSent(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := &petitionNextData{P: v.Petition, Path: "/petitions/" + v.Petition.ID}
	if pc := strings.TrimSpace(r.URL.Query().Get("postcode")); cortege.ValidPostalCode(pc) {
		d.Postcode = pc
	}
	rw.Header().Set("Cache-Control", "private, no-store")
	return w.renderNext(rw, r, http.StatusOK, "petition_sent", "petition.sent.title", d)
}

// handlePetitionSigned is "your signature counts" for a signed-in signer
// (reached with their link token) or anyone holding the signer's link.
func (w *Web) handlePetitionSigned(rw http.ResponseWriter, r *http.Request) error {
	privateLink(rw)
	d, err := w.signerNext(r, tokenParam(r.URL.Query().Get("token")))
	if err != nil {
		return err
	}
	return w.renderNext(rw, r, http.StatusOK, "petition_signed", "petition.signed.title", d)
}

// signerNext gathers the page after a counted signature from the
// signer's link token: the petition, whether it counts, the postal code.
func (w *Web) signerNext(r *http.Request, token string) (*petitionNextData, error) {
	ex, err := w.svc.ExportSignature(r.Context(), token)
	if err != nil {
		return nil, err
	}
	if ex.PetitionID != r.PathValue("id") {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
	}
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), ex.PetitionID)
	if err != nil {
		return nil, err
	}
	g := ex.Signature
	d := &petitionNextData{P: v.Petition, Path: "/petitions/" + ex.PetitionID, Token: token, Counted: g.Counts()}
	if g.Status != cortege.SignatureWithdrawn {
		d.Postcode = g.Postal
	}
	if d.Counted && g.Source != cortege.SourcePaper {
		rc, err := w.svc.SignerReceipt(r.Context(), token)
		if err != nil && !cortege.IsNotFound(err) {
			return nil, err
		}
		d.Receipt = rc
	}
	return d, nil
}

// renderNext writes one of the pages after signing, titled by key with
// the petition's title.
func (w *Web) renderNext(rw http.ResponseWriter, r *http.Request, status int, name, key string, d *petitionNextData) error {
	p, err := w.newPage(r, key, d)
	if err != nil {
		return err
	}
	p.Title = w.cat.T(p.Lang, key+"_of", d.P.Title)
	p.Meta.URL, p.Meta.NoIndex = w.abs(d.Path), true
	return w.write(rw, status, name, p)
}
