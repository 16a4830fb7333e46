package web

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// langCookieAge is how long a visitor's language choice is remembered.
const langCookieAge = 365 * 24 * time.Hour

// langCookieName is the cookie remembering the language a visitor without
// an account picked with the switch (the only cookie they can get, and
// only by picking).
func (w *Web) langCookieName() string {
	if w.secure {
		return "__Host-cortege_lang"
	}
	return "cortege_lang"
}

// cookieLang returns the language a visitor picked earlier, "" when none.
func (w *Web) cookieLang(r *http.Request) string {
	if c, err := r.Cookie(w.langCookieName()); err == nil && cortege.ValidLang(c.Value) {
		return c.Value
	}
	return ""
}

// handleLanguagePick is the language switch of every page (a form, so it
// works without JavaScript): a signed-in person's account takes the
// language; a visitor gets a cookie remembering it, set only here. Either
// way the person comes back to the page they were on, without ?lang=.
func (w *Web) handleLanguagePick(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "lang", "lang", "next")
	if err == nil {
		err = cortege.CheckLang("lang", f.V("lang"))
	}
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	if a.SignedIn() {
		if err := w.svc.SetLanguage(r.Context(), a, f.V("lang")); err != nil {
			return err
		}
	} else {
		http.SetCookie(rw, &http.Cookie{
			Name: w.langCookieName(), Value: f.V("lang"), Path: "/",
			MaxAge: int(langCookieAge / time.Second), HttpOnly: true, Secure: w.secure,
			SameSite: http.SameSiteLaxMode,
		})
	}
	http.Redirect(rw, r, orDefault(SafeNext(f.V("next")), "/"), http.StatusSeeOther)
	return nil
}
