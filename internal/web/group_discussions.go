package web

import (
	"html/template"
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// discussionsData is the view model of a group's threads.
type discussionsData struct {
	*groupView
	List    *service.DiscussionPage
	Authors map[string]*cortege.Profile
	Pages   []pageLink
}

func (w *Web) discussionsData(r *http.Request) (*discussionsData, error) {
	g, err := w.loadGroup(r, "discussions")
	if err != nil {
		return nil, err
	}
	if err := g.needInside(r); err != nil {
		return nil, err
	}
	a := httpx.Actor(r.Context())
	dp, err := w.svc.Discussions(r.Context(), a, g.Group.ID, pageParam(r))
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(dp.Discussions))
	for i, d := range dp.Discussions {
		ids[i] = d.AuthorID
	}
	names, err := w.svc.ProfileNames(r.Context(), a, ids)
	if err != nil {
		return nil, err
	}
	d := &discussionsData{groupView: g, List: dp, Authors: names}
	d.Pages = pagerLinks(dp.Page, dp.Pages, func(n int) string { return g.Path() + "/discussions?page=" + strconv.Itoa(n) })
	return d, nil
}

// handleGroupDiscussions lists a group's threads, pinned first; members.
func (w *Web) handleGroupDiscussions(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.discussionsData(r)
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_discussions", "group.discussions.title", d, nil)
}

// handleGroupDiscussionStart opens a thread with its first message.
func (w *Web) handleGroupDiscussionStart(rw http.ResponseWriter, r *http.Request) error {
	g, err := w.loadGroup(r, "discussions")
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "discussion", "title", "body")
	err = checkText(f, err)
	var disc *cortege.Discussion
	if err == nil {
		disc, err = w.svc.StartDiscussion(r.Context(), httpx.Actor(r.Context()), g.Group.ID, f.V("title"), f.V("body"))
	}
	if err != nil {
		if w.formFail(f, info(r).lang, err) == 0 {
			return err
		}
		d, lerr := w.discussionsData(r)
		if lerr != nil {
			return lerr
		}
		return w.renderG(rw, r, http.StatusUnprocessableEntity, "group_discussions", "group.discussions.title", d, f)
	}
	return w.redirect(rw, r, g.Path()+"/discussions/"+disc.ID+"?ok=discussion_started")
}

// threadData is the view model of one thread.
type threadData struct {
	*groupView
	View     *service.DiscussionView
	Messages []*messageItem
	Pages    []pageLink
	EditID   string // the message whose edit form is open
	MeID     string
}

// messageItem is a message with its author and what the actor may do.
type messageItem struct {
	Message   *cortege.Message
	Author    *cortege.Profile
	HTML      template.HTML
	CanEdit   bool
	CanDelete bool
}

func (w *Web) threadData(r *http.Request) (*threadData, error) {
	g, err := w.loadGroup(r, "discussions")
	if err != nil {
		return nil, err
	}
	if err := g.needInside(r); err != nil {
		return nil, err
	}
	a := httpx.Actor(r.Context())
	v, err := w.svc.Discussion(r.Context(), a, r.PathValue("id"), pageParam(r))
	if err != nil {
		return nil, err
	}
	if v.Group.ID != g.Group.ID {
		return nil, cortege.Errorf(cortege.ENOTFOUND, "err.discussion.not_found")
	}
	d := &threadData{groupView: g, View: v, EditID: r.URL.Query().Get("edit"), MeID: meID(a)}
	ids := []string{v.Discussion.AuthorID}
	for _, m := range v.Messages {
		ids = append(ids, m.AuthorID, m.DeletedBy)
	}
	names, err := w.svc.ProfileNames(r.Context(), a, ids)
	if err != nil {
		return nil, err
	}
	for _, m := range v.Messages {
		it := &messageItem{Message: m, Author: names[m.AuthorID],
			CanEdit: cortege.CanEditMessage(g.Group, v.Role, meID(a), m), CanDelete: cortege.CanDeleteMessage(g.Group, v.Role, meID(a), m)}
		if !m.Deleted() {
			it.HTML = md(m.Body)
		}
		d.Messages = append(d.Messages, it)
	}
	d.Pages = pagerLinks(v.Page, v.Pages, func(n int) string {
		return g.Path() + "/discussions/" + v.Discussion.ID + "?page=" + strconv.Itoa(n)
	})
	return d, nil
}

