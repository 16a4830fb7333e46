package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// PetitionCreate is the body of POST /api/v1/petitions: a draft, published
// later with POST …/publish. scope is local (place: a commune's INSEE
// code), departement (departement: its code), national or european.
// group writes it on behalf of a group the caller administers (ID or
// handle): the group co-signs it from the start.
type PetitionCreate struct {
	Title          string   `json:"title"`
	Text           string   `json:"text"`
	Addressee      string   `json:"addressee"`
	Goal           int      `json:"goal"`
	Scope          string   `json:"scope"`
	Place          string   `json:"place"`
	Departement    string   `json:"departement"`
	Tags           []string `json:"tags"`
	EndsAt         string   `json:"ends_at"`
	FundraisingURL string   `json:"fundraising_url"`
	Lang           string   `json:"lang"`
	Group          string   `json:"group"`
}

// PetitionUpdate is the body of PATCH /api/v1/petitions/{id}: absent
// fields stay; "ends_at": "" removes the end date. Organisers, while the
// petition is a draft or published.
type PetitionUpdate struct {
	Title          *string   `json:"title"`
	Text           *string   `json:"text"`
	Addressee      *string   `json:"addressee"`
	Goal           *int      `json:"goal"`
	Scope          *string   `json:"scope"`
	Place          *string   `json:"place"`
	Departement    *string   `json:"departement"`
	Tags           *[]string `json:"tags"`
	EndsAt         *string   `json:"ends_at"`
	FundraisingURL *string   `json:"fundraising_url"`
	Lang           *string   `json:"lang"`
}

// petitionLang checks the language of a petition's body ("" keeps the
// default).
func petitionLang(lang string) error {
	if lang != "" && !cortege.ValidLang(lang) {
		return cortege.Invalid("lang", "err.lang.invalid")
	}
	return nil
}

// handlePetitionCreate writes a draft petition.
func (a *API) handlePetitionCreate(w http.ResponseWriter, r *http.Request) error {
	var in PetitionCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ends, err := optTimeIn("ends_at", &in.EndsAt)
	if err != nil {
		return err
	}
	if err := petitionLang(in.Lang); err != nil {
		return err
	}
	pi := service.PetitionInput{Title: in.Title, Text: in.Text, Addressee: in.Addressee, Goal: in.Goal, Scope: in.Scope,
		Place: in.Place, Departement: in.Departement, Tags: in.Tags, EndsAt: ends, FundraisingURL: in.FundraisingURL, Lang: in.Lang}
	if in.Group != "" {
		g, err := a.groupByRef(r, in.Group)
		if err != nil {
			if cortege.IsNotFound(err) {
				return cortege.Invalid("group", "err.group.not_found")
			}
			return err
		}
		pi.GroupID = g.ID
	}
	p, err := a.svc.CreatePetition(r.Context(), httpx.Actor(r.Context()), pi)
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/petitions/"+p.ID)
	return a.writePetition(w, r, p.ID, http.StatusCreated)
}

// handlePetitionUpdate changes a petition's text and settings: the
// caller's permission is checked before anything the body says.
func (a *API) handlePetitionUpdate(w http.ResponseWriter, r *http.Request) error {
	var in PetitionUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.organisedPetition(r)
	if err != nil {
		return err
	}
	p := v.Petition
	pi := service.PetitionInput{Title: p.Title, Text: p.Text, Addressee: p.Addressee, Goal: p.Goal, Picture: p.Picture,
		Scope: p.Scope, Place: p.PlaceINSEE, Departement: p.Departement, Tags: p.Tags, EndsAt: p.EndsAt,
		FundraisingURL: p.FundraisingURL, Lang: p.Lang}
	setIf(&pi.Title, in.Title)
	setIf(&pi.Text, in.Text)
	setIf(&pi.Addressee, in.Addressee)
	setIf(&pi.Goal, in.Goal)
	setIf(&pi.Scope, in.Scope)
	setIf(&pi.Place, in.Place)
	setIf(&pi.Departement, in.Departement)
	setIf(&pi.Tags, in.Tags)
	setIf(&pi.FundraisingURL, in.FundraisingURL)
	setIf(&pi.Lang, in.Lang)
	if in.EndsAt != nil {
		if pi.EndsAt, err = optTimeIn("ends_at", in.EndsAt); err != nil {
			return err
		}
	}
	if in.Lang != nil {
		if err := petitionLang(*in.Lang); err != nil {
			return err
		}
		if *in.Lang == "" {
			pi.Lang = p.Lang
		}
	}
	if _, err := a.svc.UpdatePetition(r.Context(), httpx.Actor(r.Context()), p.ID, pi); err != nil {
		return err
	}
	return a.writePetition(w, r, p.ID, http.StatusOK)
}

// setIf copies *from into *to when the body gave it.
func setIf[T any](to *T, from *T) {
	if from != nil {
		*to = *from
	}
}
