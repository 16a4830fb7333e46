package service_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

func TestEmailInvitationAcceptedAfterSignIn(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "inviter@example.org")
	g := newGroup(t, e, admin, "asso", cortege.VisibilityPrivate, cortege.JoinInvitation)
	inv, err := e.svc.InviteEmail(bg, admin, g.ID, "Newcomer@Example.org", "Nina", "Viens nous aider !")
	if err != nil {
		t.Fatal(err)
	}
	if inv.TokenHash != "" {
		t.Fatal("a token exists before the mail job made it")
	}
	_, err = e.svc.InviteEmail(bg, admin, g.ID, "newcomer@example.org", "", "")
	wantCode(t, "second invitation to the same address", err, cortege.ECONFLICT)
	e.drain(t)
	ms := mailsTo(e, "Newcomer@example.org", "vous invite à rejoindre")
	if len(ms) != 1 || !strings.Contains(ms[0].Text, "Viens nous aider") {
		t.Fatalf("invitation mail: %v", ms)
	}
	tok := linkWithPath(t, ms[0], "/invitations/accept")

	// The link's page works without an account and does not use the link.
	view, err := e.svc.InvitationByToken(bg, visitor, tok)
	if err != nil || view.Group.ID != g.ID || view.InvitedBy == nil || view.InvitedBy.ID != admin.Profile.ID {
		t.Fatalf("invitation view: %+v %v", view, err)
	}
	_, err = e.svc.AcceptInvitationToken(bg, visitor, tok)
	wantCode(t, "accepting without signing in", err, cortege.EUNAUTH)

	// Nobody was added before accepting.
	page, err := e.svc.Members(bg, admin, g.ID, cortege.MemberActive, 1)
	if err != nil || len(page.Members) != 1 {
		t.Fatalf("members before acceptance: %v %v", page, err)
	}

	// The invitee signs in (creating an account) and accepts.
	newcomer := signIn(t, e, "newcomer@example.org")
	dash, err := e.svc.Dashboard(bg, newcomer)
	if err != nil || len(dash.EmailInvitations) != 1 {
		t.Fatalf("dashboard shows the invitation: %+v %v", dash, err)
	}
	got, err := e.svc.AcceptInvitationToken(bg, newcomer, tok)
	if err != nil || got.ID != g.ID {
		t.Fatalf("accept: %v %v", got, err)
	}
	if role, err := e.svc.GroupRole(bg, newcomer, g.ID); err != nil || role != cortege.GroupMember {
		t.Fatalf("role after acceptance = %q %v", role, err)
	}
	_, err = e.svc.AcceptInvitationToken(bg, signIn(t, e, "thief@example.org"), tok)
	wantCode(t, "link used twice", err, cortege.EINVALID)
	if dash, _ := e.svc.Dashboard(bg, newcomer); len(dash.EmailInvitations) != 0 {
		t.Fatal("accepted invitation still pending")
	}
}

func TestEmailInvitationAcceptedFromDashboard(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "inv2@example.org")
	g := newGroup(t, e, admin, "asso2", cortege.VisibilityPublic, cortege.JoinInvitation)
	known := signIn(t, e, "known@example.org")
	inv, err := e.svc.InviteEmail(bg, admin, g.ID, "known@example.org", "", "")
	if err != nil {
		t.Fatal(err)
	}
	other := signIn(t, e, "other2@example.org")
	_, err = e.svc.AcceptEmailInvitation(bg, other, inv.ID)
	wantCode(t, "someone else's invitation", err, cortege.ENOTFOUND)
	if _, err := e.svc.AcceptEmailInvitation(bg, known, inv.ID); err != nil {
		t.Fatal(err)
	}
	if role, _ := e.svc.GroupRole(bg, known, g.ID); role != cortege.GroupMember {
		t.Fatalf("role = %q", role)
	}
}

