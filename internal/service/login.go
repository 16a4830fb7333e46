package service

import (
	"context"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/store"
)

// Sign-in mails and paths; the limits are in signinlimit.go.
const (
	loginLinkJobKind  = "mail.login"
	emailChangeJob    = "mail.email_change"
	confirmLoginPath  = "/login/confirm"
	confirmChangePath = "/settings/email/confirm"
)

// loginMailJob is the payload of a sign-in mail. The token is made when the
// job runs, so no usable secret ever sits in the jobs table.
type loginMailJob struct {
	Email string `json:"email"`
	Lang  string `json:"lang"`
	Next  string `json:"next,omitempty"` // local path to land on after signing in
}

// RequestLogin sends a magic sign-in link to email. Known and unknown
// addresses take the same path here (the same limits, the same job) so the
// answer and its timing tell nothing; the job decides whether a link goes
// out. Past the ceiling on the address the request is answered the same
// but the mail is spaced (see signinlimit.go).
func (s *Service) RequestLogin(ctx context.Context, a cortege.Actor, email, lang string) error {
	return s.RequestLoginTo(ctx, a, email, lang, "")
}

// RequestLoginTo is RequestLogin with a local path the link brings the
// person back to once signed in (an invitation they followed, say).
func (s *Service) RequestLoginTo(ctx context.Context, a cortege.Actor, email, lang, next string) error {
	next = cortege.SafeLocalPath(next)
	email, err := cortege.NormalizeEmail(email)
	if err != nil {
		return err
	}
	if !cortege.ValidLang(lang) {
		lang = cortege.DefaultLang
	}
	return s.requestLink(ctx, a, email, loginMailJob{Email: email, Lang: lang, Next: next})
}

// issueLoginToken stores a new sign-in token for email and returns the
// link; lang is the language of the page where it was asked for, which an
// account made by this sign-in keeps.
func (s *Service) issueLoginToken(ctx context.Context, q *store.Q, purpose, email, accountID, lang string) (string, error) {
	tok := cortege.NewToken()
	err := q.CreateLoginToken(ctx, &store.LoginToken{
		Hash: cortege.HashToken(tok), Purpose: purpose, Email: email, AccountID: accountID, Lang: lang,
		ExpiresAt: s.now().Add(cortege.LoginTokenTTL),
	})
	if err != nil {
		return "", err
	}
	path := confirmLoginPath
	if purpose == cortege.TokenEmailChange {
		path = confirmChangePath
	}
	return s.URL(path + "?token=" + tok), nil
}

// CheckLoginLink reports whether a sign-in link can still be used, without
// using it: the GET of an emailed link only shows a confirmation button,
// because mail scanners follow links.
func (s *Service) CheckLoginLink(ctx context.Context, token string) error {
	if !cortege.ValidTokenShape(token) {
		return cortege.Invalid("token", "err.token.invalid")
	}
	ok, err := s.db.Q().LoginTokenLive(ctx, cortege.HashToken(token), cortege.TokenLogin)
	if err != nil {
		return err
	}
	if !ok {
		return cortege.Invalid("token", "err.token.invalid")
	}
	return nil
}

// ConfirmLogin consumes a sign-in token and opens a session, creating the
// account on first sign-in when registrations allow it (in the language of
// the page where the link was asked for). It returns the session's secret
// for the cookie; the account says whether its public name must still be
// chosen (Account.NeedsIdentity).
func (s *Service) ConfirmLogin(ctx context.Context, a cortege.Actor, token string) (string, *cortege.Account, error) {
	if err := s.limit(ctx, "confirm:ip:"+a.IP, confirmPerIP, loginWindow); err != nil {
		return "", nil, err
	}
	if !cortege.ValidTokenShape(token) {
		return "", nil, cortege.Invalid("token", "err.token.invalid")
	}
	var secret string
	var acc *cortege.Account
	var refused error
	err := s.inTx(ctx, func(q *store.Q) error {
		t, err := q.ConsumeLoginToken(ctx, cortege.HashToken(token), cortege.TokenLogin)
		if cortege.IsNotFound(err) {
			return cortege.Invalid("token", "err.token.invalid")
		}
		if err != nil {
			return err
		}
		if t.AccountID != "" {
			acc, err = q.AccountByID(ctx, t.AccountID)
		} else {
			acc, err = q.AccountByEmail(ctx, t.Email)
		}
		if cortege.IsNotFound(err) {
			acc, err = s.register(ctx, q, t.Email, t.Lang)
		}
		if err != nil {
			return err
		}
		if acc.Status != cortege.AccountActive {
			// Keep the account (a pending one waits for approval) and
			// the spent token, but open no session.
			refused = accountRefusal(acc)
			return nil
		}
		secret, err = s.openSession(ctx, q, acc)
		return err
	})
	if err == nil {
		err = refused
	}
	if err != nil {
		return "", nil, err
	}
	return secret, acc, nil
}

// register creates an account and its first profile for a confirmed
// address, following the instance's registration mode, in lang when it is
// one the interface has (else the instance's default).
func (s *Service) register(ctx context.Context, q *store.Q, email, lang string) (*cortege.Account, error) {
	set, err := q.InstanceSettings(ctx)
	if err != nil {
		return nil, err
	}
	status := cortege.AccountActive
	switch set.Registrations {
	case cortege.RegistrationsClosed:
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.registrations.closed")
	case cortege.RegistrationsApproval:
		status = cortege.AccountPending
	}
	if !cortege.ValidLang(lang) {
		lang = set.DefaultLang
	}
	return s.createAccount(ctx, q, email, "", cortege.RoleUser, status, lang)
}

