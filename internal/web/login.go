package web

import (
	"net/http"
	"net/url"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// loginData is the view model of the sign-in page.
type loginData struct {
	Next  string
	Email string // prefilled: the invited address when next is an invitation
	Sent  bool   // the "check your mail" state
	To    string // the address typed, echoed on that page
}

// handleLoginForm shows the sign-in form (field "email", POST /login) and
// the optional password form.
func (w *Web) handleLoginForm(rw http.ResponseWriter, r *http.Request) error {
	next := SafeNext(r.URL.Query().Get("next"))
	if httpx.Actor(r.Context()).SignedIn() {
		return w.redirect(rw, r, orDefault(next, "/dashboard"))
	}
	return w.render(rw, r, http.StatusOK, "login", "login.title", &loginData{Next: next, Email: w.invitedAddress(r, next)}, nil)
}

// invitedAddress is the address an emailed invitation was sent to when
// the sign-in comes from its link (next is /invitations/accept?token=…),
// so the invited person signs in, or up, with that address without typing
// it. Whoever holds the link sees the address on the invitation already.
func (w *Web) invitedAddress(r *http.Request, next string) string {
	u, err := url.Parse(next)
	if err != nil || u.Path != "/invitations/accept" {
		return ""
	}
	v, err := w.svc.InvitationByToken(r.Context(), httpx.Actor(r.Context()), tokenParam(u.Query().Get("token")))
	if err != nil {
		return ""
	}
	return v.Invitation.Email
}

// handleLoginRequest mails a sign-in link. Known and unknown addresses get
// the same page; only a malformed address or a rate limit is told.
func (w *Web) handleLoginRequest(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "link", "email", "next")
	d := &loginData{Next: SafeNext(f.V("next"))}
	if err == nil {
		err = w.svc.RequestLoginTo(r.Context(), httpx.Actor(r.Context()), f.V("email"), info(r).lang, d.Next)
	}
	if err != nil {
		return w.formPage(rw, r, "login", "login.title", d, f, err)
	}
	d.Sent, d.To = true, f.V("email")
	return w.render(rw, r, http.StatusOK, "login", "login.sent.title", d, nil)
}

// handleLoginPassword signs in with an address and a password.
func (w *Web) handleLoginPassword(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "password", "email", "password", "next")
	d := &loginData{Next: SafeNext(f.V("next"))}
	var secret string
	var acc *cortege.Account
	if err == nil {
		secret, acc, err = w.svc.LoginPasswordTo(r.Context(), httpx.Actor(r.Context()), f.V("email"), f.V("password"), info(r).lang, d.Next)
	}
	if err != nil {
		f.Values["password"] = "" // never echo a password back
		return w.formPage(rw, r, "login", "login.title", d, f, err)
	}
	w.setSession(rw, secret)
	http.Redirect(rw, r, afterSignIn(acc, d.Next), http.StatusSeeOther)
	return nil
}

// confirmData is the view model of an emailed link's confirmation page.
type confirmData struct {
	Token  string
	Action string // where the button posts
	Next   string // where a sign-in lands, when the link says
}

// handleLoginConfirmForm is where the emailed link lands: it checks the
// token without using it and shows a button. It changes nothing and sets no
// cookie, because mail scanners follow links.
func (w *Web) handleLoginConfirmForm(rw http.ResponseWriter, r *http.Request) error {
	tok := tokenParam(r.URL.Query().Get("token"))
	if err := w.svc.CheckLoginLink(r.Context(), tok); err != nil {
		return err
	}
	next := SafeNext(r.URL.Query().Get("next"))
	return w.render(rw, r, http.StatusOK, "confirm", "confirm.title", &confirmData{Token: tok, Action: "/login/confirm", Next: next}, nil)
}

// handleLoginConfirm consumes the token (once) and opens the session.
func (w *Web) handleLoginConfirm(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "confirm", "token", "next")
	if err != nil {
		return err
	}
	secret, acc, err := w.svc.ConfirmLogin(r.Context(), httpx.Actor(r.Context()), tokenParam(f.V("token")))
	if err != nil {
		return err
	}
	w.setSession(rw, secret)
	http.Redirect(rw, r, afterSignIn(acc, SafeNext(f.V("next"))), http.StatusSeeOther)
	return nil
}

// handleLogout ends this browser's session.
func (w *Web) handleLogout(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := w.svc.Logout(r.Context(), a); err != nil {
		return err
	}
	w.clearCookie(rw)
	lang := ""
	if a.SignedIn() {
		lang = a.Account.Lang // keep the language for the page that follows
	}
	http.Redirect(rw, r, withLang("/?ok=signed_out", orDefault(lang, info(r).langQuery)), http.StatusSeeOther)
	return nil
}

// handleLogoutEverywhere ends every session of the account.
func (w *Web) handleLogoutEverywhere(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	if err := w.svc.LogoutEverywhere(r.Context(), a); err != nil {
		return err
	}
	w.clearCookie(rw)
	http.Redirect(rw, r, withLang("/?ok=signed_out_all", a.Account.Lang), http.StatusSeeOther)
	return nil
}

// formPage shows a page again with the form's messages when err is about
// what was typed; other errors go up to the error page.
func (w *Web) formPage(rw http.ResponseWriter, r *http.Request, name, titleKey string, data any, f *form, err error) error {
	if isTooLarge(err) {
		f.Summary = append(f.Summary, w.cat.T(info(r).lang, "err.upload.too_large"))
		return w.render(rw, r, http.StatusRequestEntityTooLarge, name, titleKey, data, f)
	}
	status := w.formFail(f, info(r).lang, err)
	if status == 0 {
		return err
	}
	return w.render(rw, r, status, name, titleKey, data, f)
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
