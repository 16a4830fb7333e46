package api

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// petitionPicture serves PUT (the picture as the raw body) and DELETE of a
// petition's picture: its organisers, who are checked before the body is
// read.
func (a *API) petitionPicture(remove bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, err := a.petitionView(r)
		if err != nil {
			return err
		}
		if !v.Organiser {
			return cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
		}
		var data []byte
		if !remove {
			if data, err = a.readImage(w, r, "picture"); err != nil {
				return err
			}
		}
		if _, err := a.svc.SetPetitionPicture(r.Context(), httpx.Actor(r.Context()), v.Petition.ID, data); err != nil {
			return err
		}
		return a.writePetition(w, r, v.Petition.ID, http.StatusOK)
	}
}