// handleGroupDiscussion shows a thread, its messages and the reply form.
func (w *Web) handleGroupDiscussion(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.threadData(r)
	if err != nil {
		return err
	}
	p, err := w.newPage(r, "group.discussions.title", d)
	if err != nil {
		return err
	}
	p.Title = d.View.Discussion.Title + " · " + d.Group.Name
	return w.write(rw, http.StatusOK, "group_discussion", p)
}

// threadAction runs a POST about a thread (reply, edit, delete, pin, lock,
// follow) and comes back to it, or shows it again with the form's message.
func (w *Web) threadAction(rw http.ResponseWriter, r *http.Request, name string, fields []string, act func(f *form) (string, error)) error {
	list := "/@" + r.PathValue("handle") + "/discussions"
	return w.formPost(rw, r, name, fields, act,
		func(_ *form, ok string) string {
			if ok == "discussion_deleted" {
				return withOK(list, ok)
			}
			return withOK(list+"/"+r.PathValue("id"), ok)
		},
		func(status int, f *form) error {
			d, err := w.threadData(r)
			if err != nil {
				return err
			}
			if name == "edit" {
				d.EditID = r.PathValue("mid")
			}
			return w.renderG(rw, r, status, "group_discussion", "group.discussions.title", d, f)
		})
}

// handleGroupReply adds a message to a thread.
func (w *Web) handleGroupReply(rw http.ResponseWriter, r *http.Request) error {
	return w.threadAction(rw, r, "reply", []string{"body"}, func(f *form) (string, error) {
		_, err := w.svc.Reply(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), f.V("body"))
		return "replied", err
	})
}

// handleGroupMessageEdit changes the actor's own message.
func (w *Web) handleGroupMessageEdit(rw http.ResponseWriter, r *http.Request) error {
	return w.threadAction(rw, r, "edit", []string{"body"}, func(f *form) (string, error) {
		_, err := w.svc.EditMessage(r.Context(), httpx.Actor(r.Context()), r.PathValue("mid"), f.V("body"))
		return "message_saved", err
	})
}

// handleGroupMessageDelete deletes a message: its author or a moderator.
func (w *Web) handleGroupMessageDelete(rw http.ResponseWriter, r *http.Request) error {
	return w.threadAction(rw, r, "delete", nil, func(f *form) (string, error) {
		return "message_deleted", w.svc.DeleteMessage(r.Context(), httpx.Actor(r.Context()), r.PathValue("mid"))
	})
}

// handleGroupThreadModerate pins, unpins, locks, unlocks or deletes a
// thread ("do"), or follows it or stops; moderators for all but following.
func (w *Web) handleGroupThreadModerate(rw http.ResponseWriter, r *http.Request) error {
	return w.threadAction(rw, r, "moderate", []string{"do"}, func(f *form) (string, error) {
		a, id := httpx.Actor(r.Context()), r.PathValue("id")
		var err error
		switch f.V("do") {
		case "pin", "unpin":
			_, err = w.svc.SetPinned(r.Context(), a, id, f.V("do") == "pin")
		case "lock", "unlock":
			_, err = w.svc.SetLocked(r.Context(), a, id, f.V("do") == "lock")
		case "follow", "unfollow":
			err = w.svc.FollowDiscussion(r.Context(), a, id, f.V("do") == "follow")
		case "delete":
			return "discussion_deleted", w.svc.DeleteDiscussion(r.Context(), a, id)
		default:
			err = invalid("do", "err.invalid")
		}
		return "discussion_updated", err
	})
}

// handleGroupThreadRename changes a thread's title: its author or a
// moderator.
func (w *Web) handleGroupThreadRename(rw http.ResponseWriter, r *http.Request) error {
	return w.threadAction(rw, r, "rename", []string{"title"}, func(f *form) (string, error) {
		_, err := w.svc.RenameDiscussion(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"), f.V("title"))
		return "discussion_updated", err
	})
}
