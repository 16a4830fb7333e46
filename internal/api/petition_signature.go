package api

import (
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/ledger"
	"codeberg.org/cortege/cortege/internal/service"
)

// ConsentInput is one choice offered to a signer, with the exact wording
// the client showed them (recorded with the signature's time).
type ConsentInput struct {
	Purpose string `json:"purpose"`
	Given   bool   `json:"given"`
	Wording string `json:"wording"`
}

// SignatureCreate is the body of POST /api/v1/petitions/{id}/signatures.
// A signed-in caller signs under their account's address (email is then
// ignored); anyone else gives an address that receives the confirmation
// link. commune picks, by INSEE code, one of the communes of a postal
// code that serves several.
type SignatureCreate struct {
	FirstName  string         `json:"first_name"`
	LastName   string         `json:"last_name"`
	Email      string         `json:"email"`
	PostalCode string         `json:"postal_code"`
	Commune    string         `json:"commune"`
	Comment    string         `json:"comment"`
	ShowName   bool           `json:"show_name"`
	Consents   []ConsentInput `json:"consents"`
	Lang       string         `json:"lang"`
}

// SignResult answers a signature. Without an account it is always
// {"pending": true} (202), whether or not the address had signed: the
// mail says which, to the mailbox's owner only. A signed-in signer gets
// the signature's ID, whether it counts, and their link token (201), as
// the confirmation gives it.
type SignResult struct {
	Pending     bool   `json:"pending"`
	SignatureID string `json:"signature_id,omitempty"`
	Counted     bool   `json:"counted"`
	Token       string `json:"token,omitempty"`
	// Receipt is the signer's receipt of the log entry this signature
	// appended (docs/ledger.md), when it was counted now.
	Receipt *ledger.Receipt `json:"receipt,omitempty"`
}

// handleSign records a signature. The API is no form: no honeypot and no
// minimum fill time; the rate limits and abuse rules of the service apply.
func (a *API) handleSign(w http.ResponseWriter, r *http.Request) error {
	var in SignatureCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	id, err := petitionID(r)
	if err != nil {
		return err
	}
	ctx, actor := r.Context(), httpx.Actor(r.Context())
	si := service.SignInput{FirstName: in.FirstName, LastName: in.LastName, Email: in.Email, Postal: in.PostalCode,
		Commune: in.Commune, Comment: in.Comment, ShowName: in.ShowName, Lang: in.Lang}
	for _, c := range in.Consents {
		si.Consents = append(si.Consents, cortege.Consent{Purpose: c.Purpose, Given: c.Given, Wording: c.Wording})
	}
	err = petitionLang(in.Lang)
	var res *service.SignResult
	if err == nil {
		res, err = a.svc.Sign(ctx, actor, id, si)
	}
	if cortege.ErrorCode(err) == cortege.EINVALID {
		// The body is checked before the petition is read (no query more
		// on the storm's path); a refusal tells a caller who cannot see
		// the petition (none, a draft) only that: 404 whatever the body.
		if _, perr := a.svc.PetitionCounts(ctx, actor, id); perr != nil {
			return perr
		}
	}
	if err != nil {
		return err
	}
	if res.Pending {
		return writeJSON(w, http.StatusAccepted, SignResult{Pending: true})
	}
	return writeJSON(w, http.StatusCreated, SignResult{SignatureID: res.SignatureID, Counted: res.Counted, Token: res.Token, Receipt: res.Receipt})
}

// PublicSignature is a confirmed signature as the petition's page shows
// it: the name only when the signer chose to show it ("" otherwise).
type PublicSignature struct {
	Name        string `json:"name"`
	Comment     string `json:"comment"`
	Departement string `json:"departement"`
	At          string `json:"at"`
}

// PublicSignatureList answers GET /api/v1/petitions/{id}/signatures: a
// page, newest first; next is the cursor of the following page (?before=),
// absent when the page is not full (a full last page is followed by an empty one).
type PublicSignatureList struct {
	Signatures []PublicSignature `json:"signatures"`
	Next       string            `json:"next,omitempty"`
}

// handlePublicSignatures lists the confirmed signatures with a name shown
// or a comment: ?before= (the cursor of the previous page), ?limit= (1 to
// 100, default 100).
func (a *API) handlePublicSignatures(w http.ResponseWriter, r *http.Request) error {
	before := r.URL.Query().Get("before")
	if before != "" && !validID(before) {
		return cortege.Invalid("before", "err.api.query")
	}
	limit := 0
	if s := r.URL.Query().Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > service.MaxPublicSignatures {
			return cortege.Invalid("limit", "err.api.query")
		}
		limit = n
	}
	id, err := petitionID(r)
	if err != nil {
		return err
	}
	gs, next, err := a.svc.PublicSignatures(r.Context(), httpx.Actor(r.Context()), id, before, limit)
	if err != nil {
		return err
	}
	out := PublicSignatureList{Signatures: make([]PublicSignature, 0, len(gs)), Next: next}
	for _, g := range gs {
		out.Signatures = append(out.Signatures, PublicSignature{Name: g.Name, Comment: g.Comment, Departement: g.Departement, At: timeString(g.At)})
	}
	return writeJSON(w, http.StatusOK, out)
}

