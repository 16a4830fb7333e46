package api

import (
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// petitionLinkRoutes are the routes of a petition's gatherings (linked
// events) and updates (issue 13, items 5 and 6).
func (a *API) petitionLinkRoutes() []route {
	return []route{
		{"GET", "/api/v1/petitions/{id}/gatherings", public, a.handleGatherings},
		{"PUT", "/api/v1/petitions/{id}/gatherings/{event}", signedIn, a.handleGatheringLink},
		{"DELETE", "/api/v1/petitions/{id}/gatherings/{event}", signedIn, a.handleGatheringUnlink},
		{"POST", "/api/v1/petitions/{id}/gatherings/{event}/participation", public, a.handleGatheringJoin},
		{"GET", "/api/v1/petitions/{id}/updates", public, a.handlePetitionUpdates},
		{"POST", "/api/v1/petitions/{id}/updates", signedIn, a.handlePetitionUpdateCreate},
	}
}

// Gathering is one of a petition's upcoming linked events, with its
// distance in km from the postal code asked about (null when either
// position is unknown).
type Gathering struct {
	Event      Event    `json:"event"`
	DistanceKM *float64 `json:"distance_km"`
}

// GatheringList answers GET /api/v1/petitions/{id}/gatherings: From is the
// label of the postal code's commune the distances are measured from
// (null without a postal code).
type GatheringList struct {
	From       *string     `json:"from"`
	Gatherings []Gathering `json:"gatherings"`
}

// GatheringJoin is the body of POST …/gatherings/{event}/participation:
// the signer's link token (returned on confirmation) and, when the event
// asks for it, the acceptance of its code of conduct.
type GatheringJoin struct {
	Token         string `json:"token"`
	AcceptConduct bool   `json:"accept_conduct,omitempty"`
}

// handleGatherings lists the upcoming linked events, nearest first from
// ?postcode= (by date without it), at most ?limit= (10 by default, 50).
func (a *API) handleGatherings(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	postcode, err := queryText(r, "postcode", 10)
	if err != nil {
		return err
	}
	limit := 0
	if s := r.URL.Query().Get("limit"); s != "" {
		if limit, err = strconv.Atoi(s); err != nil || limit < 1 || limit > service.MaxGatherings {
			return cortege.Invalid("limit", "err.petition_link.limit")
		}
	}
	g, err := a.svc.PetitionGatherings(r.Context(), httpx.Actor(r.Context()), id, postcode, limit)
	if err != nil {
		return err
	}
	out := GatheringList{Gatherings: make([]Gathering, 0, len(g.Gatherings))}
	if g.From != nil {
		out.From = &g.From.Label
	}
	for _, x := range g.Gatherings {
		it := Gathering{Event: a.toEvent(x.Event)}
		if x.HasDistance {
			d := float64(int(x.DistanceKM*10+0.5)) / 10
			it.DistanceKM = &d
		}
		out.Gatherings = append(out.Gatherings, it)
	}
	return writeJSON(w, http.StatusOK, out)
}

// gatheringLink runs a link or unlink of the path's event and petition:
// the event's organisers or the petition's.
func (a *API) gatheringLink(w http.ResponseWriter, r *http.Request, link bool) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	eventID, err := pathID(r, "event")
	if err != nil {
		return err
	}
	act := a.svc.LinkEvent
	if !link {
		act = a.svc.UnlinkEvent
	}
	if err := act(r.Context(), httpx.Actor(r.Context()), service.ByID(eventID), id); err != nil {
		return err
	}
	return noContent(w)
}

// handleGatheringLink links an event to the petition (idempotent).
func (a *API) handleGatheringLink(w http.ResponseWriter, r *http.Request) error {
	return a.gatheringLink(w, r, true)
}

// handleGatheringUnlink undoes a link (404 when there was none).
func (a *API) handleGatheringUnlink(w http.ResponseWriter, r *http.Request) error {
	return a.gatheringLink(w, r, false)
}

// handleGatheringJoin registers the holder of a signer's link token for
// one of the petition's gatherings, with the signature's name and
// address; joining again answers the registration as it stands.
func (a *API) handleGatheringJoin(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	eventID, err := pathID(r, "event")
	if err != nil {
		return err
	}
	var in GatheringJoin
	if err := decode(w, r, &in); err != nil {
		return err
	}
	sg, err := a.svc.SignerByToken(r.Context(), in.Token)
	if err != nil {
		return err
	}
	if sg.PetitionID != id {
		return cortege.Invalid("token", "err.petition_link.signer.invalid")
	}
	p, err := a.svc.JoinGatheringAsSigner(r.Context(), httpx.Actor(r.Context()), in.Token, eventID, in.AcceptConduct)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toParticipation(p))
}
