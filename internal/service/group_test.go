package service_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

func TestCreateGroupMakesAdministrator(t *testing.T) {
	e := newEnv(t)
	alice := signIn(t, e, "alice@example.org")
	g := newGroup(t, e, alice, "climat_lyon", cortege.VisibilityPublic, cortege.JoinOpen)
	role, err := e.svc.GroupRole(bg, alice, g.ID)
	if err != nil || role != cortege.GroupAdmin {
		t.Fatalf("creator role = %q, %v", role, err)
	}
	// The handle is shared with profiles.
	if _, err := e.svc.CreateProfile(bg, alice, service.ProfileInput{Handle: "climat_lyon", DisplayName: "x"}); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("profile taking a group's handle: %v", err)
	}
	if _, err := e.svc.CreateGroup(bg, alice, service.GroupInput{Handle: "alice", Name: "x", Visibility: "public", JoinMode: "open"}); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("group taking a profile's handle: %v", err)
	}
	page, err := e.svc.GroupPage(bg, cortege.Anonymous, "@climat_lyon")
	if err != nil {
		t.Fatal(err)
	}
	if page.MemberCount != 1 || page.Members != nil || !page.Can[cortege.ActJoin] || page.Can[cortege.ActViewInside] || page.JoinStatus != cortege.MemberActive {
		t.Fatalf("visitor's page = %+v", page)
	}
	if _, err := e.svc.CreateGroup(bg, cortege.Anonymous, service.GroupInput{Handle: "anon", Name: "x", Visibility: "public", JoinMode: "open"}); cortege.ErrorCode(err) != cortege.EUNAUTH {
		t.Fatalf("visitor creates a group: %v", err)
	}
}

func TestGroupCreationIsRateLimited(t *testing.T) {
	e := newEnv(t)
	a := signIn(t, e, "busy@example.org")
	var err error
	for i := 0; i < 10 && err == nil; i++ {
		_, err = e.svc.CreateGroup(bg, a, service.GroupInput{Handle: "g" + strings.Repeat("x", i+1), Name: "G", Visibility: "public", JoinMode: "open"})
	}
	wantCode(t, "sixth group of the day", err, cortege.ERATELIMIT)
}

