package web

import (
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// reportsData is the view model of the instance moderation queue.
type reportsData struct {
	Status  string
	Items   []*reportItem
	Pages   []pageLink
	Log     []*logItem
	Actions []string
}

// reportItem is a report with what it points at.
type reportItem struct {
	*service.ReportedContent
	Excerpt string // the reported message or post, as text
	Link    string // where the target lives, "" once gone
}

// logItem is a line of the moderation log with who did it.
type logItem struct {
	Entry  *cortege.ModerationEntry
	Who    string
	Target string // the group's name or the profile's @handle, when still known
	Link   string
}

// reportStatuses are the tabs of the queue.
var reportStatuses = map[string]bool{cortege.ReportOpen: true, cortege.ReportResolved: true, cortege.ReportDismissed: true}

func (w *Web) reportsData(r *http.Request) (*reportsData, error) {
	a := httpx.Actor(r.Context())
	st := r.URL.Query().Get("status")
	if !reportStatuses[st] {
		st = cortege.ReportOpen
	}
	rp, err := w.svc.Reports(r.Context(), a, st, pageParam(r))
	if err != nil {
		return nil, err
	}
	d := &reportsData{Status: st, Actions: []string{cortege.ModHide, cortege.ModDelete, cortege.ModSuspend, cortege.ModDismiss}}
	for _, rep := range rp.Reports {
		c, err := w.svc.ReportedContent(r.Context(), a, rep.ID)
		if err != nil {
			return nil, err
		}
		it := &reportItem{ReportedContent: c}
		switch {
		case c.Post != nil:
			it.Excerpt = markdown.Plain(c.Post.Body, 400)
		case c.Message != nil:
			it.Excerpt = markdown.Plain(c.Message.Body, 400)
		case c.Comment != nil:
			it.Excerpt = markdown.Plain(c.Comment.Body, 400)
		case c.Photo != nil:
			it.Excerpt = c.Photo.Caption
		}
		if c.Event != nil {
			it.Link = "/events/" + c.Event.ID
		} else if c.Group != nil {
			it.Link = "/@" + c.Group.Handle
			switch {
			case c.Post != nil:
				it.Link += "/posts/" + c.Post.ID
			case c.Discussion != nil:
				it.Link += "/discussions/" + c.Discussion.ID
			case c.Message != nil:
				it.Link += "/discussions/" + c.Message.DiscussionID
			}
		} else if c.Profile != nil && !c.Profile.Deleted {
			it.Link = "/@" + c.Profile.Handle
		}
		d.Items = append(d.Items, it)
	}
	d.Pages = pagerLinks(rp.Page, rp.Pages, func(n int) string { return "/admin/reports?status=" + st + "&page=" + strconv.Itoa(n) })
	log, err := w.svc.ModerationLog(r.Context(), a, 1)
	if err != nil {
		return nil, err
	}
	for _, e := range log {
		it := &logItem{Entry: e, Who: e.ActorLabel, Target: e.TargetLabel}
		if e.TargetHandle != "" {
			it.Link = "/@" + e.TargetHandle
		}
		d.Log = append(d.Log, it)
	}
	return d, nil
}

// handleAdminReports shows the moderation queue and the log of who did
// what; instance administrators.
func (w *Web) handleAdminReports(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.reportsData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "admin_reports", "admin.reports.title", d, nil)
}

// handleAdminReportResolve hides, deletes, suspends or dismisses, with a
// note kept in the log.
func (w *Web) handleAdminReportResolve(rw http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	f, err := parseForm(rw, r, "resolve-"+id, "action", "note")
	err = checkText(f, err)
	if err == nil {
		err = w.svc.ResolveReport(r.Context(), httpx.Actor(r.Context()), id, f.V("action"), f.V("note"))
	}
	if err != nil {
		d, lerr := w.reportsData(r)
		if lerr != nil {
			return lerr
		}
		return w.formPage(rw, r, "admin_reports", "admin.reports.title", d, f, err)
	}
	return w.redirect(rw, r, "/admin/reports?ok=report_resolved")
}

// adminGroupsData is the view model of the new groups waiting for approval.
type adminGroupsData struct {
	Groups   []*cortege.Group
	Approval bool
}

func (w *Web) adminGroupsData(r *http.Request) (*adminGroupsData, error) {
	a := httpx.Actor(r.Context())
	gs, err := w.svc.GroupsAwaitingApproval(r.Context(), a, pageParam(r))
	if err != nil {
		return nil, err
	}
	set, err := w.svc.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	return &adminGroupsData{Groups: gs, Approval: set.GroupApproval}, nil
}

// handleAdminGroups shows the instance setting "new groups need approval"
// and the groups waiting for it.
func (w *Web) handleAdminGroups(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.adminGroupsData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "admin_groups", "admin.groups.title", d, nil)
}

// handleAdminGroupApproval turns the approval of new groups on or off.
func (w *Web) handleAdminGroupApproval(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "approval", "approval")
	if err != nil {
		return err
	}
	if err := w.svc.SetGroupApproval(r.Context(), httpx.Actor(r.Context()), f.V("approval") == "1"); err != nil {
		return err
	}
	return w.redirect(rw, r, "/admin/groups?ok=group_approval")
}

// handleAdminGroupApprove lists a new group.
func (w *Web) handleAdminGroupApprove(rw http.ResponseWriter, r *http.Request) error {
	if err := w.svc.ApproveGroup(r.Context(), httpx.Actor(r.Context()), r.PathValue("id")); err != nil {
		return err
	}
	return w.redirect(rw, r, "/admin/groups?ok=group_approved")
}
