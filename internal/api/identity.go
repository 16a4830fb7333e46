package api

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Identity answers GET /api/v1/me/identity: whether the account must still
// choose the public name and handle of its first profile (until then,
// whatever would publish is refused with 403 and field "handle"), the
// profile as it stands, and a free neutral handle to offer.
type Identity struct {
	Required   bool    `json:"required"`
	Legacy     bool    `json:"legacy"`
	Profile    Profile `json:"profile"`
	Suggestion string  `json:"suggestion"`
}

// IdentityChoice is the body of PUT /api/v1/me/identity.
type IdentityChoice struct {
	DisplayName string `json:"display_name"`
	Handle      string `json:"handle"`
}

// identityRoutes are the routes of the identity step.
func (a *API) identityRoutes() []route {
	return []route{
		{"GET", "/api/v1/me/identity", signedIn, a.handleIdentityGet},
		{"PUT", "/api/v1/me/identity", signedIn, a.handleIdentityPut},
	}
}

func (a *API) handleIdentityGet(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r.Context())
	st, err := a.svc.Identity(r.Context(), actor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Identity{
		Required: actor.Account.NeedsIdentity(), Legacy: st.Legacy,
		Profile: a.toProfile(st.Profile, actor.Account.DefaultProfileID), Suggestion: st.Suggestion,
	})
}

// handleIdentityPut chooses the public name and handle (keeping the current
// handle is a choice too); a taken handle is 409 on field "handle".
func (a *API) handleIdentityPut(w http.ResponseWriter, r *http.Request) error {
	var in IdentityChoice
	if err := decode(w, r, &in); err != nil {
		return err
	}
	actor := httpx.Actor(r.Context())
	p, err := a.svc.ChooseIdentity(r.Context(), actor, service.IdentityInput{DisplayName: in.DisplayName, Handle: in.Handle})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, Identity{Profile: a.toProfile(p, actor.Account.DefaultProfileID)})
}
