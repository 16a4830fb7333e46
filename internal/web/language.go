package web

import (
	"net/http"
	"sync"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// langMemo remembers the language i18n.Match picked for each
// Accept-Language value seen: browsers send few distinct ones, and
// parsing one costs more than serving a page from the cache. It holds at
// most maxLangMemo values and starts afresh when full, so odd headers
// cannot make it grow.
type langMemo struct {
	mu sync.RWMutex
	m  map[string]string
}

const maxLangMemo = 1024

// match is i18n.Match, remembered.
func (l *langMemo) match(header string) string {
	l.mu.RLock()
	lang, ok := l.m[header]
	l.mu.RUnlock()
	if ok {
		return lang
	}
	lang = i18n.Match(header)
	if len(header) > 256 {
		return lang
	}
	l.mu.Lock()
	if l.m == nil || len(l.m) >= maxLangMemo {
		l.m = make(map[string]string, 64)
	}
	l.m[header] = lang
	l.mu.Unlock()
	return lang
}

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