func TestInvitationByHandle(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "h1@example.org")
	g := newGroup(t, e, admin, "par_pseudo", cortege.VisibilityPublic, cortege.JoinInvitation)
	p := signIn(t, e, "h2@example.org")
	if err := e.svc.InviteProfile(bg, admin, g.ID, "@"+p.Profile.Handle, "Salut"); err != nil {
		t.Fatal(err)
	}
	if role, _ := e.svc.GroupRole(bg, p, g.ID); role != cortege.RoleNone {
		t.Fatal("invited profile is a member before accepting")
	}
	// The invitee sees the page of a private group they are invited to.
	priv := newGroup(t, e, admin, "prive_invite", cortege.VisibilityPrivate, cortege.JoinInvitation)
	if _, err := e.svc.GroupPage(bg, p, priv.Handle); !cortege.IsNotFound(err) {
		t.Fatalf("private page before invitation: %v", err)
	}
	if err := e.svc.InviteProfile(bg, admin, priv.ID, p.Profile.Handle, ""); err != nil {
		t.Fatal(err)
	}
	if page, err := e.svc.GroupPage(bg, p, priv.Handle); err != nil || page.Membership == nil || page.Membership.Status != cortege.MemberInvited || page.Can[cortege.ActViewInside] {
		t.Fatalf("private page with invitation: %+v %v", page, err)
	}
	dash, err := e.svc.Dashboard(bg, p)
	if err != nil || len(dash.Invitations) != 2 {
		t.Fatalf("dashboard invitations: %+v %v", dash, err)
	}
	e.drain(t)
	if len(mailsTo(e, "h2@example.org", "vous invite à rejoindre Groupe par_pseudo")) != 1 {
		t.Fatal("no invitation mail")
	}
	if err := e.svc.DeclineInvitation(bg, p, g.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.AcceptInvitation(bg, p, g.ID); !cortege.IsNotFound(err) {
		t.Fatalf("accept after declining: %v", err)
	}
	wantCode(t, "unknown handle", e.svc.InviteProfile(bg, admin, g.ID, "nobody_here", ""), cortege.EINVALID)
}

func TestMemberImport(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "importer@example.org")
	g := newGroup(t, e, admin, "importe", cortege.VisibilityPublic, cortege.JoinApproval)
	csvData := "Prénom;Nom;Courriel\n" +
		"Jeanne;Martin;jeanne@example.org\n" +
		"Paul;Durand;pas-une-adresse\n" +
		";Sans adresse;\n" +
		"Léa;Petit;lea@example.org\n" +
		"Jeanne;Bis;JEANNE@example.org\n"
	rep, err := e.svc.ImportMembers(bg, admin, g.ID, []byte(csvData), "Rejoignez-nous")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Invited != 2 {
		t.Fatalf("invited %d, want 2: %+v", rep.Invited, rep)
	}
	lines := map[int]string{}
	for _, re := range rep.Errors {
		lines[re.Line] = re.Message
	}
	if lines[3] != "err.csv.email_invalid" || lines[4] != "err.csv.email_missing" || lines[6] != "err.csv.duplicate" || len(lines) != 3 {
		t.Fatalf("row errors = %+v", rep.Errors)
	}
	// Nobody is added without accepting.
	page, _ := e.svc.Members(bg, admin, g.ID, cortege.MemberActive, 1)
	if len(page.Members) != 1 {
		t.Fatalf("import added members: %d", len(page.Members))
	}
	e.drain(t)
	if len(mailsTo(e, "jeanne@example.org", "vous invite")) != 1 || len(mailsTo(e, "lea@example.org", "vous invite")) != 1 {
		t.Fatal("imported people did not get their invitation")
	}
	// Importing again skips who is already invited.
	rep, err = e.svc.ImportMembers(bg, admin, g.ID, []byte("email\njeanne@example.org\n"), "")
	if err != nil || rep.Invited != 0 || len(rep.Skipped) != 1 || rep.Skipped[0].Line != 2 {
		t.Fatalf("second import: %+v %v", rep, err)
	}
	_, err = e.svc.ImportMembers(bg, admin, g.ID, []byte("a,b\nc,d\n"), "")
	wantCode(t, "file without addresses", err, cortege.EINVALID)
	for i := 0; i < 3; i++ {
		e.svc.ImportMembers(bg, admin, g.ID, []byte("email\nz@example.org\n"), "")
	}
	_, err = e.svc.ImportMembers(bg, admin, g.ID, []byte("email\ny@example.org\n"), "")
	wantCode(t, "sixth import of the day", err, cortege.ERATELIMIT)
}

func TestMemberExportNeutralisesFormulas(t *testing.T) {
	e := newEnv(t)
	admin := signIn(t, e, "exporter@example.org")
	g := newGroup(t, e, admin, "export", cortege.VisibilityPublic, cortege.JoinOpen)
	evil := member(t, e, admin, g, "evil@example.org", cortege.GroupMember)
	if _, err := e.svc.UpdateProfile(bg, evil, evil.Profile.ID, service.ProfileInput{DisplayName: "=HYPERLINK(\"https://x.example\")"}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := e.svc.ExportMembers(bg, admin, g.ID, &b); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("export = %q %v", b.String(), err)
	}
	for _, r := range recs[1:] {
		if strings.HasPrefix(r[1], "=") || (r[1] != "" && r[0] == "evil" && !strings.HasPrefix(r[1], "'=")) {
			t.Errorf("unsafe row %q", r)
		}
	}
	if strings.Contains(b.String(), "@example.org") {
		t.Error("export leaks addresses")
	}
}
