package api

import (
	"net/http"
	"net/url"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Profile is one of the caller's own profiles.
type Profile struct {
	ID          string `json:"id"`
	Handle      string `json:"handle"`
	DisplayName string `json:"display_name"`
	Bio         string `json:"bio"`
	AvatarURL   string `json:"avatar_url"`
	IsDefault   bool   `json:"is_default"`
	CreatedAt   string `json:"created_at"`
}

// toProfile converts one of the caller's profiles; defaultID is the
// account's default profile.
func (a *API) toProfile(p *cortege.Profile, defaultID string) Profile {
	return Profile{
		ID: p.ID, Handle: p.Handle, DisplayName: p.DisplayName, Bio: p.Bio,
		AvatarURL: a.avatarURL(p), IsDefault: p.ID == defaultID, CreatedAt: timeString(p.CreatedAt),
	}
}

// PublicProfile is a profile as anyone sees it: never the account behind
// it, never an address.
type PublicProfile struct {
	ID          string `json:"id"`
	Handle      string `json:"handle"`
	DisplayName string `json:"display_name"`
	Bio         string `json:"bio"`
	AvatarURL   string `json:"avatar_url"`
	URL         string `json:"url"`
	CreatedAt   string `json:"created_at"`
	Suspended   bool   `json:"suspended"`
}

// toPublicProfile converts a profile the service already masked for the
// caller (a suspended one has neither name, bio nor avatar but to
// instance administrators).
func (a *API) toPublicProfile(p *cortege.Profile) PublicProfile {
	name := p.DisplayName
	if p.Deleted {
		name = ""
	}
	return PublicProfile{
		ID: p.ID, Handle: p.Handle, DisplayName: name, Bio: p.Bio,
		AvatarURL: a.avatarURL(p), URL: a.baseURL + "/@" + p.Handle, CreatedAt: timeString(p.CreatedAt),
		Suspended: p.Suspended,
	}
}

// avatarURL is where the web interface serves a profile's avatar, "" when
// it has none.
func (a *API) avatarURL(p *cortege.Profile) string {
	if p.Avatar == "" {
		return ""
	}
	return a.baseURL + "/uploads/" + url.PathEscape(p.Avatar)
}

// ProfileCreate is the body of POST /api/v1/profiles.
type ProfileCreate struct {
	Handle      string `json:"handle"`
	DisplayName string `json:"display_name"`
	Bio         string `json:"bio"`
}

// ProfileUpdate is the body of PATCH /api/v1/profiles/{profile}; absent fields
// stay as they are. A handle never changes.
type ProfileUpdate struct {
	DisplayName *string `json:"display_name"`
	Bio         *string `json:"bio"`
}

// handleProfileGet answers a public profile. Like every route under
// /api/v1/profiles/, it takes the profile's ID or its handle ("@" optional).
func (a *API) handleProfileGet(w http.ResponseWriter, r *http.Request) error {
	p, err := a.svc.ProfileByRef(r.Context(), httpx.Actor(r.Context()), r.PathValue("profile"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toPublicProfile(p))
}

// handleProfileCreate adds a profile to the caller's account.
func (a *API) handleProfileCreate(w http.ResponseWriter, r *http.Request) error {
	var in ProfileCreate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	actor := httpx.Actor(r.Context())
	p, err := a.svc.CreateProfile(r.Context(), actor, service.ProfileInput{Handle: in.Handle, DisplayName: in.DisplayName, Bio: in.Bio})
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.baseURL+"/api/v1/profiles/"+p.Handle)
	return writeJSON(w, http.StatusCreated, a.toProfile(p, actor.Account.DefaultProfileID))
}

// handleProfileUpdate changes the display name or bio of one of the
// caller's profiles; another account's profile is 404.
func (a *API) handleProfileUpdate(w http.ResponseWriter, r *http.Request) error {
	var in ProfileUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	actor := httpx.Actor(r.Context())
	cur, err := a.ownProfile(r, actor, r.PathValue("profile"))
	if err != nil {
		return err
	}
	up := service.ProfileInput{DisplayName: cur.DisplayName, Bio: cur.Bio}
	if in.DisplayName != nil {
		up.DisplayName = *in.DisplayName
	}
	if in.Bio != nil {
		up.Bio = *in.Bio
	}
	p, err := a.svc.UpdateProfile(r.Context(), actor, cur.ID, up)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.toProfile(p, actor.Account.DefaultProfileID))
}

// handleProfileDelete erases one of the caller's profiles (not the last).
func (a *API) handleProfileDelete(w http.ResponseWriter, r *http.Request) error {
	actor := httpx.Actor(r.Context())
	p, err := a.ownProfile(r, actor, r.PathValue("profile"))
	if err != nil {
		return err
	}
	if err := a.svc.DeleteProfile(r.Context(), actor, p.ID); err != nil {
		return err
	}
	return noContent(w)
}

// ownProfile finds one of the actor's live profiles by ID or handle,
// ENOTFOUND otherwise (another account's profile included).
func (a *API) ownProfile(r *http.Request, actor cortege.Actor, ref string) (*cortege.Profile, error) {
	ps, err := a.svc.MyProfiles(r.Context(), actor)
	if err != nil {
		return nil, err
	}
	handle, _ := cortege.NormalizeHandle(ref)
	for _, p := range ps {
		if p.ID == ref {
			return p, nil
		}
	}
	for _, p := range ps {
		if handle != "" && p.Handle == handle {
			return p, nil
		}
	}
	return nil, cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
}
