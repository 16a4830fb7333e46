package web

import (
	"bytes"
	"fmt"
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// petitionWidgetData is the embeddable counter: the title, the counter
// and a link to the petition's page (opening outside the frame).
type petitionWidgetData struct {
	P        *cortege.Petition
	URL      string // the petition's page, absolute
	Counter  petitionCounter
	Signable bool
}

// handlePetitionWidget answers the small counter page other sites embed
// in an <iframe>. It works without JavaScript and loads nothing but the
// stylesheet.
func (w *Web) handlePetitionWidget(rw http.ResponseWriter, r *http.Request) error {
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	d := &petitionWidgetData{P: v.Petition, URL: w.abs("/petitions/" + v.Petition.ID), Counter: counterOf(v.Petition, v.Counts),
		Signable: v.State == cortege.PetitionPublished}
	p, err := w.newPage(r, "petition.widget.title", d)
	if err != nil {
		return err
	}
	p.Title = v.Petition.Title
	h := rw.Header()
	h.Set("Content-Security-Policy", httpx.CSPFramable) // any site may embed it; every other page keeps frame-ancestors 'none'
	h["X-Frame-Options"] = nil                          // nil, not deleted: the page cache then drops the server's DENY too
	return w.writeBare(rw, http.StatusOK, "petition_widget", "widget", p)
}

// writeBare writes a page's template named root instead of the layout:
// for pages shown inside another site's frame, without the header, the
// navigation and the scripts.
func (w *Web) writeBare(rw http.ResponseWriter, status int, name, root string, p *page) error {
	t := w.pages[p.Lang][name]
	if t == nil {
		return fmt.Errorf("web: no template %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, root, p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", p.Lang)
	if p.Me != nil {
		h.Set("Cache-Control", "private, no-store")
	} else if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	rw.WriteHeader(status)
	_, err := rw.Write(buf.Bytes())
	return err
}
