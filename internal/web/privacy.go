package web

import (
	"net/http"
	"time"

	"codeberg.org/cortege/cortege/internal/service"
)

// privacyPath is the instance's privacy page, linked from every page's
// footer and from the petition signing form.
const privacyPath = "/about/privacy"

// aboutPrivacy is what the privacy page states that depends on this
// instance: its retention periods (in the units the page says them in),
// the tile server event maps load from and whether event addresses go
// to an address server. The instance's name and contact come with every
// page (page.Instance).
type aboutPrivacy struct {
	SignerDays      int
	ConfirmDays     int
	UnconfirmedDays int
	RateLimitHours  int
	SentMailDays    int
	FailedMailDays  int
	SessionDays     int
	LangCookieDays  int
	EventCookieDays int
	TileOrigin      string
	Geocoder        bool
}

// days is d in whole days, rounded up so a page never says less than is
// kept.
func days(d time.Duration) int {
	const day = 24 * time.Hour
	return int((d + day - 1) / day)
}

// handleAboutPrivacy states plainly what this instance keeps, who sees
// it and for how long, from the durations the code acts on.
func (w *Web) handleAboutPrivacy(rw http.ResponseWriter, r *http.Request) error {
	k := w.svc.Retention()
	return w.render(rw, r, http.StatusOK, "about_privacy", "privacy.title", &aboutPrivacy{
		SignerDays:      days(k.Signers),
		ConfirmDays:     days(k.ConfirmLink),
		UnconfirmedDays: days(k.Unconfirmed),
		RateLimitHours:  int((k.RateLimits + time.Hour - 1) / time.Hour),
		SentMailDays:    days(k.SentMail),
		FailedMailDays:  days(k.FailedMail),
		SessionDays:     days(k.Session),
		LangCookieDays:  days(langCookieAge),
		EventCookieDays: days(service.EventSessionTTL),
		TileOrigin:      w.tiles.Origin,
		Geocoder:        w.svc.HasGeocoder(),
	}, nil)
}
