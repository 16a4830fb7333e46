package api

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// PaperRow is one line of a paper form, typed by an organiser; the
// address is optional.
type PaperRow struct {
	FirstName  string `json:"first_name"`
	LastName   string `json:"last_name"`
	PostalCode string `json:"postal_code"`
	Email      string `json:"email"`
	Comment    string `json:"comment"`
}

// PaperBody is the JSON body of POST /api/v1/petitions/{id}/paper-signatures:
// up to 5,000 lines. The same route takes a CSV file (text/csv) with a
// header line naming the columns.
type PaperBody struct {
	Rows []PaperRow `json:"rows"`
}

// PaperResult answers a batch of paper signatures: how many were added
// (confirmed at once, counted apart as paper) and how many lines were
// skipped because their address had signed already.
type PaperResult struct {
	Added      int `json:"added"`
	Duplicates int `json:"duplicates"`
}

// PaperRowError says what is wrong with one line (numbered from 1).
type PaperRowError struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// PaperError answers a batch with lines at fault (422): nothing was
// added. error is the usual error (its field names the first line at
// fault, as rows[i].field, counted from 0); rows lists every line at fault.
type PaperError struct {
	Error ErrorDetail     `json:"error"`
	Rows  []PaperRowError `json:"rows"`
}

// paperRows reads the rows of a batch, as JSON or CSV. The CSV is read,
// not parsed: parsing waits until the caller may act.
func paperRows(w http.ResponseWriter, r *http.Request) (rows []service.PaperSignature, csv []byte, err error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err == nil && mt == "text/csv" {
		if r.ContentLength > service.MaxPaperCSVBytes {
			return nil, nil, errTooLarge
		}
		b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, service.MaxPaperCSVBytes))
		if mb := new(http.MaxBytesError); errors.As(err, &mb) {
			return nil, nil, errTooLarge
		} else if err != nil {
			return nil, nil, err
		}
		if !utf8.Valid(b) {
			return nil, nil, badBody("file", "err.signature.csv.invalid")
		}
		if bytes.IndexByte(b, 0) >= 0 {
			return nil, nil, badBody("file", "err.api.nul")
		}
		return nil, b, nil
	}
	var in PaperBody
	if err := decode(w, r, &in); err != nil {
		return nil, nil, err
	}
	rows = make([]service.PaperSignature, 0, len(in.Rows))
	for _, p := range in.Rows {
		rows = append(rows, service.PaperSignature{FirstName: p.FirstName, LastName: p.LastName, Postal: p.PostalCode, Email: p.Email, Comment: p.Comment})
	}
	return rows, nil, nil
}

// handlePaperSignatures enters a batch of paper signatures: organisers,
// while the petition is published or closed. A batch with a line at fault
// adds nothing.
func (a *API) handlePaperSignatures(w http.ResponseWriter, r *http.Request) error {
	rows, csv, err := paperRows(w, r)
	if err != nil {
		return err
	}
	v, err := a.organisedPetition(r)
	if err != nil {
		return err
	}
	if csv != nil {
		if rows, err = service.ParsePaperCSV(csv); err != nil {
			return err
		}
	}
	ctx := r.Context()
	res, err := a.svc.AddPaperSignatures(ctx, httpx.Actor(ctx), v.Petition.ID, rows)
	if err != nil {
		return err
	}
	if len(res.Errors) > 0 {
		lang := httpx.Lang(ctx)
		out := PaperError{Rows: make([]PaperRowError, 0, len(res.Errors))}
		for _, e := range res.Errors {
			out.Rows = append(out.Rows, PaperRowError{Row: e.Row, Field: e.Field, Message: a.t(lang, e.Message)})
		}
		first := res.Errors[0]
		out.Error = ErrorDetail{Code: cortege.EINVALID, Message: a.t(lang, first.Message), Field: "rows[" + strconv.Itoa(first.Row-1) + "]." + paperField(first.Field)}
		return writeJSON(w, http.StatusUnprocessableEntity, out)
	}
	return writeJSON(w, http.StatusOK, PaperResult{Added: res.Added, Duplicates: res.Duplicates})
}

// paperField is the JSON name of a signature's field in a PaperRow.
func paperField(f string) string {
	if f == "" {
		return "body"
	}
	return f
}

// Burst is a minute in which many live signatures came from one network
// (kind "net": key is a keyed hash, never an address) or one mail domain
// (kind "domain").
type Burst struct {
	Kind   string `json:"kind"`
	Key    string `json:"key"`
	Minute string `json:"minute"`
	Count  int    `json:"count"`
}

// BurstList answers GET /api/v1/petitions/{id}/bursts.
type BurstList struct {
	Bursts []Burst `json:"bursts"`
}

