package web

import (
	"net/http"
	"net/url"
	"sort"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// confirmField is the field a confirmation page adds to the form it posts
// again: a POST carrying confirmed=1 acts at once.
const confirmField = "confirmed"

// confirmation is a destructive action that asks before acting (removing
// a member, refusing someone already approved, deleting a post…).
type confirmation struct {
	// Key names the texts: confirm.KEY.title (the question),
	// confirm.KEY.text (what will happen) and confirm.KEY.button.
	Key string
	// About, when set, names what the action touches (shown under the
	// question) and says whether to ask at all: refusing someone still
	// pending needs no confirmation, refusing someone approved does. Its
	// error (not found, forbidden) is the answer instead of the page, so
	// nobody is asked to confirm what they may not do.
	About func(r *http.Request) (about string, ask bool, err error)
}

// confirmView is the page that asks.
type confirmView struct {
	Key    string
	About  string
	Action string      // the same address, query included
	Fields [][2]string // the form as it was posted (or the query of a GET), sent again
	Back   string      // where "no" goes
}

// confirmed registers, with reg, a destructive action's POST route and the
// GET of the same path. The POST acts only when the form carries
// confirmed=1; without it (the button tapped on a page), and on a GET (a
// link, a reload), the answer is the page that asks — "are you sure? this
// will…" — whose button posts the same form again with confirmed=1. One
// mechanism for every such button, and it needs no JavaScript.
func (w *Web) confirmed(reg func(pattern string, h handler), path string, c confirmation, h handler) {
	reg("GET "+path, w.askFirst(c, nil))
	reg("POST "+path, w.askFirst(c, h))
}

// muxReg registers on mux at an access level, for confirmed.
func (w *Web) muxReg(mux router, level access) func(string, handler) {
	return func(pattern string, h handler) { mux.HandleFunc(pattern, w.wrap(level, h)) }
}

// atReg registers under /@handle/ at an access level, for confirmed.
func (w *Web) atReg(level access) func(string, handler) {
	return func(pattern string, h handler) { w.atRoute(pattern, level, h) }
}

func (w *Web) askFirst(c confirmation, h handler) handler {
	return func(rw http.ResponseWriter, r *http.Request) error {
		fields := r.URL.Query()
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
			if err := r.ParseForm(); err != nil {
				return cortege.Invalid("", "err.form.invalid")
			}
			if r.PostForm.Get(confirmField) == "1" {
				return h(rw, r)
			}
			fields = r.PostForm
		}
		v := &confirmView{Key: c.Key, Action: r.URL.RequestURI(), Back: confirmBack(r, fields.Get("next"))}
		if c.About != nil {
			about, ask, err := c.About(r)
			if err != nil {
				return err
			}
			switch {
			case !ask && h != nil:
				return h(rw, r)
			case !ask: // a GET of what needs no confirmation (approving…)
				return cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
			}
			v.About = about
		}
		keys := make([]string, 0, len(fields))
		for k := range fields {
			if k != confirmField {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, val := range fields[k] {
				v.Fields = append(v.Fields, [2]string{k, val})
			}
		}
		rw.Header().Set("Cache-Control", "private, no-store")
		return w.render(rw, r, http.StatusOK, "confirm_action", "confirm."+c.Key+".title", v, nil)
	}
}

// confirmBack is where "no, go back" leads: the form's next page, else
// the page the button was on (same origin only), else the home page.
func confirmBack(r *http.Request, next string) string {
	if n := SafeNext(next); n != "" {
		return n
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		if p := SafeNext(ref.RequestURI()); p != "" {
			return p
		}
	}
	return "/"
}

// The destructive actions that ask first; their texts are
// confirm.KEY.title, .text and .button.
var confirmKeys = []string{
	"member_remove", "invitation_revoke", "post_delete", "task_delete", "tasklist_delete",
	"resource_delete", "message_delete", "discussion_delete", "group_leave",
	"participant_refuse", "organiser_remove", "comment_delete", "event_leave",
	"token_revoke", "calendar_revoke", "invitations_stop",
}

// groupAsk is About for an action inside a group: the actor must be
// allowed action there (else the service's own refusal, EFORBIDDEN), and
// name (may be nil) says what is touched.
func (w *Web) groupAsk(action cortege.GroupAction, name func(r *http.Request, g *groupView) (string, bool, error)) func(r *http.Request) (string, bool, error) {
	return func(r *http.Request) (string, bool, error) {
		g, err := w.loadGroup(r, "")
		if err != nil {
			return "", false, err
		}
		if action != "" && !g.Can(string(action)) {
			return "", false, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
		}
		if name == nil {
			return "", true, nil
		}
		return name(r, g)
	}
}

// confirmMemberRemove names the member removed.
func (w *Web) confirmMemberRemove() confirmation {
	return confirmation{Key: "member_remove", About: w.groupAsk(cortege.ActManageMembers, func(r *http.Request, g *groupView) (string, bool, error) {
		pid := r.PathValue("pid")
		if err := w.svc.MayManageMember(r.Context(), httpx.Actor(r.Context()), g.Group.ID, pid); err != nil {
			return "", false, err
		}
		ps, err := w.svc.ProfileNames(r.Context(), httpx.Actor(r.Context()), []string{pid})
		if err != nil {
			return "", false, err
		}
		return w.personLabel(r, ps[pid]), true, nil
	})}
}

// confirmPostDelete names the post.
func (w *Web) confirmPostDelete() confirmation {
	return confirmation{Key: "post_delete", About: w.groupAsk(cortege.ActPublishPost, func(r *http.Request, g *groupView) (string, bool, error) {
		p, _, err := w.svc.Post(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
		if err != nil {
			return "", false, err
		}
		return p.Title, true, nil
	})}
}

// confirmTaskDelete names the task.
func (w *Web) confirmTaskDelete() confirmation {
	return confirmation{Key: "task_delete", About: w.groupAsk(cortege.ActViewInside, func(r *http.Request, g *groupView) (string, bool, error) {
		if err := w.svc.MayDelete(r.Context(), httpx.Actor(r.Context()), service.PathTask, r.PathValue("id")); err != nil {
			return "", false, err
		}
		t, err := w.svc.Task(r.Context(), httpx.Actor(r.Context()), r.PathValue("id"))
		if err != nil {
			return "", false, err
		}
		return t.Title, true, nil
	})}
}

// confirmThreadModerate asks before deleting a discussion only; pinning
// and locking act at once.
func (w *Web) confirmThreadModerate() confirmation {
	return confirmation{Key: "discussion_delete", About: w.groupAsk("", func(r *http.Request, g *groupView) (string, bool, error) {
		if r.FormValue("do") != "delete" {
			return "", false, nil
		}
		if !g.Can(string(cortege.ActModerate)) {
			return "", false, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
		}
		return "", true, nil
	})}
}

// confirmGroupLeave asks members (and above), not followers nor those
// withdrawing a request, who lose nothing by leaving.
func (w *Web) confirmGroupLeave() confirmation {
	return confirmation{Key: "group_leave", About: w.groupAsk("", func(r *http.Request, g *groupView) (string, bool, error) {
		return g.Group.Name, g.Member(), nil
	})}
}

// confirmParticipantRefuse asks only when the person was admitted
// already (approved or checked in): refusing a request is routine.
func (w *Web) confirmParticipantRefuse() confirmation {
	return confirmation{Key: "participant_refuse", About: func(r *http.Request) (string, bool, error) {
		if r.PathValue("verb") != "refuse" {
			return "", false, nil
		}
		ref, _ := eventRef(r)
		ps, err := w.svc.Participants(r.Context(), httpx.Actor(r.Context()), ref)
		if err != nil {
			return "", false, err
		}
		for _, p := range ps {
			if p.ID == r.PathValue("pid") {
				return w.participantLabel(r, p), cortege.HoldsSeat(p.Status), nil
			}
		}
		return "", false, cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
	}}
}

// confirmOrganiserRemove names the group leaving the organisers.
func (w *Web) confirmOrganiserRemove() confirmation {
	return confirmation{Key: "organiser_remove", About: func(r *http.Request) (string, bool, error) {
		ref, _ := eventRef(r)
		if err := w.svc.MayRemoveGroupOrganiser(r.Context(), httpx.Actor(r.Context()), ref, r.PathValue("gid")); err != nil {
			return "", false, err
		}
		g, err := w.svc.GroupByID(r.Context(), httpx.Actor(r.Context()), r.PathValue("gid"))
		if err != nil {
			return "", false, err
		}
		return g.Name, true, nil
	}}
}

// mayDelete is the name part of groupAsk for deleting a message, a task
// list or a resource: only who may delete it is asked (the service's
// refusal otherwise).
func (w *Web) mayDelete(kind, param string) func(r *http.Request, g *groupView) (string, bool, error) {
	return func(r *http.Request, g *groupView) (string, bool, error) {
		return "", true, w.svc.MayDelete(r.Context(), httpx.Actor(r.Context()), kind, r.PathValue(param))
	}
}

// confirmCommentDelete asks the comment's author, the organisers and the
// administrators only.
func (w *Web) confirmCommentDelete() confirmation {
	return confirmation{Key: "comment_delete", About: func(r *http.Request) (string, bool, error) {
		ref, _ := eventRef(r)
		return "", true, w.svc.MayDeleteComment(r.Context(), httpx.Actor(r.Context()), ref, r.PathValue("cid"))
	}}
}

// confirmEventLeave asks someone registered, naming the event.
func (w *Web) confirmEventLeave() confirmation {
	return confirmation{Key: "event_leave", About: func(r *http.Request) (string, bool, error) {
		ref, _ := eventRef(r)
		v, err := w.svc.Event(r.Context(), httpx.Actor(r.Context()), ref)
		if err != nil {
			return "", false, err
		}
		if v.Mine == nil || !v.Mine.Active() {
			return "", false, cortege.Errorf(cortege.ENOTFOUND, "err.participation.not_found")
		}
		return v.Event.Title, true, nil
	}}
}

// confirmTokenRevoke names one of the actor's own API tokens.
func (w *Web) confirmTokenRevoke() confirmation {
	return confirmation{Key: "token_revoke", About: func(r *http.Request) (string, bool, error) {
		ts, err := w.svc.APITokens(r.Context(), httpx.Actor(r.Context()))
		if err != nil {
			return "", false, err
		}
		for _, t := range ts {
			if t.ID == r.PathValue("id") {
				return t.Label, true, nil
			}
		}
		return "", false, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}}
}

// confirmCalendarRevoke asks about one of the actor's own calendar links.
func (w *Web) confirmCalendarRevoke() confirmation {
	return confirmation{Key: "calendar_revoke", About: func(r *http.Request) (string, bool, error) {
		fs, err := w.svc.ICSFeeds(r.Context(), httpx.Actor(r.Context()))
		if err != nil {
			return "", false, err
		}
		for _, f := range fs {
			if f.ID == r.PathValue("id") {
				return "", true, nil
			}
		}
		return "", false, cortege.Errorf(cortege.ENOTFOUND, "err.not_found")
	}}
}

// personLabel names a profile on a confirmation page: "Name (@handle)",
// or what pages say of one deleted or suspended.
func (w *Web) personLabel(r *http.Request, p *cortege.Profile) string {
	lang := info(r).lang
	switch {
	case p == nil:
		return ""
	case p.Deleted:
		return w.cat.T(lang, "group.profile_deleted")
	case p.Suspended && p.DisplayName == "":
		return w.cat.T(lang, "profile.suspended")
	case p.DisplayName == "":
		return "@" + p.Handle
	}
	return p.DisplayName + " (@" + p.Handle + ")"
}

// participantLabel names a participant as the participants list does
// (an anonymous one by the address organisers see).
func (w *Web) participantLabel(r *http.Request, p service.ParticipantView) string {
	lang := info(r).lang
	switch {
	case p.ProfileDeleted:
		return w.cat.T(lang, "group.profile_deleted")
	case p.Name != "" && p.Handle != "":
		return p.Name + " (@" + p.Handle + ")"
	case p.Name != "":
		return p.Name
	case p.Email != "":
		return p.Email
	}
	return w.cat.T(lang, "event.participant.anonymous")
}

// confirmPhotoDelete names the photo, for who may delete it only.
func (w *Web) confirmPhotoDelete() confirmation {
	return confirmation{Key: "photo_delete", About: func(r *http.Request) (string, bool, error) {
		ref, _ := eventRef(r)
		p, err := w.svc.MayDeletePhoto(r.Context(), httpx.Actor(r.Context()), ref, r.PathValue("pid"))
		if err != nil {
			return "", false, err
		}
		return p.Caption, true, nil
	}}
}
