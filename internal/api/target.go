package api

import (
	"errors"
	"io"
	"mime"
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// targetRoutes are the routes of interpellation (docs/targets.md).
func (a *API) targetRoutes() []route {
	return []route{
		{"GET", "/api/v1/petitions/{petition}/targets", public, a.handleTargetList},
		{"POST", "/api/v1/petitions/{petition}/targets/{target}/interpellations", public, a.handleInterpellationCount},
		{"POST", "/api/v1/targets/import", signedIn, a.handleTargetImport},
	}
}

// TargetList is the answer of GET /api/v1/petitions/{petition}/targets.
type TargetList struct {
	// Place is the commune the targets answer for; absent when the postal
	// code serves several communes and none was picked (choices).
	Place   *Place   `json:"place,omitempty"`
	Choices []Place  `json:"choices"`
	Targets []Target `json:"targets"`
}

// Target is someone a petition's signers may write to, with the count of
// those who said they did about this petition.
type Target struct {
	ID              string     `json:"id"`
	Key             string     `json:"key"`
	Name            string     `json:"name"`
	Kind            string     `json:"kind"`
	Role            string     `json:"role"`
	Email           string     `json:"email"`
	Fediverse       string     `json:"fediverse"`
	FormURL         string     `json:"form_url"`
	Area            TargetArea `json:"area"`
	Interpellations int        `json:"interpellations"`
}

// TargetArea is the level and name of the area a target answers for.
type TargetArea struct {
	Level string `json:"level"`
	Name  string `json:"name"`
}

// InterpellationCount is the answer of counting one interpellation.
type InterpellationCount struct {
	Count int `json:"count"`
}

// TargetImport is the answer of POST /api/v1/targets/import.
type TargetImport struct {
	Created int              `json:"created"`
	Updated int              `json:"updated"`
	Errors  []TargetRowError `json:"errors"`
}

// TargetRowError is a faulty line of an imported file.
type TargetRowError struct {
	Line    int    `json:"line"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// handleTargetList lists the targets answering for ?postcode= (with
// &commune= to pick one of its communes) or ?commune=, most local first.
func (a *API) handleTargetList(w http.ResponseWriter, r *http.Request) error {
	ctx, act := r.Context(), httpx.Actor(r.Context())
	pv, err := a.svc.Petition(ctx, act, r.PathValue("petition"))
	if err != nil {
		return err
	}
	postcode, err := queryText(r, "postcode", 10)
	if err != nil {
		return err
	}
	commune, err := queryText(r, "commune", 10)
	if err != nil {
		return err
	}
	at, err := a.svc.TargetsFor(ctx, postcode, commune)
	if err != nil {
		return err
	}
	counts, err := a.svc.InterpellationCounts(ctx, act, pv.Petition.ID)
	if err != nil {
		return err
	}
	out := TargetList{Choices: []Place{}, Targets: []Target{}}
	for _, c := range at.Choices {
		out.Choices = append(out.Choices, toPlace(c))
	}
	if at.Place.INSEE != "" {
		p := toPlace(at.Place)
		out.Place = &p
	}
	for _, t := range at.Targets {
		out.Targets = append(out.Targets, Target{ID: t.ID, Key: t.Key, Name: t.Name, Kind: t.Kind, Role: t.Role,
			Email: t.Email, Fediverse: t.Fediverse, FormURL: t.FormURL, Area: TargetArea{Level: t.Area.Level, Name: t.Area.Name},
			Interpellations: counts[t.ID]})
	}
	return writeJSON(w, http.StatusOK, out)
}

// handleInterpellationCount counts that the caller wrote to a target
// about a petition; no body: nothing of the message is sent.
func (a *API) handleInterpellationCount(w http.ResponseWriter, r *http.Request) error {
	n, err := a.svc.CountInterpellation(r.Context(), httpx.Actor(r.Context()), r.PathValue("petition"), r.PathValue("target"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, InterpellationCount{Count: n})
}

// handleTargetImport loads a targets file (text/csv, the columns of
// docs/targets.md) for an administrator: 200 with the counts, or 422
// with every faulty line when nothing was imported.
func (a *API) handleTargetImport(w http.ResponseWriter, r *http.Request) error {
	act := httpx.Actor(r.Context())
	if !act.IsAdmin() {
		return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "text/csv" {
		return errMediaType
	}
	if r.ContentLength > service.MaxTargetsCSVBytes {
		return errTooLarge
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, service.MaxTargetsCSVBytes))
	if mb := new(http.MaxBytesError); errors.As(err, &mb) {
		return errTooLarge
	} else if err != nil {
		return err
	}
	lang := httpx.Lang(r.Context())
	out := TargetImport{Errors: []TargetRowError{}}
	rows, err := service.ParseTargetsCSV(data)
	if re := new(service.TargetRowError); errors.As(err, &re) {
		out.Errors = append(out.Errors, TargetRowError{Line: re.Line, Column: re.Column, Message: a.cat.T(lang, re.Message)})
		return writeJSON(w, http.StatusUnprocessableEntity, out)
	} else if err != nil {
		return err
	}
	res, err := a.svc.ImportTargets(r.Context(), act, rows)
	if err != nil {
		return err
	}
	out.Created, out.Updated = res.Created, res.Updated
	for _, e := range res.Errors {
		out.Errors = append(out.Errors, TargetRowError{Line: e.Line, Column: e.Column, Message: a.cat.T(lang, e.Message)})
	}
	if len(out.Errors) > 0 {
		return writeJSON(w, http.StatusUnprocessableEntity, out)
	}
	return writeJSON(w, http.StatusOK, out)
}
