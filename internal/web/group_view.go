package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
)

// groupFlashes are the confirmations of the group pages, added to the
// package's list (render.go) when it starts.
var groupFlashes = []string{
	"group_created", "group_saved", "group_image", "group_joined", "group_requested", "group_followed",
	"group_left", "group_contacted", "reported", "invited", "invitation_accepted", "invitation_declined",
	"invitation_revoked", "request_answered", "role_changed", "member_removed", "member_blocked",
	"member_unblocked", "post_saved", "post_deleted", "discussion_started", "replied", "message_saved",
	"message_deleted", "discussion_deleted", "discussion_updated", "list_created", "list_deleted", "list_renamed",
	"task_created", "task_saved", "task_deleted", "resource_created", "resource_saved", "resource_deleted",
	"notifications", "report_resolved", "group_approved", "group_approval", "group_deleted",
}

func init() {
	for _, k := range groupFlashes {
		flashes[k] = true
	}
}

// groupView is what every page of a group shares: the group, the acting
// profile's role in it, and which tab of the group's navigation is shown.
type groupView struct {
	Group *cortege.Group
	Role  string
	Tab   string
	lang  string // ?lang= of an anonymous visitor who chose it by link
}

// Link is a page of the group (suffix "" for its page, "/posts"…),
// keeping an anonymous visitor's language choice.
func (g *groupView) Link(suffix string) string { return withLang(g.Path()+suffix, g.lang) }

// Can reports whether the actor's role allows action (a cortege.GroupAction
// name) in the group; templates ask it to show or hide controls, the
// service checks again.
func (g *groupView) Can(action string) bool {
	return g.Group.Can(g.Role, cortege.GroupAction(action))
}

// Path is the group's page.
func (g *groupView) Path() string { return "/@" + g.Group.Handle }

// Member reports whether the actor is a member (any role above follower).
func (g *groupView) Member() bool { return cortege.RoleRank(g.Role) >= 2 }

// loadGroup loads the group named by the path's {handle} with the actor's
// role; a group the actor may not see is ENOTFOUND.
func (w *Web) loadGroup(r *http.Request, tab string) (*groupView, error) {
	a := httpx.Actor(r.Context())
	g, err := w.svc.GroupByHandle(r.Context(), a, r.PathValue("handle"))
	if err != nil {
		return nil, err
	}
	role, err := w.svc.GroupRole(r.Context(), a, g.ID)
	if err != nil {
		return nil, err
	}
	return &groupView{Group: g, Role: role, Tab: tab, lang: info(r).langQuery}, nil
}

// needInside refuses, as the service would, a page reserved to members.
func (g *groupView) needInside(r *http.Request) error {
	if g.Can(string(cortege.ActViewInside)) {
		return nil
	}
	if !httpx.Actor(r.Context()).SignedIn() {
		return cortege.Errorf(cortege.EUNAUTH, "err.signin_required")
	}
	return cortege.Errorf(cortege.EFORBIDDEN, "err.group.members_only")
}

// md renders Markdown, sanitised, for a template.
func md(src string) template.HTML { return markdown.HTML(src) }

// pageParam reads ?page=N, 1 when absent or absurd.
func pageParam(r *http.Request) int {
	n, err := strconv.Atoi(r.URL.Query().Get("page"))
	if err != nil || n < 1 || n > 100000 {
		return 1
	}
	return n
}

// pageLink is one entry of a numbered pager: a page number, or a gap.
type pageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// pagerLinks numbers the pages around cur (first, last, two either side),
// never an endless scroll.
func pagerLinks(cur, pages int, url func(int) string) []pageLink {
	if pages <= 1 {
		return nil
	}
	var out []pageLink
	gap := false
	for n := 1; n <= pages; n++ {
		if n == 1 || n == pages || (n >= cur-2 && n <= cur+2) {
			out = append(out, pageLink{N: n, URL: url(n), Current: n == cur})
			gap = false
		} else if !gap {
			out = append(out, pageLink{Gap: true})
			gap = true
		}
	}
	return out
}

// backTo returns the "next" field when it is a safe local path, else def.
func backTo(f *form, def string) string {
	return orDefault(SafeNext(f.V("next")), def)
}

// newForm is an empty form named name, for handlers that read fields
// themselves (uploads).
func newForm(name string) *form {
	return &form{Name: name, Values: map[string]string{}, Errors: map[string]string{}}
}

// fieldError puts a translated message on a field of f (the web layer's
// own checks: a date that does not parse, a number that is not one).
func (w *Web) fieldError(r *http.Request, f *form, field, key string) {
	msg := w.cat.T(info(r).lang, key)
	f.Errors[field] = msg
	f.Summary = append(f.Summary, msg)
}

// checkText passes on the error of reading form f, or checks its text
// with checkTexts.
func checkText(f *form, err error) error {
	if err != nil {
		return err
	}
	return checkTexts(f)
}

// withOK adds ?ok=KEY (or &ok=KEY) to a local path: the confirmation the
// page then shows.
func withOK(path, key string) string {
	if key == "" {
		return path
	}
	if strings.Contains(path, "?") {
		return path + "&ok=" + key
	}
	return path + "?ok=" + key
}

// meID is the acting profile's ID, "" for a visitor.
func meID(a cortege.Actor) string {
	if !a.SignedIn() || a.Profile == nil {
		return ""
	}
	return a.Profile.ID
}

// grouped is a view model of a page inside a group (it embeds *groupView).
type grouped interface{ groupOf() *groupView }

func (g *groupView) groupOf() *groupView { return g }

// renderG is render for the pages of a group: their title also names the
// group, so browser tabs and screen readers tell the groups apart.
func (w *Web) renderG(rw http.ResponseWriter, r *http.Request, status int, name, titleKey string, data any, f *form) error {
	p, err := w.newPage(r, titleKey, data)
	if err != nil {
		return err
	}
	p.Form = f
	if gd, ok := data.(grouped); ok {
		if g := gd.groupOf(); g != nil && g.Group != nil {
			p.Title += " · " + g.Group.Name
		}
	}
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	return w.write(rw, status, name, p)
}

// formPageG is formPage for the pages of a group (see renderG).
func (w *Web) formPageG(rw http.ResponseWriter, r *http.Request, name, titleKey string, data any, f *form, err error) error {
	status := w.formFail(f, info(r).lang, err)
	if status == 0 {
		return err
	}
	return w.renderG(rw, r, status, name, titleKey, data, f)
}
