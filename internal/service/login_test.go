package service_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/mail/mailtest"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

type env struct {
	db     *store.DB
	svc    *service.Service
	runner *jobs.Runner
	smtp   *mailtest.Server
	mu     sync.Mutex
	now    time.Time
	slept  []time.Duration // the sign-in delays the service asked for
}

func (e *env) clock() time.Time        { e.mu.Lock(); defer e.mu.Unlock(); return e.now }
func (e *env) advance(d time.Duration) { e.mu.Lock(); e.now = e.now.Add(d); e.mu.Unlock() }
func (e *env) sleep(_ context.Context, d time.Duration) {
	e.mu.Lock()
	e.slept = append(e.slept, d)
	e.mu.Unlock()
}

// newEnv builds a service over a real store with mail going through real
// SMTP to an in-process server.
func newEnv(t *testing.T) *env {
	e := &env{db: testkit.OpenDB(t), now: time.Now().UTC()}
	e.db.SetClock(e.clock)
	e.smtp = mailtest.NewServer(t)
	transport, err := mail.NewSMTP(e.smtp.URL())
	if err != nil {
		t.Fatal(err)
	}
	r, err := mail.NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	e.runner = jobs.NewRunner(e.db, jobs.Config{Now: e.clock})
	e.svc = service.New(e.db, service.Config{BaseURL: "https://cortege.example", UploadsDir: t.TempDir(), Now: e.clock, Sleep: e.sleep})
	e.svc.RegisterJobs(e.runner, service.Mailer{Transport: transport, Renderer: r})
	return e
}

