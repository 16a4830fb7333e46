package web

import (
	"html/template"
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/feed"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// groupPagePosts is how many posts the group's page shows (the rest are
// one click away, on the posts page).
const groupPagePosts = 5

// groupPageData is the view model of a group's page.
type groupPageData struct {
	*groupView
	Page     *service.GroupPage
	Posts    []*postItem
	Upcoming []upcomingItem
	Past     []*cortege.Event
	Clock    zoneClock     // times in the reader's zone, labelled
	Calendar calendarLinks // the group's calendar, public groups only
	PastPrev string        // newer past events
	PastNext string        // older past events
	// UpcomingNext leads to the upcoming events that follow this page's,
	// UpcomingFirst back to the first page ("" when not needed).
	UpcomingNext  string
	UpcomingFirst string
	Desc          template.HTML
	// Conduct is the group's code of conduct, "" when none.
	Conduct  template.HTML
	FeedURL  string // Atom feed, public groups only
	SignedIn bool
	Pending  bool // the actor's join request waits
	Invited  bool // an invitation waits for the actor
	Requests int  // join requests waiting, for those who answer them
}

// postItem is a post as lists show it.
type postItem struct {
	Post    *cortege.Post
	Excerpt string
	Author  *cortege.Profile
}

// handleAtPage shows /@handle: the group's page when the handle is a
// group's, else the public profile.
func (w *Web) handleAtPage(rw http.ResponseWriter, r *http.Request) error {
	err := w.groupPage(rw, r, http.StatusOK, nil)
	if cortege.IsNotFound(err) {
		return w.handleProfilePublic(rw, r, r.PathValue("handle"))
	}
	return err
}

// groupPage renders a group's page, with f shown back when a form of the
// page (join, contact, report, leave) needs correcting.
func (w *Web) groupPage(rw http.ResponseWriter, r *http.Request, status int, f *form) error {
	a := httpx.Actor(r.Context())
	gp, err := w.svc.GroupPage(r.Context(), a, r.PathValue("handle"))
	if err != nil {
		return err
	}
	d := &groupPageData{groupView: &groupView{Group: gp.Group, Role: gp.Role, Tab: "about", lang: info(r).langQuery}, Page: gp, SignedIn: a.SignedIn(), Desc: md(gp.Group.Description)}
	c, err := w.svc.GroupConduct(r.Context(), a, gp.Group.ID)
	if err != nil {
		return err
	}
	if c.Text != "" {
		d.Conduct = md(c.Text)
	}
	if gp.Membership != nil {
		d.Pending = gp.Membership.Status == cortege.MemberRequested
		d.Invited = gp.Membership.Status == cortege.MemberInvited
	}
	if gp.Group.Visibility == cortege.VisibilityPublic {
		d.FeedURL = "/@" + gp.Group.Handle + "/feed.atom"
	}
	if gp.Can[cortege.ActManageMembers] {
		mp, err := w.svc.Members(r.Context(), a, gp.Group.ID, cortege.MemberRequested, 1)
		if err != nil {
			return err
		}
		d.Requests = len(mp.Members)
	}
	posts := gp.Posts
	if len(posts) > groupPagePosts {
		posts = posts[:groupPagePosts]
	}
	if d.Posts, err = w.postItems(r, posts); err != nil {
		return err
	}
	past := 1
	if n, perr := strconv.Atoi(r.URL.Query().Get("past")); perr == nil && n > 1 && n < 10000 {
		past = n
	}
	after, err := service.ParseCursor("after", r.URL.Query().Get("after"))
	if err != nil {
		return err
	}
	ge, err := w.svc.GroupEvents(r.Context(), a, gp.Group.ID, after, past)
	if err != nil {
		return err
	}
	d.Past, d.Clock = ge.Past, w.viewerClock(r)
	d.Upcoming = upcomingItems(info(r).lang, w.cat.T(info(r).lang, "group.format.datetime"), d.Clock, ge.Upcoming)
	if after > 0 {
		d.UpcomingFirst = d.Link("#g-upcoming")
	}
	if ge.Next > 0 {
		d.UpcomingNext = d.Link("?after=" + strconv.FormatInt(ge.Next, 10) + "#g-upcoming")
	}
	if gp.Group.Visibility == cortege.VisibilityPublic {
		d.Calendar = w.calendarLinks("/@" + gp.Group.Handle + "/events.ics")
	}
	if past > 1 {
		d.PastPrev = d.Link("?past=" + strconv.Itoa(past-1) + "#g-past")
	}
	if len(d.Past) >= service.EventsPerPage {
		d.PastNext = d.Link("?past=" + strconv.Itoa(past+1) + "#g-past")
	}
	p, err := w.newPage(r, "group.title", d)
	if err != nil {
		return err
	}
	p.Form = f
	p.Title = gp.Group.Name + " (@" + gp.Group.Handle + ")"
	w.groupMeta(p, gp.Group)
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	return w.write(rw, status, "group_page", p)
}

// postItems adds excerpts and authors to posts.
func (w *Web) postItems(r *http.Request, ps []*cortege.Post) ([]*postItem, error) {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.AuthorID
	}
	names, err := w.svc.ProfileNames(r.Context(), httpx.Actor(r.Context()), ids)
	if err != nil {
		return nil, err
	}
	out := make([]*postItem, len(ps))
	for i, p := range ps {
		out[i] = &postItem{Post: p, Excerpt: markdown.Plain(p.Body, 280), Author: names[p.AuthorID]}
	}
	return out, nil
}

