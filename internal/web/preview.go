package web

import (
	"net/http"
	"os"
	"strings"

	"codeberg.org/cortege/cortege/internal/service"
)

// handleUploadVariant serves a picture's derivative for link previews
// (/uploads/card/HASH.jpg, /uploads/square/HASH.jpg), drawn on first
// request for pictures uploaded before variants existed.
func (w *Web) handleUploadVariant(rw http.ResponseWriter, r *http.Request) {
	v, ok := service.ParseVariant(r.PathValue("variant"))
	if !ok {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return
	}
	p, err := w.svc.UploadVariant(r.Context(), r.PathValue("name"), v)
	if err != nil {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return
	}
	w.serveImage(rw, r, p, "image/jpeg")
}

// handleInstanceCard serves the instance's card (/cards/instance-KEY.png),
// the picture of pages without one. A stale key (the name changed since
// the link was shared) is sent to the current card.
func (w *Web) handleInstanceCard(rw http.ResponseWriter, r *http.Request) {
	key, ok := strings.CutPrefix(r.PathValue("file"), "instance-")
	key, png := strings.CutSuffix(key, ".png")
	if !ok || !png {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return
	}
	p, current, err := w.svc.InstanceCard(r.Context())
	if err != nil {
		w.log.Error("instance card", "err", err)
		w.ErrorPage(rw, r, http.StatusInternalServerError)
		return
	}
	if key != current {
		rw.Header().Set("Cache-Control", "no-cache")
		http.Redirect(rw, r, instanceCardPath(current), http.StatusFound)
		return
	}
	w.serveImage(rw, r, p, "image/png")
}

// instanceCardPath is the address of the instance card named by key.
func instanceCardPath(key string) string { return "/cards/instance-" + key + ".png" }

// serveImage answers an image file whose name is its content (or derived
// from it): cached for a year, typed, never sniffed.
func (w *Web) serveImage(rw http.ResponseWriter, r *http.Request, path, ctype string) {
	f, err := os.Open(path)
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
	h.Set("Content-Type", ctype)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	http.ServeContent(rw, r, "", st.ModTime(), f)
}