func (e *env) drain(t *testing.T) {
	t.Helper()
	if err := e.runner.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// linkToken returns the token of the last sign-in link mailed to addr.
func (e *env) linkToken(t *testing.T, addr string) string {
	t.Helper()
	msgs := e.smtp.Messages()
	for i := len(msgs) - 1; i >= 0; i-- {
		if len(msgs[i].To) == 0 || !strings.EqualFold(msgs[i].To[0], addr) {
			continue
		}
		for _, l := range msgs[i].Links() {
			if u, err := url.Parse(l); err == nil && u.Query().Get("token") != "" {
				return u.Query().Get("token")
			}
		}
	}
	t.Fatalf("no link mailed to %s", addr)
	return ""
}

var visitor = cortege.Actor{IP: "192.0.2.1"}

func TestMagicLinkSignUpAndSignIn(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	if err := e.svc.RequestLogin(ctx, visitor, "Camille@Example.org", "fr"); err != nil {
		t.Fatal(err)
	}
	if len(e.smtp.Messages()) != 0 {
		t.Fatal("mail sent before the job ran: it must go through the queue")
	}
	e.drain(t)
	tok := e.linkToken(t, "Camille@example.org")
	if err := e.svc.CheckLoginLink(ctx, tok); err != nil {
		t.Fatalf("checking the link used it or failed: %v", err)
	}
	secret, acc, err := e.svc.ConfirmLogin(ctx, visitor, tok)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Email != "Camille@example.org" || acc.Role != cortege.RoleUser || acc.DefaultProfileID == "" {
		t.Fatalf("account = %+v", acc)
	}
	a, err := e.svc.SessionActor(ctx, secret, "192.0.2.1")
	// The first profile's handle is a neutral suggestion, never the
	// address's local part, until the person chooses (identity_test.go).
	if err != nil || !a.SignedIn() || a.Profile == nil || strings.Contains(a.Profile.Handle, "camille") || !a.Account.NeedsIdentity() {
		t.Fatalf("session actor = %+v, %v", a, err)
	}
	// The same link works once.
	if _, _, err := e.svc.ConfirmLogin(ctx, visitor, tok); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "token" {
		t.Fatalf("second use: %v", err)
	}
	// A later link signs the same account in.
	e.svc.RequestLogin(ctx, visitor, "camille@EXAMPLE.org", "en")
	e.drain(t)
	_, acc2, err := e.svc.ConfirmLogin(ctx, visitor, e.linkToken(t, "camille@example.org"))
	if err != nil || acc2.ID != acc.ID {
		t.Fatalf("second sign-in: %v, %v", acc2, err)
	}
	// Sign out ends the session.
	if err := e.svc.Logout(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a, _ := e.svc.SessionActor(ctx, secret, ""); a.SignedIn() {
		t.Fatal("session survived sign-out")
	}
}

func TestMagicLinkExpires(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.svc.RequestLogin(ctx, visitor, "late@example.org", "fr")
	e.drain(t)
	tok := e.linkToken(t, "late@example.org")
	e.advance(cortege.LoginTokenTTL + time.Second)
	if err := e.svc.CheckLoginLink(ctx, tok); err == nil {
		t.Fatal("expired link still checks out")
	}
	if _, _, err := e.svc.ConfirmLogin(ctx, visitor, tok); cortege.ErrorCode(err) != cortege.EINVALID {
		t.Fatalf("expired link: %v", err)
	}
}

func TestClosedRegistrationsSendNothingToStrangers(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	admin := adminActor(t, e)
	set, _ := e.svc.Settings(ctx)
	set.Registrations = cortege.RegistrationsClosed
	if err := e.svc.UpdateSettings(ctx, admin, set); err != nil {
		t.Fatal(err)
	}
	before := len(e.smtp.Messages())
	if err := e.svc.RequestLogin(ctx, visitor, "stranger@example.org", "fr"); err != nil {
		t.Fatalf("unknown address must get the same answer: %v", err)
	}
	e.drain(t)
	if len(e.smtp.Messages()) != before {
		t.Fatal("a link went to an address that cannot register")
	}
}

func TestApprovalRegistrations(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	admin := adminActor(t, e)
	set, _ := e.svc.Settings(ctx)
	set.Registrations = cortege.RegistrationsApproval
	e.svc.UpdateSettings(ctx, admin, set)
	e.svc.RequestLogin(ctx, visitor, "newcomer@example.org", "fr")
	e.drain(t)
	_, _, err := e.svc.ConfirmLogin(ctx, visitor, e.linkToken(t, "newcomer@example.org"))
	if cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Message != "err.account.pending" {
		t.Fatalf("pending account signed in: %v", err)
	}
	page, err := e.svc.Accounts(ctx, admin, "newcomer", 1)
	if err != nil || len(page.Accounts) != 1 || page.Accounts[0].Status != cortege.AccountPending {
		t.Fatalf("admin list = %+v, %v", page, err)
	}
	if err := e.svc.SetAccountStatus(ctx, admin, page.Accounts[0].ID, cortege.AccountActive); err != nil {
		t.Fatal(err)
	}
	e.svc.RequestLogin(ctx, visitor, "newcomer@example.org", "fr")
	e.drain(t)
	if _, _, err := e.svc.ConfirmLogin(ctx, visitor, e.linkToken(t, "newcomer@example.org")); err != nil {
		t.Fatalf("approved account: %v", err)
	}
}

func TestLoginRateLimits(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	var err error
	for i := 0; i < 10 && err == nil; i++ {
		err = e.svc.RequestLogin(ctx, visitor, "flood@example.org", "fr")
	}
	if cortege.ErrorCode(err) != cortege.ERATELIMIT {
		t.Fatalf("10 requests for one address: %v", err)
	}
	e.advance(11 * time.Minute)
	if err := e.svc.RequestLogin(ctx, visitor, "flood@example.org", "fr"); err != nil {
		t.Fatalf("after the window: %v", err)
	}
}

func TestBadEmails(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	for _, bad := range []string{"", "   ", "not-an-address", "a@b", "Jean <j@example.org>", strings.Repeat("a", 300) + "@example.org", "a@example.org\r\nBcc: x@example.org"} {
		err := e.svc.RequestLogin(ctx, visitor, bad, "fr")
		if ce := cortege.ErrorOf(err); ce == nil || ce.Code != cortege.EINVALID || ce.Field != "email" {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestPasswordSignIn(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := signIn(t, e, "pw@example.org")
	if err := e.svc.SetPassword(ctx, a, "short"); cortege.ErrorOf(err) == nil || cortege.ErrorOf(err).Field != "password" {
		t.Fatalf("short password: %v", err)
	}
	if err := e.svc.SetPassword(ctx, a, "correct horse battery"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.svc.LoginPassword(ctx, visitor, "pw@example.org", "wrong password!"); cortege.ErrorCode(err) != cortege.EINVALID {
		t.Fatalf("wrong password: %v", err)
	}
	if _, _, err := e.svc.LoginPassword(ctx, visitor, "nobody@example.org", "correct horse battery"); cortege.ErrorOf(err).Message != "err.password.wrong" {
		t.Fatalf("unknown address must look like a wrong password: %v", err)
	}
	secret, _, err := e.svc.LoginPassword(ctx, visitor, "PW@example.org", "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	// Sign out everywhere ends this session too.
	b, _ := e.svc.SessionActor(ctx, secret, "")
	if err := e.svc.LogoutEverywhere(ctx, b); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{secret} {
		if x, _ := e.svc.SessionActor(ctx, s, ""); x.SignedIn() {
			t.Fatal("session survived sign-out everywhere")
		}
	}
}

func TestAdminCreateLinkSignsInAsAdmin(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	link, err := e.svc.CreateAdmin(ctx, "boss@example.org", "La Boss")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	if !strings.HasPrefix(link, "https://cortege.example/login/confirm?token=") {
		t.Fatalf("link = %s", link)
	}
	secret, acc, err := e.svc.ConfirmLogin(ctx, visitor, u.Query().Get("token"))
	if err != nil || !acc.IsAdmin() {
		t.Fatalf("admin sign-in: %+v, %v", acc, err)
	}
	a, _ := e.svc.SessionActor(ctx, secret, "")
	if !a.IsAdmin() || a.Profile.DisplayName != "La Boss" {
		t.Fatalf("actor = %+v", a)
	}
}

func TestAPITokenLifecycle(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	tok, err := e.svc.CreateTokenFor(ctx, "script@example.org", "ci", service.IdentityInput{})
	if err != nil || !strings.HasPrefix(tok, "ctg_") {
		t.Fatalf("token %q, %v", tok, err)
	}
	a, err := e.svc.TokenActor(ctx, tok, "")
	if err != nil || a.Account.Email != "script@example.org" {
		t.Fatalf("token actor = %+v, %v", a, err)
	}
	for _, bad := range []string{"", "ctg_", "Bearer x", tok + "x", strings.Repeat("a", 5000)} {
		if _, err := e.svc.TokenActor(ctx, bad, ""); cortege.ErrorCode(err) != cortege.EUNAUTH {
			t.Errorf("%q: %v", bad, err)
		}
	}
	ts, _ := e.svc.APITokens(ctx, a)
	if len(ts) != 1 {
		t.Fatalf("tokens = %v", ts)
	}
	if err := e.svc.RevokeAPIToken(ctx, a, ts[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.TokenActor(ctx, tok, ""); cortege.ErrorCode(err) != cortege.EUNAUTH {
		t.Fatalf("revoked token still works: %v", err)
	}
}

func TestProfilesAndDeletion(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := signIn(t, e, "multi@example.org")
	p2, err := e.svc.CreateProfile(ctx, a, service.ProfileInput{Handle: "@Militante_75", DisplayName: "Militante", Bio: "Paris"})
	if err != nil || p2.Handle != "militante_75" {
		t.Fatalf("create profile: %+v, %v", p2, err)
	}
	for _, in := range []service.ProfileInput{
		{Handle: "militante_75", DisplayName: "x"},
		{Handle: strings.Repeat("h", 10000), DisplayName: "x"},
		{Handle: "bad handle!", DisplayName: "x"},
		{Handle: "admin", DisplayName: "x"},
		{Handle: "okhandle", DisplayName: ""},
	} {
		if _, err := e.svc.CreateProfile(ctx, a, in); cortege.ErrorOf(err) == nil {
			t.Errorf("%+v accepted", in)
		}
	}
	if _, err := e.svc.SwitchProfile(ctx, a, p2.ID); err != nil {
		t.Fatal(err)
	}
	other := signIn(t, e, "other@example.org")
	if _, err := e.svc.UpdateProfile(ctx, other, p2.ID, service.ProfileInput{DisplayName: "Hijack"}); !cortege.IsNotFound(err) {
		t.Fatalf("editing another's profile: %v", err)
	}
	ex, err := e.svc.ExportAccountData(ctx, a)
	if err != nil || len(ex.Profiles) != 2 || ex.Account.Email != "multi@example.org" {
		t.Fatalf("export = %+v, %v", ex, err)
	}
	if err := e.svc.DeleteAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.ProfileByHandle(ctx, cortege.Anonymous, "militante_75"); !cortege.IsNotFound(err) {
		t.Fatalf("deleted profile still public: %v", err)
	}
	// The handle stays reserved against impersonation.
	if _, err := e.svc.CreateProfile(ctx, other, service.ProfileInput{Handle: "militante_75", DisplayName: "x"}); cortege.ErrorCode(err) != cortege.ECONFLICT {
		t.Fatalf("reused a deleted handle: %v", err)
	}
	e.drain(t)
	if msgs := e.smtp.Messages(); !strings.Contains(strings.ToLower(msgs[len(msgs)-1].To[0]), "multi@example.org") {
		t.Fatal("no deletion confirmation mailed")
	}
}

func TestAvatarIsReencoded(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := signIn(t, e, "pic@example.org")
	if _, err := e.svc.SetAvatar(ctx, a, a.Profile.ID, []byte("<svg onload=alert(1)>")); cortege.ErrorOf(err) == nil {
		t.Fatal("SVG accepted as avatar")
	}
	png := tinyPNG(t)
	p, err := e.svc.SetAvatar(ctx, a, a.Profile.ID, png)
	if err != nil || p.Avatar == "" {
		t.Fatalf("avatar: %+v, %v", p, err)
	}
	path := e.svc.UploadPath(p.Avatar)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("stored file: %v", err)
	}
	if e.svc.UploadPath("../../etc/passwd") != "" || e.svc.UploadPath(filepath.Base(path)+"/x") != "" {
		t.Fatal("UploadPath accepts a path outside uploads")
	}
}

// signIn creates an account through the magic-link flow and returns its actor.
func signIn(t *testing.T, e *env, email string) cortege.Actor {
	t.Helper()
	ctx := context.Background()
	if err := e.svc.RequestLogin(ctx, cortege.Actor{IP: email}, email, "fr"); err != nil {
		t.Fatal(err)
	}
	e.drain(t)
	secret, _, err := e.svc.ConfirmLogin(ctx, cortege.Actor{IP: email}, e.linkToken(t, email))
	if err != nil {
		t.Fatal(err)
	}
	a, err := e.svc.SessionActor(ctx, secret, "")
	if err != nil || !a.SignedIn() {
		t.Fatal(err)
	}
	return testkit.Identify(t, e.svc, a)
}

func adminActor(t *testing.T, e *env) cortege.Actor {
	t.Helper()
	link, err := e.svc.CreateAdmin(context.Background(), "admin@example.org", "")
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(link)
	secret, _, err := e.svc.ConfirmLogin(context.Background(), visitor, u.Query().Get("token"))
	if err != nil {
		t.Fatal(err)
	}
	a, _ := e.svc.SessionActor(context.Background(), secret, "")
	return testkit.Identify(t, e.svc, a)
}

// A person deleting their account does not orphan the groups they
// administered alone: a member takes over.
func TestDeletedAdminHandsOverGroup(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	boss := signIn(t, e, "boss@example.org")
	g, err := e.svc.CreateGroup(ctx, boss, service.GroupInput{Handle: "velo_lyon", Name: "Vélo Lyon", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen})
	if err != nil {
		t.Fatal(err)
	}
	heir := signIn(t, e, "heir@example.org")
	if _, err := e.svc.Join(ctx, heir, g.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := e.svc.DeleteAccount(ctx, boss); err != nil {
		t.Fatal(err)
	}
	role, err := e.db.Q().MembershipRole(ctx, g.ID, heir.Profile.ID)
	if err != nil || role != cortege.GroupAdmin {
		t.Fatalf("heir role = %q, %v", role, err)
	}
}

// The data export holds the person's groups and events, not only the
// account and profiles.
func TestExportHoldsGroupsAndEvents(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	a := signIn(t, e, "export@example.org")
	g := newGroup(t, e, a, "export_group", cortege.VisibilityPublic, cortege.JoinOpen)
	mustCreate(t, e, a, eventInput(e, "Réunion publique"))
	other := signIn(t, e, "other@example.org")
	ev := mustCreate(t, e, other, eventInput(e, "Manifestation"))
	mustJoin(t, e, a, ev.ID)
	ex, err := e.svc.ExportAccountData(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.Groups) != 1 || ex.Groups[0].Group != g.Handle || ex.Groups[0].Role != cortege.GroupAdmin {
		t.Fatalf("groups = %+v", ex.Groups)
	}
	roles := map[string]string{}
	for _, x := range ex.Events {
		roles[x.Title] = x.Role
	}
	if roles["Réunion publique"] != "organiser" || roles["Manifestation"] != "participant" {
		t.Fatalf("events = %+v", ex.Events)
	}
}
