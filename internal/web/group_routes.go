package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// registerGroups adds the group pages (issue 3): directory, creation, the
// pages under /@handle/ (see atRoute), invitations, unsubscribe links,
// notification settings, the dashboard and the moderation queue.
func (w *Web) registerGroups(mux router) {
	mux.HandleFunc("GET /groups", w.cached(w.wrap(anyone, w.handleGroupDirectory)))
	mux.HandleFunc("GET /groups/new", w.wrap(member, w.handleGroupNew))
	mux.HandleFunc("POST /groups", w.wrap(member, w.handleGroupCreate))
	mux.HandleFunc("GET /tasks", w.wrap(member, w.handleMyTasks))

	// Links from mails: GET shows a button and changes nothing, POST acts.
	mux.HandleFunc("GET /invitations/accept", w.wrap(anyone, w.handleInvitationForm))
	mux.HandleFunc("POST /invitations/accept", w.wrap(anyone, w.handleInvitationAccept))
	mux.HandleFunc("POST /invitations/{id}", w.wrap(member, w.handleInvitationAnswer))
	mux.HandleFunc("GET /unsubscribe", w.wrap(anyone, w.handleNotifyUnsubscribeForm))
	mux.HandleFunc("POST /unsubscribe", w.wrap(anyone, w.handleNotifyUnsubscribe))
	mux.HandleFunc("GET /settings/notifications", w.wrap(member, w.handleNotifications))
	mux.HandleFunc("POST /settings/notifications", w.wrap(member, w.handleNotificationsSave))

	mux.HandleFunc("GET /admin/reports", w.wrap(admin, w.handleAdminReports))
	mux.HandleFunc("POST /admin/reports/{id}", w.wrap(admin, w.handleAdminReportResolve))
	mux.HandleFunc("GET /admin/groups", w.wrap(admin, w.handleAdminGroups))
	mux.HandleFunc("POST /admin/groups/approval", w.wrap(admin, w.handleAdminGroupApproval))
	mux.HandleFunc("POST /admin/groups/{id}/approve", w.wrap(admin, w.handleAdminGroupApprove))

	// The group's page and what it holds, under /@handle/.
	w.atRoute("GET /{handle}", anyone, w.handleAtPage)
	w.atRoute("GET /{handle}/feed.atom", anyone, w.handleGroupFeed)
	w.atRoute("POST /{handle}/join", member, w.handleGroupJoin)
	w.atRoute("POST /{handle}/follow", member, w.handleGroupFollow)
	w.confirmed(w.atReg(member), "/{handle}/leave", w.confirmGroupLeave(), w.handleGroupLeave)
	w.atRoute("POST /{handle}/contact", member, w.handleGroupContact)
	w.atRoute("POST /{handle}/report", member, w.handleGroupReport)

	w.atRoute("GET /{handle}/settings", member, w.handleGroupSettings)
	w.atRoute("POST /{handle}/settings", member, w.handleGroupSettingsSave)
	w.atRoute("POST /{handle}/settings/image", member, w.handleGroupImage)
	w.atRoute("POST /{handle}/settings/conduct", member, w.handleGroupConductSave)
	w.atRoute("POST /{handle}/settings/delete", member, w.handleGroupDelete)
	w.atRoute("GET /{handle}/voucher", member, w.handleGroupVoucher)

	w.atRoute("GET /{handle}/members", anyone, w.handleGroupMembers)
	w.atRoute("GET /{handle}/members.csv", member, w.handleGroupExport)
	w.atRoute("GET /{handle}/members/import", member, w.handleGroupImportForm)
	w.atRoute("POST /{handle}/members/import", member, w.handleGroupImport)
	w.atRoute("POST /{handle}/members/invite", member, w.handleGroupInvite)
	w.atRoute("POST /{handle}/members/{pid}/answer", member, w.handleGroupAnswer)
	w.atRoute("POST /{handle}/members/{pid}/role", member, w.handleGroupRole)
	w.confirmed(w.atReg(member), "/{handle}/members/{pid}/remove", w.confirmMemberRemove(), w.handleGroupRemove)
	w.atRoute("POST /{handle}/members/{pid}/block", member, w.handleGroupBlock)
	w.atRoute("POST /{handle}/members/{pid}/unblock", member, w.handleGroupUnblock)
	w.confirmed(w.atReg(member), "/{handle}/invitations/{id}/revoke", confirmation{Key: "invitation_revoke", About: w.groupAsk(cortege.ActInvite, nil)}, w.handleGroupRevoke)

	w.atRoute("GET /{handle}/posts", anyone, w.handleGroupPosts)
	w.atRoute("GET /{handle}/posts/new", member, w.handleGroupPostNew)
	w.atRoute("POST /{handle}/posts", member, w.handleGroupPostCreate)
	w.atRoute("GET /{handle}/posts/{id}", anyone, w.handleGroupPost)
	w.atRoute("GET /{handle}/posts/{id}/edit", member, w.handleGroupPostEdit)
	w.atRoute("POST /{handle}/posts/{id}/edit", member, w.handleGroupPostUpdate)
	w.confirmed(w.atReg(member), "/{handle}/posts/{id}/delete", w.confirmPostDelete(), w.handleGroupPostDelete)

	w.atRoute("GET /{handle}/discussions", anyone, w.handleGroupDiscussions)
	w.atRoute("POST /{handle}/discussions", member, w.handleGroupDiscussionStart)
	w.atRoute("GET /{handle}/discussions/{id}", anyone, w.handleGroupDiscussion)
	w.atRoute("POST /{handle}/discussions/{id}/reply", member, w.handleGroupReply)
	w.confirmed(w.atReg(member), "/{handle}/discussions/{id}/moderate", w.confirmThreadModerate(), w.handleGroupThreadModerate)
	w.atRoute("POST /{handle}/discussions/{id}/messages/{mid}/edit", member, w.handleGroupMessageEdit)
	w.confirmed(w.atReg(member), "/{handle}/discussions/{id}/messages/{mid}/delete", confirmation{Key: "message_delete", About: w.groupAsk(cortege.ActDiscuss, w.mayDelete(service.PathMessage, "mid"))}, w.handleGroupMessageDelete)

	w.atRoute("GET /{handle}/tasks", anyone, w.handleGroupTasks)
	w.atRoute("POST /{handle}/tasks/lists", member, w.handleGroupTaskListCreate)
	w.confirmed(w.atReg(member), "/{handle}/tasks/lists/{id}/delete", confirmation{Key: "tasklist_delete", About: w.groupAsk(cortege.ActEditTasks, w.mayDelete(service.PathTaskList, "id"))}, w.handleGroupTaskListDelete)
	w.atRoute("POST /{handle}/tasks/lists/{id}/rename", member, w.handleGroupTaskListRename)
	w.atRoute("POST /{handle}/tasks/lists/{id}/tasks", member, w.handleGroupTaskCreate)
	w.atRoute("POST /{handle}/tasks/{id}/edit", member, w.handleGroupTaskUpdate)
	w.atRoute("POST /{handle}/tasks/{id}/done", member, w.handleGroupTaskDone)
	w.confirmed(w.atReg(member), "/{handle}/tasks/{id}/delete", w.confirmTaskDelete(), w.handleGroupTaskDelete)

	w.atRoute("GET /{handle}/resources", anyone, w.handleGroupResources)
	w.atRoute("POST /{handle}/resources", member, w.handleGroupResourceCreate)
	w.atRoute("POST /{handle}/resources/{id}/edit", member, w.handleGroupResourceUpdate)
	w.confirmed(w.atReg(member), "/{handle}/resources/{id}/delete", confirmation{Key: "resource_delete", About: w.groupAsk(cortege.ActEditResources, w.mayDelete(service.PathResource, "id"))}, w.handleGroupResourceDelete)
	w.atRoute("POST /{handle}/discussions/{id}/rename", member, w.handleGroupThreadRename)
}

