package web

import (
	"bytes"
	"io"
	"net/http"
	"strconv"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// membersData is the view model of a group's members page.
type membersData struct {
	*groupView
	Status      string // active, requested, invited, followers
	List        *service.MemberPage
	Prev, Next  string
	Invitations []*cortege.GroupInvitation
	Blocks      []*blockItem
	Log         []*groupLogItem
	MeID        string
	LastAdmin   bool                  // the actor is the group's only administrator
	Invites     *service.InviteReport // what a pasted list of invitations did
}

// groupLogItem is a line of a group's moderation log with the profiles
// it names.
type groupLogItem struct {
	Entry  *cortege.ModerationEntry
	Who    *cortege.Profile
	Target *cortege.Profile // when the target is a profile
}

// blockItem is a blocked profile with who blocked it.
type blockItem struct {
	Block   *cortege.GroupBlock
	Profile *cortege.Profile
}

// memberStatuses are the lists of the members page.
var memberStatuses = map[string]bool{cortege.MemberActive: true, cortege.MemberRequested: true, cortege.MemberInvited: true, "followers": true}

func (w *Web) membersData(r *http.Request) (*membersData, error) {
	g, err := w.loadGroup(r, "members")
	if err != nil {
		return nil, err
	}
	a := httpx.Actor(r.Context())
	st := r.URL.Query().Get("status")
	if !memberStatuses[st] {
		st = cortege.MemberActive
	}
	d := &membersData{groupView: g, Status: st}
	if a.Profile != nil {
		d.MeID = a.Profile.ID
	}
	page := pageParam(r)
	if d.List, err = w.svc.Members(r.Context(), a, g.Group.ID, st, page); err != nil {
		return nil, err
	}
	link := func(n int) string { return g.Path() + "/members?status=" + st + "&page=" + strconv.Itoa(n) }
	if page > 1 {
		d.Prev = link(page - 1)
	}
	if d.List.More {
		d.Next = link(page + 1)
	}
	if g.Can(string(cortege.ActInvite)) && st == cortege.MemberInvited {
		if d.Invitations, err = w.svc.GroupInvitations(r.Context(), a, g.Group.ID, 1); err != nil {
			return nil, err
		}
	}
	if g.Can(string(cortege.ActViewModeration)) && st == cortege.MemberActive {
		bs, err := w.svc.GroupBlocks(r.Context(), a, g.Group.ID)
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(bs))
		for i, b := range bs {
			ids[i] = b.ProfileID
		}
		names, err := w.svc.ProfileNames(r.Context(), a, ids)
		if err != nil {
			return nil, err
		}
		for _, b := range bs {
			d.Blocks = append(d.Blocks, &blockItem{Block: b, Profile: names[b.ProfileID]})
		}
	}
	if g.Can(string(cortege.ActViewModeration)) && st == cortege.MemberActive {
		log, err := w.svc.GroupModerationLog(r.Context(), a, g.Group.ID, 1)
		if err != nil {
			return nil, err
		}
		var ids []string
		for _, e := range log {
			ids = append(ids, e.ActorID, e.TargetID)
		}
		names, err := w.svc.ProfileNames(r.Context(), a, ids)
		if err != nil {
			return nil, err
		}
		for _, e := range log {
			it := &groupLogItem{Entry: e, Who: names[e.ActorID]}
			if e.TargetKind == cortege.ReportProfile {
				it.Target = names[e.TargetID]
			}
			d.Log = append(d.Log, it)
		}
	}
	if g.Role == cortege.GroupAdmin && st == cortege.MemberActive {
		admins := 0
		for _, m := range d.List.Members {
			if m.Role == cortege.GroupAdmin {
				admins++
			}
		}
		d.LastAdmin = admins == 1 && page == 1
	}
	return d, nil
}

// CanManage reports whether the actor may act on a member holding role.
func (d *membersData) CanManage(role string) bool {
	return d.Can(string(cortege.ActManageMembers)) && cortege.CanManageMember(d.Role, role)
}

// handleGroupMembers lists a group's members, requests, invitations or
// followers with what the actor may do to each.
func (w *Web) handleGroupMembers(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.membersData(r)
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_members", "group.members.title", d, nil)
}

