package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// handleHome shows the instance's name and description and invites to sign
// in. An anonymous visit sets no cookie.
func (w *Web) handleHome(rw http.ResponseWriter, r *http.Request) error {
	return w.render(rw, r, http.StatusOK, "home", "home.title", w.homeEventsOf(r), nil)
}

// handleFallback answers what no other route matched: /@handle and what
// lies under it (profiles and groups, which a ServeMux pattern cannot
// express; see serveAt) and the 404 page.
func (w *Web) handleFallback(rw http.ResponseWriter, r *http.Request) error {
	if strings.HasPrefix(r.URL.Path, "/@") {
		return w.serveAt(rw, r)
	}
	w.ErrorPage(rw, r, http.StatusNotFound)
	return nil
}

// profilePublic is the view model of a public profile page.
type profilePublic struct {
	Profile *cortege.Profile
	Mine    bool
}

// handleProfilePublic shows a profile as anyone sees it: name, avatar,
// bio, never the account's address.
func (w *Web) handleProfilePublic(rw http.ResponseWriter, r *http.Request, handle string) error {
	a := httpx.Actor(r.Context())
	p, err := w.svc.ProfileByHandle(r.Context(), a, handle)
	if e := cortege.ErrorOf(err); e != nil && e.Message == "err.profile.suspended" {
		// Gone, as Mastodon answers for a suspended account: it may come back.
		w.errorPage(rw, r, http.StatusGone, e.Message)
		return nil
	}
	if err != nil {
		return err
	}
	pg, err := w.newPage(r, "profile.public.title", &profilePublic{Profile: p, Mine: a.Owns(p)})
	if err != nil {
		return err
	}
	pg.Title = p.DisplayName + " (@" + p.Handle + ")"
	w.profileMeta(pg, p)
	return w.write(rw, http.StatusOK, "profile", pg)
}
