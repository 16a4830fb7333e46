package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// handlePetitionPicture sets or removes a petition's picture from the
// management page's multipart form ("image", or "remove").
func (w *Web) handlePetitionPicture(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "manage")
	if err != nil {
		return err
	}
	data, err := readImage(rw, r)
	if err == nil {
		_, err = w.svc.SetPetitionPicture(r.Context(), httpx.Actor(r.Context()), t.P().ID, data)
	}
	if err != nil {
		if e := cortege.ErrorOf(err); e != nil && e.Field != "" {
			err = invalid("image", e.Message)
		}
		f := &form{Name: "step", Values: map[string]string{}, Errors: map[string]string{}}
		status := w.formFail(f, info(r).lang, err)
		if status == 0 {
			return err
		}
		return w.renderPetitionManage(rw, r, status, t, f)
	}
	return w.redirect(rw, r, t.Path("/manage?done=picture"))
}
