package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege/internal/service"
)

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
	w.serveImage(rw, r, &service.UploadFile{Path: p, ContentType: "image/png", Public: true})
}

// instanceCardPath is the address of the instance card named by key.
func instanceCardPath(key string) string { return "/cards/instance-" + key + ".png" }
