package web

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// voteListData is the view model of a list of consultations and votes: a
// group's (Group set) or the instance's.
type voteListData struct {
	GV      *groupView // nil for the instance's list
	Items   []voteItem
	Manage  bool // the reader may write one here
	Deleted bool // a draft was just deleted
}

// groupOf puts the group's name in the page's title (renderG).
func (d *voteListData) groupOf() *groupView { return d.GV }

// NewPath is where a new one is written.
func (d *voteListData) NewPath() string {
	if d.GV != nil {
		return d.GV.Path() + "/votes/new"
	}
	return "/votes/new"
}

// voteItem is one entry of a list.
type voteItem struct {
	C      *cortege.Consultation
	State  string
	Closes string // the closing time in the consultation's zone, with the zone
	Link   string // the management page for those who manage it, else the public page
}

// handleVoteList lists the instance's consultations and votes, those
// written by its administrators (drafts for them only).
func (w *Web) handleVoteList(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	cs, err := w.svc.Consultations(r.Context(), a, "")
	if err != nil {
		return err
	}
	d := &voteListData{Manage: a.IsAdmin(), Deleted: r.URL.Query().Get("done") == "deleted"}
	d.Items = w.voteItems(r, cs, d.Manage)
	if a.SignedIn() {
		rw.Header().Set("Cache-Control", "private, no-store")
	}
	return w.render(rw, r, http.StatusOK, "vote_list", "vmanage.list.instance_title", d, nil)
}

// handleGroupVoteList lists a group's consultations and votes: drafts for
// its administrators only, the service decides who sees the group.
func (w *Web) handleGroupVoteList(rw http.ResponseWriter, r *http.Request) error {
	g, err := w.loadGroup(r, "votes")
	if err != nil {
		return err
	}
	cs, err := w.svc.Consultations(r.Context(), httpx.Actor(r.Context()), g.Group.ID)
	if err != nil {
		return err
	}
	d := &voteListData{GV: g, Manage: g.Role == cortege.GroupAdmin, Deleted: r.URL.Query().Get("done") == "deleted"}
	d.Items = w.voteItems(r, cs, d.Manage)
	if httpx.Actor(r.Context()).SignedIn() {
		rw.Header().Set("Cache-Control", "private, no-store")
	}
	return w.renderG(rw, r, http.StatusOK, "vote_list", "vmanage.list.group_title", d, nil)
}

func (w *Web) voteItems(r *http.Request, cs []*cortege.Consultation, manage bool) []voteItem {
	lang := info(r).lang
	now := w.svc.Now()
	out := make([]voteItem, 0, len(cs))
	for _, c := range cs {
		it := voteItem{C: c, State: c.StateAt(now), Closes: zonedTime(lang, c.ClosesAt, c.Location()), Link: "/votes/" + c.ID}
		if manage {
			it.Link += "/manage"
		}
		out = append(out, it)
	}
	return out
}

// zonedTime writes t in loc as the reader's language writes a date and
// time, followed by the zone's name: "15/01/2027 18:00 (Europe/Paris)".
func zonedTime(lang string, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "—"
	}
	layout := "2006-01-02 15:04"
	if lang == "fr" {
		layout = "02/01/2006 15:04"
	}
	return t.In(loc).Format(layout) + " (" + loc.String() + ")"
}
