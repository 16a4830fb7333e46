package service_test

import (
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// Every use case checks whether the actor may act before it looks at what
// they sent: a stranger with a wrong input on a public group or event
// hears EFORBIDDEN (or ENOTFOUND), never the EINVALID that would describe
// the input, whichever boundary called.
func TestPermissionBeforeValidation(t *testing.T) {
	e := newEnv(t)
	alice, bob, mallory := signIn(t, e, "alice@example.org"), signIn(t, e, "bob@example.org"), signIn(t, e, "mallory@example.org")
	g := newGroup(t, e, alice, "velo", cortege.VisibilityPublic, cortege.JoinOpen)
	ev := mustCreate(t, e, alice, eventInput(e, "Marche"))
	p := mustJoin(t, e, bob, ev.ID)
	disc, err := e.svc.StartDiscussion(bg, alice, g.ID, "D", "B")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := e.svc.Reply(bg, alice, disc.ID, "M")
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.svc.CreateTaskList(bg, alice, g.ID, "L")
	if err != nil {
		t.Fatal(err)
	}
	priv := newGroup(t, e, alice, "secret", cortege.VisibilityPrivate, cortege.JoinInvitation)
	privIn := eventInput(e, "Secret")
	privIn.Visibility = cortege.VisibilityPrivate
	privEv := mustCreate(t, e, alice, privIn)
	bad := "\u202eecila" + strings.Repeat("x", 21000)
	badEvent := eventInput(e, bad)
	badEvent.Questions = []*cortege.Question{{Label: bad, Kind: "nope"}}
	badEvent.Picture = []byte("not an image")
	ref := service.ByID(ev.ID)
	for name, err := range map[string]error{
		"update event": func() error { _, err := e.svc.UpdateEvent(bg, mallory, ref, badEvent, service.ScopeThis); return err }(),
		"announce":     func() error { _, err := e.svc.Announce(bg, mallory, ref, "nobody", bad, bad); return err }(),
		"check in":     func() error { _, err := e.svc.CheckIn(bg, mallory, ref, bad); return err }(),
		"approve":      func() error { _, err := e.svc.Approve(bg, mallory, ref, p.ID, bad); return err }(),
		"refuse":       func() error { _, err := e.svc.Refuse(bg, mallory, ref, p.ID, bad); return err }(),
		"post": func() error {
			_, err := e.svc.CreatePost(bg, mallory, g.ID, service.PostInput{Title: bad, Visibility: "x"})
			return err
		}(),
		"discussion":   func() error { _, err := e.svc.StartDiscussion(bg, mallory, g.ID, bad, bad); return err }(),
		"reply":        func() error { _, err := e.svc.Reply(bg, mallory, disc.ID, bad); return err }(),
		"edit message": func() error { _, err := e.svc.EditMessage(bg, mallory, msg.ID, bad); return err }(),
		"resource": func() error {
			_, err := e.svc.CreateResource(bg, mallory, g.ID, service.ResourceInput{Kind: "x", Title: bad})
			return err
		}(),
		"task list": func() error { _, err := e.svc.CreateTaskList(bg, mallory, g.ID, bad); return err }(),
		"task": func() error {
			_, err := e.svc.CreateTask(bg, mallory, list.ID, service.TaskInput{Title: bad, DueErr: cortege.Invalid("due_at", "err.api.time")})
			return err
		}(),
		"invite by handle": e.svc.InviteProfile(bg, mallory, g.ID, bad, bad),
		"invite by both":   func() error { _, err := e.svc.Invite(bg, mallory, g.ID, "a", "b@example.org", bad, bad); return err }(),
		"invite a list": func() error {
			_, err := e.svc.InviteList(bg, mallory, g.ID, bad+strings.Repeat(bad, 4), bad)
			return err
		}(),
		"import members":          func() error { _, err := e.svc.ImportMembers(bg, mallory, g.ID, []byte(bad), bad); return err }(),
		"cancel":                  func() error { _, err := e.svc.CancelEvent(bg, mallory, ref, service.ScopeThis, bad); return err }(),
		"join a private group":    func() error { _, err := e.svc.Join(bg, mallory, priv.ID, bad); return err }(),
		"contact a private group": e.svc.ContactAdmins(bg, mallory, priv.ID, bad),
		"answer a request":        e.svc.AnswerJoinRequest(bg, mallory, g.ID, bob.Profile.ID, true, bad),
		"block":                   e.svc.BlockProfile(bg, mallory, g.ID, bob.Profile.ID, bad),
		"set a role":              e.svc.SetMemberRole(bg, mallory, g.ID, alice.Profile.ID, bad),
		"list members":            func() error { _, err := e.svc.Members(bg, mallory, priv.ID, bad, 1); return err }(),
		"join a private event anonymously": func() error {
			_, err := e.svc.JoinEvent(bg, cortege.Anonymous, service.ByID(privEv.ID), service.JoinInput{Name: bad, Email: bad})
			return err
		}(),
		"report a private group": func() error { _, err := e.svc.Report(bg, mallory, cortege.ReportGroup, priv.ID, bad); return err }(),
		"report a private event": e.svc.ReportToModerators(bg, mallory, service.ReportEvent, privEv.ID, bad),
	} {
		if c := cortege.ErrorCode(err); c != cortege.EFORBIDDEN && c != cortege.ENOTFOUND {
			t.Errorf("%s by a stranger with a wrong input: %v, want EFORBIDDEN or ENOTFOUND", name, err)
		}
	}
}
