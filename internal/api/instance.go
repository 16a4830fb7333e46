package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// Instance is what anyone may know of this Cortège server.
type Instance struct {
	Name          string   `json:"name"`
	Description   string   `json:"description"`
	Contact       string   `json:"contact"`
	Registrations string   `json:"registrations"`
	DefaultLang   string   `json:"default_lang"`
	Languages     []string `json:"languages"`
}

func toInstance(s cortege.InstanceSettings) Instance {
	return Instance{
		Name: s.Name, Description: s.Description, Contact: s.Contact,
		Registrations: s.Registrations, DefaultLang: s.DefaultLang,
		Languages: append([]string(nil), cortege.Languages...),
	}
}

// InstanceUpdate is the body of PATCH /api/v1/instance; absent fields stay
// as they are.
type InstanceUpdate struct {
	Name          *string `json:"name"`
	Description   *string `json:"description"`
	Contact       *string `json:"contact"`
	Registrations *string `json:"registrations"`
	DefaultLang   *string `json:"default_lang"`
}

// handleInstanceGet answers the public instance settings.
func (a *API) handleInstanceGet(w http.ResponseWriter, r *http.Request) error {
	set, err := a.svc.Settings(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toInstance(set))
}

// handleInstanceUpdate changes the instance settings; administrators only.
func (a *API) handleInstanceUpdate(w http.ResponseWriter, r *http.Request) error {
	var in InstanceUpdate
	if err := decode(w, r, &in); err != nil {
		return err
	}
	ctx := r.Context()
	set, err := a.svc.Settings(ctx)
	if err != nil {
		return err
	}
	for _, f := range []struct {
		in  *string
		out *string
	}{
		{in.Name, &set.Name}, {in.Description, &set.Description}, {in.Contact, &set.Contact},
		{in.Registrations, &set.Registrations}, {in.DefaultLang, &set.DefaultLang},
	} {
		if f.in != nil {
			*f.out = *f.in
		}
	}
	if err := a.svc.UpdateSettings(ctx, httpx.Actor(ctx), set); err != nil {
		return err
	}
	if set, err = a.svc.Settings(ctx); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toInstance(set))
}
