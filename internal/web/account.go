package web

import (
	"encoding/json"
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// settingsData is the view model of the settings page.
type settingsData struct {
	Email       string
	HasPassword bool
	// Tokens counts the account's API tokens, which "sign out everywhere"
	// revokes too (the page says so).
	Tokens int
}

func settingsOf(r *http.Request) *settingsData {
	acc := httpx.Actor(r.Context()).Account
	return &settingsData{Email: acc.Email, HasPassword: acc.PasswordHash != ""}
}

// handleSettings shows the account's settings: language, password, address,
// export, sessions and deletion.
func (w *Web) handleSettings(rw http.ResponseWriter, r *http.Request) error {
	d := settingsOf(r)
	ts, err := w.svc.APITokens(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	d.Tokens = len(ts)
	return w.render(rw, r, http.StatusOK, "settings", "settings.title", d, nil)
}

// handleLanguageSet saves the account's interface language; the language
// switch of every page posts here with "next" to come back.
func (w *Web) handleLanguageSet(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "lang", "lang", "next")
	if err == nil {
		err = w.svc.SetLanguage(r.Context(), httpx.Actor(r.Context()), f.V("lang"))
	}
	if err != nil {
		return w.formPage(rw, r, "settings", "settings.title", settingsOf(r), f, err)
	}
	if next := SafeNext(f.V("next")); next != "" {
		return w.redirect(rw, r, next)
	}
	return w.redirect(rw, r, "/settings?ok=lang")
}

// handlePasswordSet sets, changes or (with remove=1) removes the password.
func (w *Web) handlePasswordSet(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "password", "password", "remove")
	pw := f.V("password")
	if f.V("remove") != "" {
		pw = ""
	} else if err == nil && pw == "" {
		err = invalid("password", "err.password.required")
	}
	if err == nil {
		err = w.svc.SetPassword(r.Context(), httpx.Actor(r.Context()), pw)
	}
	f.Values["password"] = ""
	if err != nil {
		return w.formPage(rw, r, "settings", "settings.title", settingsOf(r), f, err)
	}
	if pw == "" {
		return w.redirect(rw, r, "/settings?ok=password_removed")
	}
	return w.redirect(rw, r, "/settings?ok=password")
}

// handleEmailChange mails a confirmation link to the new address.
func (w *Web) handleEmailChange(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "email", "email")
	if err == nil {
		err = w.svc.RequestEmailChange(r.Context(), httpx.Actor(r.Context()), f.V("email"))
	}
	if err != nil {
		return w.formPage(rw, r, "settings", "settings.title", settingsOf(r), f, err)
	}
	return w.redirect(rw, r, "/settings?ok=email_sent")
}

// handleEmailConfirmForm is where the link mailed to a new address lands:
// it only shows a button.
func (w *Web) handleEmailConfirmForm(rw http.ResponseWriter, r *http.Request) error {
	tok := tokenParam(r.URL.Query().Get("token"))
	if err := w.svc.CheckEmailChangeLink(r.Context(), tok); err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "confirm", "confirm.email.title", &confirmData{Token: tok, Action: "/settings/email/confirm"}, nil)
}

// handleEmailConfirm consumes the link and moves the account to the new
// address.
func (w *Web) handleEmailConfirm(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "confirm", "token")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if _, err := w.svc.ConfirmEmailChange(r.Context(), a, tokenParam(f.V("token"))); err != nil {
		return err
	}
	if a.SignedIn() {
		return w.redirect(rw, r, "/settings?ok=email")
	}
	return w.render(rw, r, http.StatusOK, "done", "confirm.email.done", "confirm.email.done_text", nil)
}

// handleExport downloads everything kept about the account as JSON.
func (w *Web) handleExport(rw http.ResponseWriter, r *http.Request) error {
	ex, err := w.svc.ExportAccountData(r.Context(), httpx.Actor(r.Context()))
	if err != nil {
		return err
	}
	b, err := json.MarshalIndent(ex, "", "  ")
	if err != nil {
		return err
	}
	h := rw.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="cortege-export.json"`)
	h.Set("Cache-Control", "private, no-store")
	_, err = rw.Write(append(b, '\n'))
	return err
}

// handleAccountDeleteForm explains what deletion erases and asks to confirm.
func (w *Web) handleAccountDeleteForm(rw http.ResponseWriter, r *http.Request) error {
	return w.render(rw, r, http.StatusOK, "account_delete", "delete.title", nil, nil)
}

// handleAccountDelete erases the account once the box is ticked.
func (w *Web) handleAccountDelete(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "delete", "confirm")
	if err == nil && f.V("confirm") != "yes" {
		err = invalid("confirm", "err.confirm.required")
	}
	a := httpx.Actor(r.Context())
	if err == nil {
		err = w.svc.DeleteAccount(r.Context(), a)
	}
	if err != nil {
		return w.formPage(rw, r, "account_delete", "delete.title", nil, f, err)
	}
	w.clearCookie(rw)
	http.Redirect(rw, r, withLang("/?ok=account_deleted", a.Account.Lang), http.StatusSeeOther)
	return nil
}