// groupAction runs a POST of the group page (join, follow, leave, contact,
// report): on success it goes back with a confirmation, and on an error
// about what was typed it shows the page again with the message.
func (w *Web) groupAction(rw http.ResponseWriter, r *http.Request, name string, fields []string, act func(g *groupView, f *form) (string, error)) error {
	g, err := w.loadGroup(r, "about")
	if err != nil {
		return err
	}
	return w.formPost(rw, r, name, append(fields, "next"),
		func(f *form) (string, error) { return act(g, f) },
		func(f *form, ok string) string { return withOK(backTo(f, g.Path()), ok) },
		func(status int, f *form) error { return w.groupPage(rw, r, status, f) })
}

// handleGroupJoin joins an open group or asks to join one by approval (an
// invitation waiting is accepted the same way).
func (w *Web) handleGroupJoin(rw http.ResponseWriter, r *http.Request) error {
	return w.groupAction(rw, r, "join", []string{"message"}, func(g *groupView, f *form) (string, error) {
		m, err := w.svc.Join(r.Context(), httpx.Actor(r.Context()), g.Group.ID, f.V("message"))
		if err != nil {
			return "", err
		}
		if m.Status == cortege.MemberRequested {
			return "group_requested", nil
		}
		return "group_joined", nil
	})
}

// handleGroupFollow follows a public group.
func (w *Web) handleGroupFollow(rw http.ResponseWriter, r *http.Request) error {
	return w.groupAction(rw, r, "follow", nil, func(g *groupView, f *form) (string, error) {
		return "group_followed", w.svc.Follow(r.Context(), httpx.Actor(r.Context()), g.Group.ID)
	})
}

// handleGroupLeave leaves, unfollows, withdraws a request or declines an
// invitation. The last administrator is told to hand over first.
func (w *Web) handleGroupLeave(rw http.ResponseWriter, r *http.Request) error {
	return w.groupAction(rw, r, "leave", nil, func(g *groupView, f *form) (string, error) {
		return "group_left", w.svc.Leave(r.Context(), httpx.Actor(r.Context()), g.Group.ID)
	})
}

// handleGroupContact sends the administrators a message by email, without
// showing either side's address.
func (w *Web) handleGroupContact(rw http.ResponseWriter, r *http.Request) error {
	return w.groupAction(rw, r, "contact", []string{"message"}, func(g *groupView, f *form) (string, error) {
		return "group_contacted", w.svc.ContactAdmins(r.Context(), httpx.Actor(r.Context()), g.Group.ID, f.V("message"))
	})
}

// handleGroupReport reports the group, or something in it (kind and
// target in the form), to the instance moderators.
func (w *Web) handleGroupReport(rw http.ResponseWriter, r *http.Request) error {
	return w.groupAction(rw, r, "report", []string{"kind", "target", "reason"}, func(g *groupView, f *form) (string, error) {
		kind, target := f.V("kind"), f.V("target")
		if kind == "" || kind == cortege.ReportGroup {
			kind, target = cortege.ReportGroup, g.Group.ID
		}
		_, err := w.svc.Report(r.Context(), httpx.Actor(r.Context()), kind, target, f.V("reason"))
		return "reported", err
	})
}

// handleGroupFeed serves a public group's Atom feed.
func (w *Web) handleGroupFeed(rw http.ResponseWriter, r *http.Request) error {
	fd, err := w.svc.GroupFeed(r.Context(), r.PathValue("handle"))
	if err != nil {
		return err
	}
	rw.Header().Set("Content-Type", feed.ContentType)
	rw.Header().Set("Cache-Control", "public, max-age=300")
	return feed.Write(rw, fd)
}