func TestPrivateGroupIsInvisibleToStrangers(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "admin1@example.org")
	stranger := signIn(t, e, "stranger@example.org")
	priv := newGroup(t, e, admin, "secret_cell", cortege.VisibilityPrivate, cortege.JoinInvitation)
	pub := newGroup(t, e, admin, "open_cell", cortege.VisibilityPublic, cortege.JoinOpen)
	for _, g := range []*cortege.Group{priv, pub} {
		if _, err := e.svc.StartDiscussion(bg, admin, g.ID, "Ordre du jour", "Premier point"); err != nil {
			t.Fatal(err)
		}
		l, err := e.svc.CreateTaskList(bg, admin, g.ID, "Affiches")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateTask(bg, admin, l.ID, service.TaskInput{Title: "Coller"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateResource(bg, admin, g.ID, service.ResourceInput{Kind: cortege.ResourceLink, Title: "Pad", URL: "https://pad.example/x"}); err != nil {
			t.Fatal(err)
		}
	}
	// Private: nothing exists for strangers and visitors.
	for name, a := range map[string]cortege.Actor{"stranger": stranger, "visitor": cortege.Anonymous} {
		_, err := e.svc.GroupPage(bg, a, priv.Handle)
		wantCode(t, name+" reads private page", err, cortege.ENOTFOUND)
		_, err = e.svc.Discussions(bg, a, priv.ID, 1)
		wantCode(t, name+" reads private discussions", err, cortege.ENOTFOUND)
		_, err = e.svc.GroupTasks(bg, a, priv.ID)
		wantCode(t, name+" reads private tasks", err, cortege.ENOTFOUND)
		_, err = e.svc.Resources(bg, a, priv.ID)
		wantCode(t, name+" reads private resources", err, cortege.ENOTFOUND)
		_, err = e.svc.Join(bg, a, priv.ID, "")
		if cortege.ErrorCode(err) != cortege.ENOTFOUND && cortege.ErrorCode(err) != cortege.EUNAUTH {
			t.Errorf("%s joins a private group: %v", name, err)
		}
	}
	// Public: the page is visible, the inside is for members.
	if _, err := e.svc.GroupPage(bg, stranger, pub.Handle); err != nil {
		t.Fatal(err)
	}
	_, err := e.svc.Discussions(bg, stranger, pub.ID, 1)
	wantCode(t, "stranger reads public group's discussions", err, cortege.EFORBIDDEN)
	_, err = e.svc.GroupTasks(bg, stranger, pub.ID)
	wantCode(t, "stranger reads public group's tasks", err, cortege.EFORBIDDEN)
	_, err = e.svc.Discussions(bg, cortege.Anonymous, pub.ID, 1)
	wantCode(t, "visitor reads public group's discussions", err, cortege.EUNAUTH)
	// A follower is not a member either.
	if err := e.svc.Follow(bg, stranger, pub.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.GroupTasks(bg, stranger, pub.ID)
	wantCode(t, "follower reads tasks", err, cortege.EFORBIDDEN)
	// Members read both.
	m := member(t, e, admin, priv, "insider@example.org", cortege.GroupMember)
	if ds, err := e.svc.Discussions(bg, m, priv.ID, 1); err != nil || len(ds.Discussions) != 1 {
		t.Fatalf("member reads discussions: %v %v", ds, err)
	}
	if ts, err := e.svc.GroupTasks(bg, m, priv.ID); err != nil || len(ts) != 1 || len(ts[0].Tasks) != 1 {
		t.Fatalf("member reads tasks: %v %v", ts, err)
	}
}

func TestMemberCannotDoModeratorsActions(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "boss@example.org")
	g := newGroup(t, e, admin, "quartier", cortege.VisibilityPublic, cortege.JoinApproval)
	mod := member(t, e, admin, g, "mod@example.org", cortege.GroupModerator)
	mem := member(t, e, admin, g, "mem@example.org", cortege.GroupMember)
	other := member(t, e, admin, g, "other@example.org", cortege.GroupMember)
	d, err := e.svc.StartDiscussion(bg, other, g.ID, "Sujet", "Message d'un autre")
	if err != nil {
		t.Fatal(err)
	}
	first, err := e.svc.Discussion(bg, other, d.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	msgID := first.Messages[0].ID
	outsider := signIn(t, e, "out@example.org")
	invitee := signIn(t, e, "invitee@example.org")

	type action struct {
		name string
		do   func(a cortege.Actor) error
	}
	actions := []action{
		{"pin", func(a cortege.Actor) error { _, err := e.svc.SetPinned(bg, a, d.ID, true); return err }},
		{"lock", func(a cortege.Actor) error { _, err := e.svc.SetLocked(bg, a, d.ID, true); return err }},
		{"publish post", func(a cortege.Actor) error {
			_, err := e.svc.CreatePost(bg, a, g.ID, service.PostInput{Title: "Annonce", Body: "x", Visibility: cortege.PostPublic, Publish: true})
			return err
		}},
		{"answer request", func(a cortege.Actor) error {
			return e.svc.AnswerJoinRequest(bg, a, g.ID, outsider.Profile.ID, true, "")
		}},
		{"invite", func(a cortege.Actor) error { return e.svc.InviteProfile(bg, a, g.ID, invitee.Profile.Handle, "") }},
		{"block", func(a cortege.Actor) error { return e.svc.BlockProfile(bg, a, g.ID, outsider.Profile.ID, "spam") }},
		{"delete other's message", func(a cortege.Actor) error { return e.svc.DeleteMessage(bg, a, msgID) }},
	}
	adminOnly := []action{
		{"edit group", func(a cortege.Actor) error {
			_, err := e.svc.UpdateGroup(bg, a, g.ID, service.GroupInput{Name: "Nouveau nom", Visibility: "public", JoinMode: "open"})
			return err
		}},
		{"promote", func(a cortege.Actor) error {
			return e.svc.SetMemberRole(bg, a, g.ID, other.Profile.ID, cortege.GroupModerator)
		}},
		{"export", func(a cortege.Actor) error { return e.svc.ExportMembers(bg, a, g.ID, &bytes.Buffer{}) }},
		{"import", func(a cortege.Actor) error {
			_, err := e.svc.ImportMembers(bg, a, g.ID, []byte("email\nx@example.org\n"), "")
			return err
		}},
	}
	for _, act := range append(actions, adminOnly...) {
		t.Run("member/"+act.name, func(t *testing.T) {
			wantCode(t, act.name, act.do(mem), cortege.EFORBIDDEN)
		})
	}
	for _, act := range adminOnly {
		t.Run("moderator/"+act.name, func(t *testing.T) {
			wantCode(t, act.name, act.do(mod), cortege.EFORBIDDEN)
		})
	}
	// A moderator cannot remove an administrator, nor another moderator.
	wantCode(t, "moderator removes admin", e.svc.RemoveMember(bg, mod, g.ID, admin.Profile.ID), cortege.EFORBIDDEN)
	if _, err := e.svc.Join(bg, outsider, g.ID, "Bonjour"); err != nil {
		t.Fatal(err)
	}
	for _, act := range actions {
		t.Run("moderator/"+act.name, func(t *testing.T) {
			if err := act.do(mod); err != nil {
				t.Errorf("moderator %s: %v", act.name, err)
			}
		})
	}
	// Members delete their own messages, never others'.
	reply, err := e.svc.Reply(bg, mem, d.ID, "ma réponse")
	if err == nil {
		t.Fatal("member replied in a locked thread")
	}
	wantCode(t, "reply in locked thread", err, cortege.EFORBIDDEN)
	if _, err := e.svc.SetLocked(bg, mod, d.ID, false); err != nil {
		t.Fatal(err)
	}
	e.advance(time.Second)
	if reply, err = e.svc.Reply(bg, mem, d.ID, "ma réponse"); err != nil {
		t.Fatal(err)
	}
	_, err = e.svc.EditMessage(bg, other, reply.ID, "falsifié")
	wantCode(t, "edit someone else's message", err, cortege.EFORBIDDEN)
	if _, err := e.svc.EditMessage(bg, mem, reply.ID, "corrigé"); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteMessage(bg, mem, reply.ID); err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Discussion(bg, admin, d.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if !v.Discussion.Pinned || len(v.Messages) != 2 || !v.Messages[0].Deleted() || v.Messages[0].DeletedBy != mod.Profile.ID || v.Messages[0].Body != "" {
		t.Fatalf("thread after moderation: %+v %+v", v.Discussion, v.Messages[0])
	}
	log, err := e.svc.GroupModerationLog(bg, admin, g.ID, 1)
	if err != nil || len(log) < 2 {
		t.Fatalf("group moderation log: %v %v", log, err)
	}
}

func TestJoinModes(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "orga@example.org")
	open := newGroup(t, e, admin, "ouvert", cortege.VisibilityPublic, cortege.JoinOpen)
	appr := newGroup(t, e, admin, "sur_demande", cortege.VisibilityPublic, cortege.JoinApproval)
	inv := newGroup(t, e, admin, "sur_invitation", cortege.VisibilityUnlisted, cortege.JoinInvitation)
	p := signIn(t, e, "person@example.org")

	if m, err := e.svc.Join(bg, p, open.ID, ""); err != nil || m.Status != cortege.MemberActive || m.Role != cortege.GroupMember {
		t.Fatalf("open group: %+v %v", m, err)
	}
	_, err := e.svc.Join(bg, p, open.ID, "")
	wantCode(t, "joining twice", err, cortege.ECONFLICT)

	m, err := e.svc.Join(bg, p, appr.ID, "Je voudrais aider")
	if err != nil || m.Status != cortege.MemberRequested {
		t.Fatalf("approval group: %+v %v", m, err)
	}
	if _, err := e.svc.Discussions(bg, p, appr.ID, 1); cortege.ErrorCode(err) != cortege.EFORBIDDEN {
		t.Fatalf("a request is not a membership: %v", err)
	}
	dash, err := e.svc.Dashboard(bg, admin)
	if err != nil || len(dash.JoinRequests) != 1 || dash.JoinRequests[0].Member.Message != "Je voudrais aider" || dash.JoinRequests[0].Group.ID != appr.ID {
		t.Fatalf("admin's dashboard requests: %+v %v", dash, err)
	}
	e.drain(t)
	if len(mailsTo(e, "orga@example.org", "demande à rejoindre")) != 1 {
		t.Fatal("the administrator was not told of the request")
	}
	if err := e.svc.AnswerJoinRequest(bg, admin, appr.ID, p.Profile.ID, true, "Bienvenue !"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	ans := mailsTo(e, "person@example.org", "Bienvenue dans")
	if len(ans) != 1 || !strings.Contains(ans[0].Text, "Bienvenue !") {
		t.Fatalf("answer mail: %v", ans)
	}
	if role, _ := e.svc.GroupRole(bg, p, appr.ID); role != cortege.GroupMember {
		t.Fatalf("approved role = %q", role)
	}

	_, err = e.svc.Join(bg, p, inv.ID, "")
	wantCode(t, "invitation-only group", err, cortege.EFORBIDDEN)

	// Refusal with a message.
	q := signIn(t, e, "refused@example.org")
	if _, err := e.svc.Join(bg, q, appr.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AnswerJoinRequest(bg, admin, appr.ID, q.Profile.ID, false, "Groupe complet"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	if r := mailsTo(e, "refused@example.org", "pas été acceptée"); len(r) != 1 || !strings.Contains(r[0].Text, "Groupe complet") {
		t.Fatalf("refusal mail: %v", r)
	}
	if role, _ := e.svc.GroupRole(bg, q, appr.ID); role != cortege.RoleNone {
		t.Fatalf("refused person's role = %q", role)
	}
}

func TestLastAdministratorCannotLeave(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "only@example.org")
	g := newGroup(t, e, admin, "solo", cortege.VisibilityPublic, cortege.JoinOpen)
	wantCode(t, "last admin leaves", e.svc.Leave(bg, admin, g.ID), cortege.ECONFLICT)
	wantCode(t, "last admin steps down", e.svc.SetMemberRole(bg, admin, g.ID, admin.Profile.ID, cortege.GroupMember), cortege.ECONFLICT)
	next := member(t, e, admin, g, "next@example.org", cortege.GroupAdmin)
	if err := e.svc.Leave(bg, admin, g.ID); err != nil {
		t.Fatalf("leave after handing over: %v", err)
	}
	wantCode(t, "new last admin leaves", e.svc.Leave(bg, next, g.ID), cortege.ECONFLICT)
	if role, _ := e.svc.GroupRole(bg, admin, g.ID); role != cortege.RoleNone {
		t.Fatalf("role after leaving = %q", role)
	}
}

func TestBlockedProfileStaysOut(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "keeper@example.org")
	g := newGroup(t, e, admin, "garde", cortege.VisibilityPublic, cortege.JoinOpen)
	troll := member(t, e, admin, g, "troll@example.org", cortege.GroupMember)
	if err := e.svc.BlockProfile(bg, admin, g.ID, troll.Profile.ID, "insultes"); err != nil {
		t.Fatal(err)
	}
	if role, _ := e.svc.GroupRole(bg, troll, g.ID); role != cortege.RoleNone {
		t.Fatalf("blocked member still has role %q", role)
	}
	_, err := e.svc.Join(bg, troll, g.ID, "")
	wantCode(t, "blocked joins", err, cortege.EFORBIDDEN)
	wantCode(t, "blocked follows", e.svc.Follow(bg, troll, g.ID), cortege.EFORBIDDEN)
	wantCode(t, "blocked writes to admins", e.svc.ContactAdmins(bg, troll, g.ID, "coucou"), cortege.EFORBIDDEN)
	wantCode(t, "blocked is invited", e.svc.InviteProfile(bg, admin, g.ID, troll.Profile.Handle, ""), cortege.EINVALID)
	if bs, err := e.svc.GroupBlocks(bg, admin, g.ID); err != nil || len(bs) != 1 {
		t.Fatalf("blocks = %v %v", bs, err)
	}
	if err := e.svc.UnblockProfile(bg, admin, g.ID, troll.Profile.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Join(bg, troll, g.ID, ""); err != nil {
		t.Fatalf("join after unblock: %v", err)
	}
}

func TestContactAdministratorsHidesAddresses(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "secret.admin@example.org")
	g := newGroup(t, e, admin, "contact", cortege.VisibilityPublic, cortege.JoinOpen)
	co := member(t, e, admin, g, "co.admin@example.org", cortege.GroupAdmin)
	_ = co
	writer := signIn(t, e, "writer@example.org")
	if err := e.svc.ContactAdmins(bg, writer, g.ID, "Quand est la prochaine réunion ?"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	for _, addr := range []string{"secret.admin@example.org", "co.admin@example.org"} {
		ms := mailsTo(e, addr, "Message aux administrateurs")
		if len(ms) != 1 || !strings.Contains(ms[0].Text, "prochaine réunion") || strings.Contains(string(ms[0].Raw), "writer@example.org") {
			t.Fatalf("mail to %s: %v", addr, ms)
		}
		if strings.Contains(string(ms[0].Raw), "co.admin@example.org") && addr != "co.admin@example.org" {
			t.Fatal("one administrator's address shown to another")
		}
	}
	if len(mailsTo(e, "writer@example.org", "Message aux administrateurs")) != 0 {
		t.Fatal("the writer received a copy with addresses")
	}
}

func TestGroupImages(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "img@example.org")
	g := newGroup(t, e, admin, "images", cortege.VisibilityPublic, cortege.JoinOpen)
	mem := member(t, e, admin, g, "img2@example.org", cortege.GroupMember)
	_, err := e.svc.SetGroupImage(bg, mem, g.ID, service.GroupAvatar, tinyPNG(t))
	wantCode(t, "member sets avatar", err, cortege.EFORBIDDEN)
	g2, err := e.svc.SetGroupImage(bg, admin, g.ID, service.GroupBanner, tinyPNG(t))
	if err != nil || g2.Banner == "" || e.svc.UploadPath(g2.Banner) == "" {
		t.Fatalf("banner = %q %v", g2.Banner, err)
	}
	_, err = e.svc.SetGroupImage(bg, admin, g.ID, service.GroupAvatar, []byte("<svg onload=alert(1)>"))
	wantCode(t, "svg as avatar", err, cortege.EINVALID)
	if g3, err := e.svc.SetGroupImage(bg, admin, g.ID, service.GroupBanner, nil); err != nil || g3.Banner != "" {
		t.Fatalf("remove banner: %v %v", g3, err)
	}
}