// memberAction runs a POST of the members page and comes back to the
// list it was sent from ("next"), or shows the page again with the form's
// message.
func (w *Web) memberAction(rw http.ResponseWriter, r *http.Request, name string, fields []string, act func(g *groupView, f *form) (string, error)) error {
	g, err := w.loadGroup(r, "members")
	if err != nil {
		return err
	}
	return w.formPost(rw, r, name, append(fields, "next"),
		func(f *form) (string, error) { return act(g, f) },
		func(f *form, ok string) string { return withOK(backTo(f, g.Path()+"/members"), ok) },
		func(status int, f *form) error {
			d, err := w.membersData(r)
			if err != nil {
				return err
			}
			return w.renderG(rw, r, status, "group_members", "group.members.title", d, f)
		})
}

// handleGroupInvite invites everyone the "who" field names: one @handle
// or address, or a pasted list of them. Pieces that could not be invited
// come back in the field, each with its line and why, while the others
// are invited.
func (w *Web) handleGroupInvite(rw http.ResponseWriter, r *http.Request) error {
	g, err := w.loadGroup(r, "members")
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "invite", "who", "message", "next")
	err = checkText(f, err)
	var rep *service.InviteReport
	if err == nil {
		rep, err = w.svc.InviteList(r.Context(), httpx.Actor(r.Context()), g.Group.ID, f.V("who"), f.V("message"))
	}
	if err == nil && len(rep.Problems) == 0 {
		return w.redirect(rw, r, withOK(backTo(f, g.Path()+"/members"), "invited"))
	}
	status, lang := http.StatusOK, info(r).lang
	if err != nil {
		if status = w.formFail(f, lang, whoField(err)); status == 0 {
			return err
		}
	} else {
		f.Values["who"] = rep.Unsent()
		msg := w.cat.T(lang, "err.invitees.some")
		f.Errors["who"], f.Summary = msg, append(f.Summary, msg)
		if rep.Invited == 0 {
			status = http.StatusUnprocessableEntity
		}
	}
	d, err := w.membersData(r)
	if err != nil {
		return err
	}
	d.Invites = rep
	return w.renderG(rw, r, status, "group_members", "group.members.title", d, f)
}

// whoField moves messages about the handle or address to the "who" field.
func whoField(err error) error {
	if e := cortege.ErrorOf(err); e != nil && (e.Field == "handle" || e.Field == "email") {
		return &cortege.Error{Code: e.Code, Field: "who", Message: e.Message}
	}
	return err
}

// handleGroupAnswer approves or refuses a join request, with a message.
func (w *Web) handleGroupAnswer(rw http.ResponseWriter, r *http.Request) error {
	return w.memberAction(rw, r, "answer", []string{"approve", "message"}, func(g *groupView, f *form) (string, error) {
		return "request_answered", w.svc.AnswerJoinRequest(r.Context(), httpx.Actor(r.Context()), g.Group.ID, r.PathValue("pid"), f.V("approve") == "1", f.V("message"))
	})
}

// handleGroupRole promotes or demotes a member; administrators.
func (w *Web) handleGroupRole(rw http.ResponseWriter, r *http.Request) error {
	return w.memberAction(rw, r, "role", []string{"role"}, func(g *groupView, f *form) (string, error) {
		return "role_changed", w.svc.SetMemberRole(r.Context(), httpx.Actor(r.Context()), g.Group.ID, r.PathValue("pid"), f.V("role"))
	})
}

// handleGroupRemove removes a member (or withdraws an invitation).
func (w *Web) handleGroupRemove(rw http.ResponseWriter, r *http.Request) error {
	return w.memberAction(rw, r, "remove", nil, func(g *groupView, f *form) (string, error) {
		return "member_removed", w.svc.RemoveMember(r.Context(), httpx.Actor(r.Context()), g.Group.ID, r.PathValue("pid"))
	})
}

// handleGroupBlock removes a profile and keeps it out of the group.
func (w *Web) handleGroupBlock(rw http.ResponseWriter, r *http.Request) error {
	return w.memberAction(rw, r, "block", []string{"reason"}, func(g *groupView, f *form) (string, error) {
		return "member_blocked", w.svc.BlockProfile(r.Context(), httpx.Actor(r.Context()), g.Group.ID, r.PathValue("pid"), f.V("reason"))
	})
}

