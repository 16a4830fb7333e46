package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
)

// PetitionNews is news the organisers posted on a petition.
type PetitionNews struct {
	ID         string `json:"id"`
	PetitionID string `json:"petition_id"`
	Title      string `json:"title"`
	Body       string `json:"body"`
	BodyHTML   string `json:"body_html"`
	CreatedAt  string `json:"created_at"`
}

func toPetitionNews(u *cortege.PetitionUpdate) PetitionNews {
	return PetitionNews{ID: u.ID, PetitionID: u.PetitionID, Title: u.Title, Body: u.Body,
		BodyHTML: markdown.ToHTML(u.Body), CreatedAt: timeString(u.CreatedAt)}
}

// PetitionNewsList answers GET /api/v1/petitions/{id}/updates, newest
// first; Next is the ?before= of the next page, null at the end.
type PetitionNewsList struct {
	Updates []PetitionNews `json:"updates"`
	Next    *string        `json:"next"`
}

// PetitionNewsCreate is the body of POST /api/v1/petitions/{id}/updates.
type PetitionNewsCreate struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

// handlePetitionUpdates lists a petition's updates, a page at a time.
func (a *API) handlePetitionUpdates(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	before := r.URL.Query().Get("before")
	if before != "" && !cortege.ValidIDShape(before) {
		return cortege.Invalid("before", "err.petition_update.cursor")
	}
	us, next, err := a.svc.PetitionUpdates(r.Context(), httpx.Actor(r.Context()), id, before, 0)
	if err != nil {
		return err
	}
	out := PetitionNewsList{Updates: make([]PetitionNews, 0, len(us))}
	for _, u := range us {
		out.Updates = append(out.Updates, toPetitionNews(u))
	}
	if next != "" {
		out.Next = &next
	}
	return writeJSON(w, http.StatusOK, out)
}

// handlePetitionUpdateCreate posts an update (the petition's organisers):
// it is mailed to the signers who agreed and told to the organising
// groups' members.
func (a *API) handlePetitionUpdateCreate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in PetitionNewsCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	u, err := a.svc.PostPetitionUpdate(r.Context(), httpx.Actor(r.Context()), id, in.Title, in.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, toPetitionNews(u))
}
