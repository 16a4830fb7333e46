package web

import (
	"io"
	"net/http"
	"os"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// readUpload reads the file sent under field of a parsed multipart form,
// at most maxUploadBytes, into a buffer of its exact size (no growing
// buffer doubling what twenty uploads at once hold in memory). No file
// chosen, or an empty one, is nil data and no error.
func readUpload(r *http.Request, field string) ([]byte, error) {
	file, hdr, err := r.FormFile(field)
	if err != nil || hdr.Size == 0 {
		return nil, nil
	}
	defer file.Close()
	if hdr.Size > maxUploadBytes {
		return nil, invalid(field, "err.upload.too_large")
	}
	data := make([]byte, hdr.Size)
	if _, err := io.ReadFull(file, data); err != nil {
		return nil, err
	}
	return data, nil
}

// handleUpload serves an uploaded (re-encoded) picture by its content-hash
// name, after the service's access check: the picture of an object the
// visitor may not see is 404, as if it did not exist. Under
// /events/{id}/uploads/ the event's management session (or an older
// page's ?token=) lets its anonymous organiser see the event's pictures.
func (w *Web) handleUpload(rw http.ResponseWriter, r *http.Request) error {
	f, err := w.svc.OpenUpload(r.Context(), w.uploadActor(r), r.PathValue("name"), uploadLink(r))
	if err != nil {
		return err
	}
	w.serveImage(rw, r, f)
	return nil
}

// handleUploadVariant serves a picture's derivative for link previews
// (/uploads/card/HASH.jpg, /uploads/square/HASH.jpg) under the same check,
// drawn on first request for pictures uploaded before variants existed.
func (w *Web) handleUploadVariant(rw http.ResponseWriter, r *http.Request) error {
	v, ok := service.ParseVariant(r.PathValue("variant"))
	if !ok {
		return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}
	f, err := w.svc.UploadVariant(r.Context(), w.uploadActor(r), r.PathValue("name"), v, uploadLink(r))
	if err != nil {
		return err
	}
	w.serveImage(rw, r, f)
	return nil
}

// uploadLink is the management link or session a request for an event's
// picture brings, if any.
func uploadLink(r *http.Request) service.EventRef {
	if r.PathValue("id") == "" {
		return service.EventRef{}
	}
	ref, _ := eventRef(r)
	return ref
}

// uploadActor is who asks for an upload: the session's actor, or for a
// script without one the owner of its API bearer token, so the picture
// URLs the API gives out work for who may see them.
func (w *Web) uploadActor(r *http.Request) cortege.Actor {
	a := httpx.Actor(r.Context())
	if a.SignedIn() {
		return a
	}
	if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
		if ta, err := w.svc.TokenActor(r.Context(), strings.TrimSpace(tok), a.IP); err == nil && ta.SignedIn() {
			return ta
		}
	}
	return a
}

// serveImage answers a picture file, typed and never sniffed. A public
// one (its name is its content) is cached by anyone for a year and does
// not vary with the visitor; a private one is for this visitor only and
// never stored.
func (w *Web) serveImage(rw http.ResponseWriter, r *http.Request, u *service.UploadFile) {
	f, err := os.Open(u.Path)
	if err != nil {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", u.ContentType)
	h.Set("X-Content-Type-Options", "nosniff")
	if u.Public {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
		h.Del("Vary")
	} else {
		h.Set("Cache-Control", "private, no-store")
	}
	http.ServeContent(rw, r, "", st.ModTime(), f)
}