// handleGroupUnblock lifts a block.
func (w *Web) handleGroupUnblock(rw http.ResponseWriter, r *http.Request) error {
	return w.memberAction(rw, r, "unblock", nil, func(g *groupView, f *form) (string, error) {
		return "member_unblocked", w.svc.UnblockProfile(r.Context(), httpx.Actor(r.Context()), g.Group.ID, r.PathValue("pid"))
	})
}

// handleGroupRevoke withdraws an invitation sent by email.
func (w *Web) handleGroupRevoke(rw http.ResponseWriter, r *http.Request) error {
	return w.memberAction(rw, r, "revoke", nil, func(g *groupView, f *form) (string, error) {
		return "invitation_revoked", w.svc.RevokeInvitation(r.Context(), httpx.Actor(r.Context()), g.Group.ID, r.PathValue("id"))
	})
}

// handleGroupExport downloads the member list as CSV (no addresses).
func (w *Web) handleGroupExport(rw http.ResponseWriter, r *http.Request) error {
	g, err := w.loadGroup(r, "members")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := w.svc.ExportMembers(r.Context(), httpx.Actor(r.Context()), g.Group.ID, &buf); err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+g.Group.Handle+`-members.csv"`)
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	_, err = rw.Write(buf.Bytes())
	return err
}

// importData is the view model of the member import page.
type importData struct {
	*groupView
	Report *service.ImportReport
	MaxMB  int
}

func (w *Web) importData(r *http.Request) (*importData, error) {
	g, err := w.loadGroup(r, "members")
	if err != nil {
		return nil, err
	}
	if !g.Can(string(cortege.ActImportMembers)) {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.forbidden")
	}
	return &importData{groupView: g, MaxMB: 2}, nil
}

// handleGroupImportForm shows the CSV import form.
func (w *Web) handleGroupImportForm(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.importData(r)
	if err != nil {
		return err
	}
	return w.renderG(rw, r, http.StatusOK, "group_import", "group.import.title", d, nil)
}

// handleGroupImport reads a CSV of names and addresses and invites each
// person; the page then lists, line by line, what was refused.
func (w *Web) handleGroupImport(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.importData(r)
	if err != nil {
		return err
	}
	f := newForm("import")
	f.Values["file"], f.Values["message"] = "", ""
	data, message, err := readCSV(rw, r)
	f.Values["message"] = message
	if err == nil {
		err = checkText(f, nil)
	}
	if err == nil {
		d.Report, err = w.svc.ImportMembers(r.Context(), httpx.Actor(r.Context()), d.Group.ID, data, message)
	}
	if err != nil {
		return w.formPageG(rw, r, "group_import", "group.import.title", d, f, err)
	}
	return w.renderG(rw, r, http.StatusOK, "group_import", "group.import.title", d, nil)
}

// maxCSVBytes is the largest member file accepted (the parser's limit).
const maxCSVBytes = 2 << 20

// readCSV reads the "file" of a multipart form and its "message".
func readCSV(rw http.ResponseWriter, r *http.Request) ([]byte, string, error) {
	r.Body = http.MaxBytesReader(rw, r.Body, maxCSVBytes+64<<10)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		if isTooLarge(err) {
			return nil, "", invalid("file", "err.csv.too_large")
		}
		return nil, "", invalid("file", "err.csv.unreadable")
	}
	defer r.MultipartForm.RemoveAll()
	message := r.PostFormValue("message")
	file, _, err := r.FormFile("file")
	if err != nil {
		return nil, message, invalid("file", "err.csv.required")
	}
	defer file.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(io.LimitReader(file, maxCSVBytes+1)); err != nil {
		return nil, message, err
	}
	if buf.Len() > maxCSVBytes {
		return nil, message, invalid("file", "err.csv.too_large")
	}
	if buf.Len() == 0 {
		return nil, message, invalid("file", "err.csv.required")
	}
	return buf.Bytes(), message, nil
}