// handleBursts lists the suspicious minutes: ?since= (RFC 3339 or a date;
// default: all), ?min= (signatures in the minute, 2 to 100000, default 20).
func (a *API) handleBursts(w http.ResponseWriter, r *http.Request) error {
	since, err := queryTime(r, "since")
	if err != nil {
		return err
	}
	min := 0
	if m, ok, err := queryFloat(r, "min", 2, 100000); err != nil {
		return err
	} else if ok {
		min = int(m)
	}
	id, err := petitionID(r)
	if err != nil {
		return err
	}
	bs, err := a.svc.SignatureBursts(r.Context(), httpx.Actor(r.Context()), id, since, min)
	if err != nil {
		return err
	}
	out := BurstList{Bursts: make([]Burst, 0, len(bs))}
	for _, b := range bs {
		out.Bursts = append(out.Bursts, Burst{Kind: b.Kind, Key: b.Key, Minute: timeString(b.Minute), Count: b.Count})
	}
	return writeJSON(w, http.StatusOK, out)
}

// BurstInvalidate is the body of POST /api/v1/petitions/{id}/bursts/invalidate:
// one burst as the list gave it (kind, key and minute).
type BurstInvalidate struct {
	Kind   string `json:"kind"`
	Key    string `json:"key"`
	Minute string `json:"minute"`
}

// SignatureInvalidate is the body of POST /api/v1/petitions/{id}/signatures/invalidate:
// the IDs of signatures of the petition (up to 10,000; others are skipped).
type SignatureInvalidate struct {
	IDs []string `json:"ids"`
}

// Invalidated answers an invalidation: how many signatures left the count
// (or, unconfirmed, will never join it).
type Invalidated struct {
	Invalidated int `json:"invalidated"`
}

// handleInvalidateBurst invalidates every live signature of one burst.
func (a *API) handleInvalidateBurst(w http.ResponseWriter, r *http.Request) error {
	var in BurstInvalidate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.organisedPetition(r)
	if err != nil {
		return err
	}
	var minute time.Time
	if in.Minute != "" {
		if minute, err = parseTime("minute", in.Minute); err != nil {
			return err
		}
	}
	if minute.IsZero() {
		return cortege.Invalid("minute", "err.signature.burst.invalid")
	}
	n, err := a.svc.InvalidateBurst(r.Context(), httpx.Actor(r.Context()), v.Petition.ID, service.SignatureBurst{Kind: in.Kind, Key: in.Key, Minute: minute})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Invalidated{Invalidated: n})
}

// handleInvalidateSignatures invalidates chosen signatures.
func (a *API) handleInvalidateSignatures(w http.ResponseWriter, r *http.Request) error {
	var in SignatureInvalidate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.organisedPetition(r)
	if err != nil {
		return err
	}
	for _, id := range in.IDs {
		if !validID(id) {
			return cortege.Invalid("ids", "err.signature.not_found")
		}
	}
	n, err := a.svc.InvalidateSignatures(r.Context(), httpx.Actor(r.Context()), v.Petition.ID, in.IDs)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Invalidated{Invalidated: n})
}

// handlePetitionInvite invites a group ({"group"}: ID or handle) to
// co-sign and co-edit the petition; a group the caller administers joins
// at once.
func (a *API) handlePetitionInvite(w http.ResponseWriter, r *http.Request) error {
	var in OrganiserBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.organisedPetition(r)
	if err != nil {
		return err
	}
	g, err := a.organiserGroup(r, in)
	if err != nil {
		return err
	}
	o, err := a.svc.InvitePetitionGroup(r.Context(), httpx.Actor(r.Context()), v.Petition.ID, g.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toPetitionOrganiser(o))
}

// PetitionInvitationList answers GET /api/v1/groups/{group}/petition-invitations:
// the petitions inviting the group to co-sign, waiting for its administrators.
type PetitionInvitationList struct {
	Invitations []PetitionOrganiser `json:"invitations"`
}

// handlePetitionInvitations lists a group's invitations to co-sign.
func (a *API) handlePetitionInvitations(w http.ResponseWriter, r *http.Request) error {
	g, err := a.group(r)
	if err != nil {
		return err
	}
	os, err := a.svc.PetitionInvitations(r.Context(), httpx.Actor(r.Context()), g.ID)
	if err != nil {
		return err
	}
	out := PetitionInvitationList{Invitations: make([]PetitionOrganiser, 0, len(os))}
	for _, o := range os {
		out.Invitations = append(out.Invitations, toPetitionOrganiser(o))
	}
	return writeJSON(w, http.StatusOK, out)
}

// answerPetitionInvitation serves accept and decline of an invitation to
// co-sign ({id}: the petition); the group's administrators.
func (a *API) answerPetitionInvitation(accept bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		g, err := a.group(r)
		if err != nil {
			return err
		}
		id, err := petitionID(r)
		if err != nil {
			return err
		}
		if err := a.svc.AnswerPetitionInvitation(r.Context(), httpx.Actor(r.Context()), id, g.ID, accept); err != nil {
			return err
		}
		return noContent(w)
	}
}
