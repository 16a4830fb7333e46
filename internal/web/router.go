package web

import (
	"net/http"
	"slices"
	"strings"
)

// router registers the HTML routes on the server's mux and keeps their
// patterns, so that a test can list every route (Routes) and fail when
// one is neither crawled nor classified. Every registration goes through
// it: Register hands no one the bare mux.
type router struct {
	mux *http.ServeMux
	w   *Web
}

// HandleFunc registers h for pattern, as http.ServeMux.HandleFunc does.
func (r router) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	r.mux.HandleFunc(pattern, h)
	r.w.patterns = append(r.w.patterns, pattern)
}

// Routes returns the pattern of every route Register added, sorted; those
// under /@handle/ (atRoute) are written "GET /@{handle}/…".
func (w *Web) Routes() []string {
	out := slices.Clone(w.patterns)
	slices.Sort(out)
	return slices.Compact(out)
}

// atPattern is how Routes writes a pattern of atRoute ("GET /{handle}/x"
// serves "/@handle/x").
func atPattern(pattern string) string {
	method, path, _ := strings.Cut(pattern, " ")
	return method + " /@" + strings.TrimPrefix(path, "/")
}