// createAccount inserts an account with a first profile. The profile's
// handle is a neutral suggestion in the account's language, never derived
// from the address, and its name is the name given or that handle; the
// person chooses both at the identity step before anything is published.
func (s *Service) createAccount(ctx context.Context, q *store.Q, email, name, role, status, lang string) (*cortege.Account, error) {
	now := s.now()
	acc := &cortege.Account{ID: cortege.NewID(now), Email: email, Role: role, Status: status, Lang: lang, Identity: cortege.IdentityNew, CreatedAt: now}
	if err := q.CreateAccount(ctx, acc); err != nil {
		return nil, err
	}
	handle, err := s.suggestHandle(ctx, q, lang)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = handle
	}
	p := &cortege.Profile{ID: cortege.NewID(now), AccountID: acc.ID, Handle: handle, DisplayName: name, CreatedAt: now}
	if err := p.Validate(); err != nil {
		p.DisplayName = handle
	}
	if err := q.CreateProfile(ctx, p); err != nil {
		return nil, err
	}
	acc.DefaultProfileID = p.ID
	return acc, q.UpdateAccount(ctx, acc)
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	n := len(b)
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

// openSession starts a session for an active account and returns its
// secret; an account older than the identity step is settled on the way.
func (s *Service) openSession(ctx context.Context, q *store.Q, acc *cortege.Account) (string, error) {
	if err := accountRefusal(acc); err != nil {
		return "", err
	}
	if err := s.settleIdentity(ctx, q, acc, nil); err != nil {
		return "", err
	}
	now := s.now()
	secret := cortege.NewToken()
	sess := &cortege.Session{ID: cortege.HashToken(secret), AccountID: acc.ID, ProfileID: acc.DefaultProfileID, CreatedAt: now, ExpiresAt: now.Add(cortege.SessionTTL)}
	if err := q.CreateSession(ctx, sess); err != nil {
		return "", err
	}
	if err := q.TouchAccountLogin(ctx, acc.ID); err != nil {
		return "", err
	}
	return secret, nil
}

// SessionActor returns the actor behind a session cookie's secret, or
// Anonymous when the session is unknown, expired, or its account cannot
// sign in any more.
func (s *Service) SessionActor(ctx context.Context, secret, ip string) (cortege.Actor, error) {
	if !cortege.ValidTokenShape(secret) {
		return cortege.Actor{IP: ip}, nil
	}
	q := s.db.Q()
	sess, err := q.SessionByID(ctx, cortege.HashToken(secret))
	if cortege.IsNotFound(err) {
		return cortege.Actor{IP: ip}, nil
	}
	if err != nil {
		return cortege.Actor{IP: ip}, err
	}
	acc, err := q.AccountByID(ctx, sess.AccountID)
	if err != nil || acc.Status != cortege.AccountActive {
		return cortege.Actor{IP: ip}, ignoreNotFound(err)
	}
	// Slide the expiry, at most once an hour per session.
	if left := time.Until(sess.ExpiresAt); left < cortege.SessionTTL-time.Hour {
		if err := q.TouchSession(ctx, sess.ID, s.now().Add(cortege.SessionTTL)); err != nil {
			s.log.Warn("touch session", "err", err)
		}
	}
	a := cortege.Actor{Account: acc, SessionID: sess.ID, IP: ip}
	if a.Profile, err = s.actingProfile(ctx, q, acc, sess.ProfileID); err != nil {
		return a, err
	}
	return a, s.settleIdentity(ctx, q, acc, a.Profile)
}

// actingProfile returns the session's profile when it still belongs to the
// account, else the account's default profile (or its first one).
func (s *Service) actingProfile(ctx context.Context, q *store.Q, acc *cortege.Account, want string) (*cortege.Profile, error) {
	for _, id := range []string{want, acc.DefaultProfileID} {
		if id == "" {
			continue
		}
		p, err := q.ProfileByID(ctx, id)
		if err == nil && p.AccountID == acc.ID && !p.Deleted {
			return p, nil
		}
		if err != nil && !cortege.IsNotFound(err) {
			return nil, err
		}
	}
	ps, err := q.ProfilesByAccount(ctx, acc.ID)
	if err != nil || len(ps) == 0 {
		return nil, err
	}
	return ps[0], nil
}

func ignoreNotFound(err error) error {
	if cortege.IsNotFound(err) {
		return nil
	}
	return err
}

// Logout ends the actor's session.
func (s *Service) Logout(ctx context.Context, a cortege.Actor) error {
	if a.SessionID == "" {
		return nil
	}
	return s.db.Q().DeleteSession(ctx, a.SessionID)
}

// LogoutEverywhere ends every session of the actor's account and revokes
// its API tokens.
func (s *Service) LogoutEverywhere(ctx context.Context, a cortege.Actor) error {
	if err := requireSignedIn(a); err != nil {
		return err
	}
	return s.inTx(ctx, func(q *store.Q) error { return revokeAccountAccess(ctx, q, a.Account.ID) })
}

// accountRefusal says why an account may not sign in, or nil.
func accountRefusal(acc *cortege.Account) error {
	switch acc.Status {
	case cortege.AccountActive:
		return nil
	case cortege.AccountPending:
		return cortege.Errorf(cortege.EFORBIDDEN, "err.account.pending")
	default:
		return cortege.Errorf(cortege.EFORBIDDEN, "err.account.suspended")
	}
}
