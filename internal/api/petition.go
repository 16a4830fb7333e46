package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// Petition is a petition as anyone who may see it sees it. Its signature
// log is published at log_url (/petitions/{id}/log.json, outside the API).
type Petition struct {
	ID             string   `json:"id"`
	Title          string   `json:"title"`
	Text           string   `json:"text"`
	TextHTML       string   `json:"text_html"`
	Addressee      string   `json:"addressee"`
	Goal           int      `json:"goal"`
	PictureURL     string   `json:"picture_url"`
	Scope          string   `json:"scope"`
	Place          string   `json:"place"`
	Departement    string   `json:"departement"`
	Tags           []string `json:"tags"`
	EndsAt         *string  `json:"ends_at"`
	FundraisingURL string   `json:"fundraising_url"`
	// State is the state at the time of reading: a published petition
	// past its end date reads "closed" before the sweep writes it.
	State       string  `json:"state"`
	Answer      string  `json:"answer"`
	AnswerHTML  string  `json:"answer_html"`
	AnsweredAt  *string `json:"answered_at"`
	PublishedAt *string `json:"published_at"`
	ClosedAt    *string `json:"closed_at"`
	CreatedBy   string  `json:"created_by"`
	Lang        string  `json:"lang"`
	URL         string  `json:"url"`
	LogURL      string  `json:"log_url"`
	CreatedAt   string  `json:"created_at"`
	UpdatedAt   string  `json:"updated_at"`
}

// toPetition converts a petition the caller may see; state is its state
// at the time of reading.
func (a *API) toPetition(p *cortege.Petition, state string) Petition {
	return Petition{
		ID: p.ID, Title: p.Title, Text: p.Text, TextHTML: markdown.ToHTML(p.Text), Addressee: p.Addressee, Goal: p.Goal,
		PictureURL: a.uploadURL(p.Picture), Scope: p.Scope, Place: p.PlaceINSEE, Departement: p.Departement, Tags: nonNil(p.Tags),
		EndsAt: optTime(p.EndsAt), FundraisingURL: p.FundraisingURL, State: state,
		Answer: p.Answer, AnswerHTML: markdown.ToHTML(p.Answer), AnsweredAt: optTime(p.AnsweredAt),
		PublishedAt: optTime(p.PublishedAt), ClosedAt: optTime(p.ClosedAt), CreatedBy: p.CreatedBy, Lang: p.Lang,
		URL: a.baseURL + "/petitions/" + p.ID, LogURL: a.baseURL + "/petitions/" + p.ID + "/log.json",
		CreatedAt: timeString(p.CreatedAt), UpdatedAt: timeString(p.UpdatedAt),
	}
}

// PetitionCounts is a petition's counter: confirmed signatures online and
// on paper (counted apart), their total, the goal, and the total by
// département code.
type PetitionCounts struct {
	Online        int            `json:"online"`
	Paper         int            `json:"paper"`
	Total         int            `json:"total"`
	Goal          int            `json:"goal"`
	ByDepartement map[string]int `json:"by_departement"`
}

func toPetitionCounts(c cortege.SignatureCounts, goal int) PetitionCounts {
	out := PetitionCounts{Online: c.Online, Paper: c.Paper, Total: c.Total(), Goal: goal, ByDepartement: map[string]int{}}
	for dep, n := range c.ByDepartement {
		if n != 0 {
			out.ByDepartement[dep] = n
		}
	}
	return out
}

// PetitionOrganiser is a group co-signing a petition ("accepted") or
// invited to ("invited", shown to the organisers only).
type PetitionOrganiser struct {
	PetitionID string `json:"petition_id"`
	GroupID    string `json:"group_id"`
	Status     string `json:"status"`
	InvitedBy  string `json:"invited_by"`
	CreatedAt  string `json:"created_at"`
}

func toPetitionOrganiser(o *cortege.PetitionOrganiser) PetitionOrganiser {
	return PetitionOrganiser{PetitionID: o.PetitionID, GroupID: o.GroupID, Status: o.Status, InvitedBy: o.InvitedBy, CreatedAt: timeString(o.CreatedAt)}
}

// PetitionDetail answers GET /api/v1/petitions/{id}: the petition, its
// counter, its co-signing groups, and what the caller may do.
type PetitionDetail struct {
	Petition   Petition            `json:"petition"`
	Counts     PetitionCounts      `json:"counts"`
	Organisers []PetitionOrganiser `json:"organisers"`
	// Organiser: the caller may edit the petition and use the organiser
	// routes (paper signatures, bursts, invitations).
	Organiser bool `json:"organiser"`
	// Signable: the petition takes signatures now.
	Signable bool `json:"signable"`
}

