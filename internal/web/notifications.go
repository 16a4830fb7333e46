package web

import (
	"net/http"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
)

// unsubscribeData is the view model of a one-click unsubscribe link's page.
type unsubscribeData struct {
	Token string
	Kind  string
	Done  bool
}

// tokenGone shows an unusable emailed link as "expired or already used"
// (410), whatever the service said about its shape.
func tokenGone(err error) error {
	if e := cortege.ErrorOf(err); e != nil && e.Field == "token" {
		return cortege.Errorf(cortege.ENOTFOUND, "err.token.invalid")
	}
	return err
}

// handleNotifyUnsubscribeForm shows what the link would stop and a button; it
// changes nothing (mail scanners follow links).
func (w *Web) handleNotifyUnsubscribeForm(rw http.ResponseWriter, r *http.Request) error {
	tok := tokenParam(r.URL.Query().Get("token"))
	kind, err := w.svc.CheckUnsubscribe(r.Context(), tok)
	if err != nil {
		return tokenGone(err)
	}
	return w.render(rw, r, http.StatusOK, "notifications_unsubscribe", "notify.unsub.title", &unsubscribeData{Token: tok, Kind: kind}, nil)
}

// handleNotifyUnsubscribe turns off the emails of the link's kind: the page's
// button, and the RFC 8058 one-click POST a mail client sends to the
// List-Unsubscribe address (token in the query, body
// "List-Unsubscribe=One-Click").
func (w *Web) handleNotifyUnsubscribe(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "unsubscribe", "token", "List-Unsubscribe")
	if err != nil {
		return err
	}
	tok := tokenParam(orDefault(f.V("token"), r.URL.Query().Get("token")))
	kind, err := w.svc.Unsubscribe(r.Context(), tok)
	if err != nil {
		return tokenGone(err)
	}
	return w.render(rw, r, http.StatusOK, "notifications_unsubscribe", "notify.unsub.done", &unsubscribeData{Kind: kind, Done: true}, nil)
}

// notificationsData is the view model of the notification settings.
type notificationsData struct {
	Kinds  []string
	Prefs  cortege.NotificationPrefs
	Digest bool
}

func (w *Web) notificationsData(r *http.Request) (*notificationsData, error) {
	a := httpx.Actor(r.Context())
	prefs, err := w.svc.NotificationPrefs(r.Context(), a)
	if err != nil {
		return nil, err
	}
	digest, err := w.svc.EventDigest(r.Context(), a)
	if err != nil {
		return nil, err
	}
	return &notificationsData{Kinds: cortege.NotificationKinds, Prefs: prefs, Digest: digest}, nil
}

// handleNotifications shows, per kind of notification, whether it comes by
// email, and the daily digest of event activity.
func (w *Web) handleNotifications(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.notificationsData(r)
	if err != nil {
		return err
	}
	return w.render(rw, r, http.StatusOK, "notifications", "notify.settings.title", d, nil)
}

// handleNotificationsSave saves every preference of the form at once: a
// kind ticked is sent by email, a kind left unticked is not.
func (w *Web) handleNotificationsSave(rw http.ResponseWriter, r *http.Request) error {
	fields := append([]string{"digest"}, cortege.NotificationKinds...)
	f, err := parseForm(rw, r, "notifications", fields...)
	a := httpx.Actor(r.Context())
	if err == nil {
		for _, k := range cortege.NotificationKinds {
			if err = w.svc.SetNotificationPref(r.Context(), a, k, f.V(k) == "1"); err != nil {
				break
			}
		}
	}
	if err == nil {
		err = w.svc.SetEventDigest(r.Context(), a, f.V("digest") == "1")
	}
	if err != nil {
		d, lerr := w.notificationsData(r)
		if lerr != nil {
			return lerr
		}
		return w.formPage(rw, r, "notifications", "notify.settings.title", d, f, err)
	}
	return w.redirect(rw, r, "/settings/notifications?ok=notifications")
}
