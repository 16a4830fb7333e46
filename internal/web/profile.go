package web

import (
	"errors"
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// profilesData is the view model of the profiles page.
type profilesData struct {
	Profiles  []*cortege.Profile
	DefaultID string
	ActingID  string
}

func (w *Web) profilesData(r *http.Request) (*profilesData, error) {
	a := httpx.Actor(r.Context())
	ps, err := w.svc.MyProfiles(r.Context(), a)
	if err != nil {
		return nil, err
	}
	d := &profilesData{Profiles: ps, DefaultID: a.Account.DefaultProfileID}
	if a.Profile != nil {
		d.ActingID = a.Profile.ID
	}
	return d, nil
}

// handleProfiles lists the account's profiles with the creation form.
func (w *Web) handleProfiles(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.profilesData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "profiles", "profiles.title", d, nil)
}

// handleProfileCreate adds a profile.
func (w *Web) handleProfileCreate(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "create", "handle", "display_name", "bio")
	if err == nil {
		_, err = w.svc.CreateProfile(r.Context(), httpx.Actor(r.Context()), service.ProfileInput{
			Handle: f.V("handle"), DisplayName: f.V("display_name"), Bio: f.V("bio")})
	}
	if err != nil {
		d, lerr := w.profilesData(r)
		if lerr != nil {
			return lerr
		}
		return w.formPage(rw, r, "profiles", "profiles.title", d, f, err)
	}
	return w.redirect(rw, r, "/settings/profiles?ok=profile_created")
}

// profileEditData is the view model of a profile's edit page.
type profileEditData struct {
	Profile *cortege.Profile
	Default bool
	Acting  bool
	Last    bool // the account's only profile: it cannot be deleted
	MaxMB   int
}

// myProfile finds one of the actor's profiles by id (ENOTFOUND otherwise).
func (w *Web) myProfile(r *http.Request) (*profileEditData, error) {
	d, err := w.profilesData(r)
	if err != nil {
		return nil, err
	}
	id := r.PathValue("id")
	for _, p := range d.Profiles {
		if p.ID == id {
			return &profileEditData{Profile: p, Default: p.ID == d.DefaultID, Acting: p.ID == d.ActingID, Last: len(d.Profiles) == 1, MaxMB: maxUploadBytes >> 20}, nil
		}
	}
	return nil, cortege.Errorf(cortege.ENOTFOUND, "err.profile.not_found")
}

// handleProfileEdit shows a profile's edit form and avatar upload.
func (w *Web) handleProfileEdit(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.myProfile(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "profile_edit", "profile.edit.title", d, nil)
}

// handleProfileUpdate saves a profile's display name and bio.
func (w *Web) handleProfileUpdate(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.myProfile(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "edit", "display_name", "bio")
	if err == nil {
		_, err = w.svc.UpdateProfile(r.Context(), httpx.Actor(r.Context()), d.Profile.ID, service.ProfileInput{
			Handle: d.Profile.Handle, DisplayName: f.V("display_name"), Bio: f.V("bio")})
	}
	if err != nil {
		return w.formPage(rw, r, "profile_edit", "profile.edit.title", d, f, err)
	}
	return w.redirect(rw, r, "/settings/profiles/"+d.Profile.ID+"?ok=profile_saved")
}

// handleProfileAvatar receives an avatar (multipart, at most 10 MB) or,
// with remove=1, removes it.
func (w *Web) handleProfileAvatar(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.myProfile(r)
	if err != nil {
		return err
	}
	f := &form{Name: "avatar", Values: map[string]string{"avatar": ""}, Errors: map[string]string{}}
	data, err := readAvatar(rw, r)
	if err == nil {
		_, err = w.svc.SetAvatar(r.Context(), httpx.Actor(r.Context()), d.Profile.ID, data)
	}
	if err != nil {
		if isTooLarge(err) {
			f.Errors["avatar"] = w.cat.T(info(r).lang, "err.upload.too_large")
			f.Summary = append(f.Summary, f.Errors["avatar"])
			return w.render(rw, r, http.StatusRequestEntityTooLarge, "profile_edit", "profile.edit.title", d, f)
		}
		return w.formPage(rw, r, "profile_edit", "profile.edit.title", d, f, err)
	}
	return w.redirect(rw, r, "/settings/profiles/"+d.Profile.ID+"?ok=avatar")
}

// readAvatar reads the "avatar" file of a multipart form within the upload
// limit; it returns nil data when the form asks to remove the avatar.
func readAvatar(rw http.ResponseWriter, r *http.Request) ([]byte, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxUploadBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if isTooLarge(err) {
			return nil, err
		}
		if errors.Is(err, http.ErrNotMultipart) {
			if err := r.ParseForm(); err == nil && r.PostForm.Get("remove") != "" {
				return nil, nil
			}
		}
		return nil, invalid("avatar", "err.image.unsupported")
	}
	defer r.MultipartForm.RemoveAll()
	if r.PostFormValue("remove") != "" {
		return nil, nil
	}
	data, err := readUpload(r, "avatar")
	if err == nil && data == nil {
		err = invalid("avatar", "err.image.required")
	}
	return data, err
}

// handleProfileAct makes a profile the acting one for this session and
// goes back where the switch was used.
func (w *Web) handleProfileAct(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "act", "next")
	if err != nil {
		return err
	}
	if _, err := w.svc.SwitchProfile(r.Context(), httpx.Actor(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return w.redirect(rw, r, orDefault(SafeNext(f.V("next")), "/settings/profiles?ok=acting"))
}

// handleProfileDefault makes a profile the account's default.
func (w *Web) handleProfileDefault(rw http.ResponseWriter, r *http.Request) error {
	if err := w.svc.SetDefaultProfile(r.Context(), httpx.Actor(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return w.redirect(rw, r, "/settings/profiles?ok=default")
}

// handleProfileDeleteForm asks to confirm a profile's deletion.
func (w *Web) handleProfileDeleteForm(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.myProfile(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "profile_delete", "profile.delete.title", d, nil)
}

// handleProfileDelete erases a profile (never the last one).
func (w *Web) handleProfileDelete(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.myProfile(r)
	if err != nil {
		return err
	}
	f := &form{Name: "delete", Values: map[string]string{}, Errors: map[string]string{}}
	if err := w.svc.DeleteProfile(r.Context(), httpx.Actor(r.Context()), d.Profile.ID); err != nil {
		return w.formPage(rw, r, "profile_delete", "profile.delete.title", d, f, err)
	}
	return w.redirect(rw, r, "/settings/profiles?ok=profile_deleted")
}