func (a *API) toPetitionDetail(v *service.PetitionView) PetitionDetail {
	d := PetitionDetail{Petition: a.toPetition(v.Petition, v.State), Counts: toPetitionCounts(v.Counts, v.Petition.Goal),
		Organisers: []PetitionOrganiser{}, Organiser: v.Organiser, Signable: v.State == cortege.PetitionPublished}
	for _, o := range v.Organisers {
		if o.Status == cortege.OrganiserAccepted || v.Organiser {
			d.Organisers = append(d.Organisers, toPetitionOrganiser(o))
		}
	}
	return d
}

// PetitionList answers GET /api/v1/me/petitions.
type PetitionList struct {
	Petitions []Petition `json:"petitions"`
}

// petitionID reads the {id} of the path as a petition's ID.
func petitionID(r *http.Request) (string, error) { return pathID(r, "id") }

// petitionView returns the petition of the path as the caller sees it.
func (a *API) petitionView(r *http.Request) (*service.PetitionView, error) {
	id, err := petitionID(r)
	if err != nil {
		return nil, err
	}
	return a.svc.Petition(r.Context(), httpx.Actor(r.Context()), id)
}

// organisedPetition returns the petition of the path and checks the
// caller organises it (ENOTFOUND when they cannot see it, EFORBIDDEN when
// they only can), before anything the body says is looked at.
func (a *API) organisedPetition(r *http.Request) (*service.PetitionView, error) {
	v, err := a.petitionView(r)
	if err != nil {
		return nil, err
	}
	if !v.Organiser {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return v, nil
}

// writePetition answers the petition as the caller now sees it.
func (a *API) writePetition(w http.ResponseWriter, r *http.Request, id string, status int) error {
	v, err := a.svc.Petition(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return err
	}
	return writeJSON(w, status, a.toPetitionDetail(v))
}

// handlePetitionGet answers a petition: a draft only to its organisers.
func (a *API) handlePetitionGet(w http.ResponseWriter, r *http.Request) error {
	v, err := a.petitionView(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toPetitionDetail(v))
}

// handlePetitionCounts answers a petition's counter.
func (a *API) handlePetitionCounts(w http.ResponseWriter, r *http.Request) error {
	v, err := a.petitionView(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toPetitionCounts(v.Counts, v.Petition.Goal))
}

// movePetition serves publish (publish true) and close: organisers, and
// only the moves the lifecycle allows (409 otherwise).
func (a *API) movePetition(publish bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := petitionID(r)
		if err != nil {
			return err
		}
		ctx, actor := r.Context(), httpx.Actor(r.Context())
		if publish {
			_, err = a.svc.PublishPetition(ctx, actor, id)
		} else {
			_, err = a.svc.ClosePetition(ctx, actor, id)
		}
		if err != nil {
			return err
		}
		return a.writePetition(w, r, id, http.StatusOK)
	}
}

// AnswerBody is the body of POST /api/v1/petitions/{id}/answer: the
// addressee's answer (Markdown), which ends the signing and is told to
// the signers who agreed to hear of the petition.
type AnswerBody struct {
	Answer string `json:"answer"`
}

// handlePetitionAnswer records the addressee's answer.
func (a *API) handlePetitionAnswer(w http.ResponseWriter, r *http.Request) error {
	var in AnswerBody
	if err := decode(w, r, &in); err != nil {
		return err
	}
	v, err := a.organisedPetition(r)
	if err != nil {
		return err
	}
	if _, err := a.svc.RecordAnswer(r.Context(), httpx.Actor(r.Context()), v.Petition.ID, in.Answer); err != nil {
		return err
	}
	return a.writePetition(w, r, v.Petition.ID, http.StatusOK)
}

// handleMyPetitions lists the petitions the caller organises.
func (a *API) handleMyPetitions(w http.ResponseWriter, r *http.Request) error {
	ps, err := a.svc.MyPetitions(r.Context(), httpx.Actor(r.Context()), 0)
	if err != nil {
		return err
	}
	out := PetitionList{Petitions: make([]Petition, 0, len(ps))}
	for _, p := range ps {
		out.Petitions = append(out.Petitions, a.toPetition(p, p.StateAt(a.svc.Now())))
	}
	return writeJSON(w, http.StatusOK, out)
}
