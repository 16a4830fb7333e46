package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Account is the signed-in person's account as the API shows it to them.
type Account struct {
	ID        string `json:"id"`
	Email     string `json:"email"`
	Role      string `json:"role"`
	Lang      string `json:"lang"`
	CreatedAt string `json:"created_at"`
}

func toAccount(acc *cortege.Account) Account {
	return Account{ID: acc.ID, Email: acc.Email, Role: acc.Role, Lang: acc.Lang, CreatedAt: timeString(acc.CreatedAt)}
}

// Me answers GET /api/v1/me: the account, its profiles, and the profile
// the token acts as (the account's default profile).
type Me struct {
	Account         Account   `json:"account"`
	Profiles        []Profile `json:"profiles"`
	ActingProfileID string    `json:"acting_profile_id"`
}

func (a *API) toMe(actor cortege.Actor, ps []*cortege.Profile) Me {
	me := Me{Account: toAccount(actor.Account), Profiles: make([]Profile, 0, len(ps))}
	for _, p := range ps {
		me.Profiles = append(me.Profiles, a.toProfile(p, actor.Account.DefaultProfileID))
	}
	if actor.Profile != nil {
		me.ActingProfileID = actor.Profile.ID
	}
	return me
}

// MeUpdate is the body of PATCH /api/v1/me; absent fields stay as they are.
type MeUpdate struct {
	Lang             *string `json:"lang"`
	DefaultProfileID *string `json:"default_profile_id"`
}

// handleMeGet answers who the token belongs to.
func (a *API) handleMeGet(w http.ResponseWriter, r *http.Request) error {
	return a.writeMe(w, r, httpx.Actor(r.Context()))
}

func (a *API) writeMe(w http.ResponseWriter, r *http.Request, actor cortege.Actor) error {
	ps, err := a.svc.MyProfiles(r.Context(), actor)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toMe(actor, ps))
}

// handleMeUpdate changes the account's language and default profile, in
// one write.
func (a *API) handleMeUpdate(w http.ResponseWriter, r *http.Request) error {
	var in MeUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	if in.DefaultProfileID != nil && !validID(*in.DefaultProfileID) {
		return cortege.Invalid("default_profile_id", "err.profile.not_found")
	}
	actor := httpx.Actor(r.Context())
	acc, err := a.svc.UpdatePrefs(r.Context(), actor, service.AccountPrefs{Lang: in.Lang, DefaultProfileID: in.DefaultProfileID})
	if err != nil {
		return err
	}
	actor.Account = acc
	if in.DefaultProfileID != nil {
		actor.Profile = &cortege.Profile{ID: acc.DefaultProfileID} // tokens act as the default profile
	}
	return a.writeMe(w, r, actor)
}

// handleMeExport answers the data export: everything Cortège keeps about
// the account (GDPR article 20), as a download.
func (a *API) handleMeExport(w http.ResponseWriter, r *http.Request) error {
	ex, err := a.svc.ExportAccountData(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="cortege-export.json"`)
	return writeJSON(w, http.StatusOK, ex)
}