// atRoute registers a route under /@handle/, which a ServeMux pattern
// cannot express ("@" glued to a wildcard). Patterns are written without
// the "@": "GET /{handle}/posts/{id}" serves /@handle/posts/ID. Any file
// may add its own (events: "GET /{handle}/events.ics"); the handler sees
// the request as it came, with the pattern's path values.
func (w *Web) atRoute(pattern string, level access, h handler) {
	if w.at == nil {
		w.at = http.NewServeMux()
	}
	w.at.Handle(pattern, &atHandler{w: w, level: level, h: h})
	w.patterns = append(w.patterns, atPattern(pattern))
}

// atHandler is one route under /@handle/.
type atHandler struct {
	w     *Web
	level access
	h     handler
}

// atCall carries a request under /@handle/ through the inner mux: the URL
// as it came, and the error the handler returned.
type atCall struct {
	url *url.URL
	err error
}

type atCallKey struct{}

func (h *atHandler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	call := r.Context().Value(atCallKey{}).(*atCall)
	r.URL = call.url // path values are kept; links and "come back" use the real path
	a := httpx.Actor(r.Context())
	switch {
	case h.level >= member && !a.SignedIn():
		call.err = cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
	case h.level == admin && !a.IsAdmin():
		call.err = cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	default:
		// An address under a group names only that group's objects.
		if call.err = h.w.svc.CheckGroupPath(r.Context(), r.PathValue("handle"), groupPathObjects(r)); call.err == nil {
			call.err = h.h(rw, r)
		}
	}
}

// serveAt answers /@handle and what lies under it through the routes of
// atRoute, with the access already resolved by the fallback's wrapper.
// What no route matches (a wrong method included) is the 404 page.
func (w *Web) serveAt(rw http.ResponseWriter, r *http.Request) error {
	rest := strings.TrimPrefix(r.URL.Path, "/@")
	if w.at == nil || rest == "" {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return nil
	}
	call := &atCall{url: r.URL}
	inner := r.Clone(context.WithValue(r.Context(), atCallKey{}, call))
	inner.URL = &url.URL{Path: "/" + rest, RawQuery: r.URL.RawQuery}
	if _, pattern := w.at.Handler(inner); pattern == "" {
		w.ErrorPage(rw, r, http.StatusNotFound)
		return nil
	}
	w.at.ServeHTTP(rw, inner)
	return call.err
}
