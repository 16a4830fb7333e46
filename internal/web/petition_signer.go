package web

import (
	"encoding/json"
	"net/http"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// The signer's pages, reached from the links mailed to them: confirming
// a signature, withdrawing it, and the export of what is kept about it.
// Their address holds a token, so they are never cached and send no
// Referer (privateLink); GET changes nothing, POST acts.

// petitionLinkData is the confirmation or withdrawal page before its
// button, and the withdrawal page after it.
type petitionLinkData struct {
	P         *cortege.Petition
	Path      string
	Token     string
	Withdrawn bool // the signature is withdrawn already (or just now)
	Done      bool // the withdrawal just happened
}

// Export is the signer's export of their signature.
func (d *petitionLinkData) Export() string {
	return d.Path + "/signature.json?token=" + urlQueryEscape(d.Token)
}

// handlePetitionConfirmForm shows the button that confirms a signature;
// the GET itself changes nothing (mail scanners follow links).
func (w *Web) handlePetitionConfirmForm(rw http.ResponseWriter, r *http.Request) error {
	privateLink(rw)
	tok := tokenParam(r.URL.Query().Get("token"))
	if tok == "" {
		return cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
	}
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := &petitionLinkData{P: v.Petition, Path: "/petitions/" + v.Petition.ID, Token: tok}
	return w.renderSignerLink(rw, r, "petition_confirm", "petition.confirm.title", d)
}

// handlePetitionConfirm confirms a signature (once) and shows "your
// signature counts" with where to act next.
func (w *Web) handlePetitionConfirm(rw http.ResponseWriter, r *http.Request) error {
	privateLink(rw)
	f, err := parseForm(rw, r, "confirm", "token")
	if err != nil {
		return err
	}
	cs, err := w.svc.ConfirmPetitionSignature(r.Context(), r.PathValue("id"), tokenParam(f.V("token")))
	if err != nil {
		return err
	}
	r.SetPathValue("id", cs.PetitionID)
	d, err := w.signerNext(r, cs.Token)
	if err != nil {
		return err
	}
	d.Counted = cs.Counted
	return w.renderNext(rw, r, http.StatusOK, "petition_signed", "petition.signed.title", d)
}

// handlePetitionWithdrawForm says what withdrawing does and shows its
// button, or that the signature is withdrawn already.
func (w *Web) handlePetitionWithdrawForm(rw http.ResponseWriter, r *http.Request) error {
	privateLink(rw)
	d, err := w.withdrawal(r, tokenParam(r.URL.Query().Get("token")))
	if err != nil {
		return err
	}
	return w.renderSignerLink(rw, r, "petition_withdraw", "petition.withdraw.title", d)
}

// handlePetitionWithdraw withdraws the signature of the link.
func (w *Web) handlePetitionWithdraw(rw http.ResponseWriter, r *http.Request) error {
	privateLink(rw)
	f, err := parseForm(rw, r, "withdraw", "token")
	if err != nil {
		return err
	}
	tok := tokenParam(f.V("token"))
	d, err := w.withdrawal(r, tok)
	if err != nil {
		return err
	}
	if err := w.svc.WithdrawSignature(r.Context(), tok); err != nil {
		return err
	}
	d.Withdrawn, d.Done = true, true
	return w.renderSignerLink(rw, r, "petition_withdraw", "petition.withdraw.title", d)
}

// withdrawal reads the petition a withdrawal link is about; a link of
// another petition is as unknown as a made-up one.
func (w *Web) withdrawal(r *http.Request, tok string) (*petitionLinkData, error) {
	p, withdrawn, err := w.svc.WithdrawalPetition(r.Context(), tok)
	if err != nil {
		return nil, err
	}
	if p.ID != r.PathValue("id") {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
	}
	return &petitionLinkData{P: p, Path: "/petitions/" + p.ID, Token: tok, Withdrawn: withdrawn}, nil
}

// renderSignerLink writes a signer's link page, titled by key with the
// petition's title, never indexed.
func (w *Web) renderSignerLink(rw http.ResponseWriter, r *http.Request, name, key string, d *petitionLinkData) error {
	p, err := w.newPage(r, key, d)
	if err != nil {
		return err
	}
	p.Title = w.cat.T(p.Lang, key+"_of", d.P.Title)
	p.Meta.URL, p.Meta.NoIndex = w.abs(d.Path), true
	return w.write(rw, http.StatusOK, name, p)
}

// signerExport is the JSON a signer downloads: everything kept about
// their signature (the boundary's own type, see service.SignerExport).
type signerExport struct {
	Petition struct {
		ID    string `json:"id"`
		Title string `json:"title"`
		URL   string `json:"url"`
	} `json:"petition"`
	Signature struct {
		ID          string          `json:"id"`
		FirstName   string          `json:"first_name"`
		LastName    string          `json:"last_name"`
		Email       string          `json:"email"`
		EmailKey    string          `json:"email_canonical"`
		EmailDomain string          `json:"email_domain"`
		PostalCode  string          `json:"postal_code"`
		Commune     string          `json:"commune_insee"`
		Departement string          `json:"departement"`
		Comment     string          `json:"comment"`
		ShowName    bool            `json:"show_name"`
		Status      string          `json:"status"`
		Source      string          `json:"source"`
		Lang        string          `json:"lang"`
		NetPrefix   string          `json:"network_hash"`
		CreatedAt   *time.Time      `json:"created_at,omitempty"`
		ConfirmedAt *time.Time      `json:"confirmed_at,omitempty"`
		WithdrawnAt *time.Time      `json:"withdrawn_at,omitempty"`
		Consents    []signerConsent `json:"consents"`
	} `json:"signature"`
}

type signerConsent struct {
	Purpose string    `json:"purpose"`
	Given   bool      `json:"given"`
	Wording string    `json:"wording"`
	At      time.Time `json:"at"`
}

func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

// handlePetitionExport answers the signer's export of their signature,
// from the same link as the withdrawal.
func (w *Web) handlePetitionExport(rw http.ResponseWriter, r *http.Request) error {
	privateLink(rw)
	ex, err := w.svc.ExportSignature(r.Context(), tokenParam(r.URL.Query().Get("token")))
	if err != nil {
		return err
	}
	if ex.PetitionID != r.PathValue("id") {
		return cortege.Errorf(cortege.ENOTFOUND, "err.signature.link")
	}
	var out signerExport
	out.Petition.ID, out.Petition.Title, out.Petition.URL = ex.PetitionID, ex.PetitionTitle, w.abs("/petitions/"+ex.PetitionID)
	g, s := ex.Signature, &out.Signature
	s.ID, s.FirstName, s.LastName, s.Email, s.EmailKey, s.EmailDomain = g.ID, g.FirstName, g.LastName, g.Email, g.EmailKey, g.EmailDomain
	s.PostalCode, s.Commune, s.Departement, s.Comment, s.ShowName = g.Postal, g.INSEE, g.Departement, g.Comment, g.ShowName
	s.Status, s.Source, s.Lang, s.NetPrefix = g.Status, g.Source, g.Lang, g.NetPrefix
	s.CreatedAt, s.ConfirmedAt, s.WithdrawnAt = optTime(g.CreatedAt), optTime(g.ConfirmedAt), optTime(g.WithdrawnAt)
	s.Consents = []signerConsent{}
	for _, c := range g.Consents {
		s.Consents = append(s.Consents, signerConsent{Purpose: c.Purpose, Given: c.Given, Wording: c.Wording, At: c.At.UTC()})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="signature-`+ex.PetitionID+`.json"`)
	_, err = rw.Write(append(b, '\n'))
	return err
}