// TokenBody is the body of POST /api/v1/signatures/confirm (the token of
// the confirmation link) and …/withdraw (the token of the withdrawal link
// in every mail to the signer).
type TokenBody struct {
	Token string `json:"token"`
}

// linkToken reads the token of a TokenBody: required.
func linkToken(in TokenBody) (string, error) {
	if in.Token == "" {
		return "", cortege.Invalid("token", "err.api.signature_token")
	}
	return in.Token, nil
}

// ConfirmedSignature answers a confirmation: the signature counts (counted
// false only for one invalidated in the meantime). token is the signer's
// own link token, for the export and the withdrawal.
type ConfirmedSignature struct {
	PetitionID  string `json:"petition_id"`
	SignatureID string `json:"signature_id"`
	Counted     bool   `json:"counted"`
	Token       string `json:"token"`
	// Receipt is the signer's receipt when this confirmation counted the
	// signature (not when a link is followed again).
	Receipt *ledger.Receipt `json:"receipt,omitempty"`
}

// handleConfirmSignature consumes a confirmation token, once.
func (a *API) handleConfirmSignature(w http.ResponseWriter, r *http.Request) error {
	var in TokenBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	tok, err := linkToken(in)
	if err != nil {
		return err
	}
	c, err := a.svc.ConfirmSignature(r.Context(), tok)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ConfirmedSignature{PetitionID: c.PetitionID, SignatureID: c.SignatureID, Counted: c.Counted, Token: c.Token, Receipt: c.Receipt})
}

// handleWithdrawSignature withdraws the signature of a withdrawal token:
// it leaves the count, and what the signer typed is erased. Twice is not
// an error.
func (a *API) handleWithdrawSignature(w http.ResponseWriter, r *http.Request) error {
	var in TokenBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	tok, err := linkToken(in)
	if err != nil {
		return err
	}
	if err := a.svc.WithdrawSignature(r.Context(), tok); err != nil {
		return err
	}
	return noContent(w)
}

// Consent is one choice a signer made, with its exact wording and time.
type Consent struct {
	Purpose string `json:"purpose"`
	Given   bool   `json:"given"`
	Wording string `json:"wording"`
	At      string `json:"at"`
}

// SignatureData is everything kept about one signature (after a
// withdrawal, only what stays: status, source, département and times).
type SignatureData struct {
	ID          string    `json:"id"`
	FirstName   string    `json:"first_name"`
	LastName    string    `json:"last_name"`
	Email       string    `json:"email"`
	PostalCode  string    `json:"postal_code"`
	Commune     string    `json:"commune"`
	Departement string    `json:"departement"`
	Comment     string    `json:"comment"`
	ShowName    bool      `json:"show_name"`
	Status      string    `json:"status"`
	Source      string    `json:"source"`
	Consents    []Consent `json:"consents"`
	Lang        string    `json:"lang"`
	CreatedAt   string    `json:"created_at"`
	ConfirmedAt *string   `json:"confirmed_at"`
	WithdrawnAt *string   `json:"withdrawn_at"`
}

// SignerExport answers GET /api/v1/signatures/export?token=: what is kept
// about a signature, for its signer.
type SignerExport struct {
	PetitionID    string        `json:"petition_id"`
	PetitionTitle string        `json:"petition_title"`
	Signature     SignatureData `json:"signature"`
}

// handleExportSignature answers the signer's own export, to whoever holds
// the withdrawal link's token (?token=).
func (a *API) handleExportSignature(w http.ResponseWriter, r *http.Request) error {
	tok, err := linkToken(TokenBody{Token: r.URL.Query().Get("token")})
	if err != nil {
		return err
	}
	x, err := a.svc.ExportSignature(r.Context(), tok)
	if err != nil {
		return err
	}
	g := x.Signature
	d := SignatureData{ID: g.ID, FirstName: g.FirstName, LastName: g.LastName, Email: g.Email, PostalCode: g.Postal,
		Commune: g.INSEE, Departement: g.Departement, Comment: g.Comment, ShowName: g.ShowName, Status: g.Status, Source: g.Source,
		Consents: []Consent{}, Lang: g.Lang, CreatedAt: timeString(g.CreatedAt), ConfirmedAt: optTime(g.ConfirmedAt), WithdrawnAt: optTime(g.WithdrawnAt)}
	for _, c := range g.Consents {
		d.Consents = append(d.Consents, Consent{Purpose: c.Purpose, Given: c.Given, Wording: c.Wording, At: timeString(c.At)})
	}
	return writeJSON(w, http.StatusOK, SignerExport{PetitionID: x.PetitionID, PetitionTitle: x.PetitionTitle, Signature: d})
}

// handleSignatureReceipt answers the signer's receipt of their signature's
// entry in the petition's log, to whoever holds their link token; 404 when
// the signature is not counted online.
func (a *API) handleSignatureReceipt(w http.ResponseWriter, r *http.Request) error {
	tok, err := linkToken(TokenBody{Token: r.URL.Query().Get("token")})
	if err != nil {
		return err
	}
	rc, err := a.svc.SignerReceipt(r.Context(), tok)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, rc)
}
