package web

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// eventAdminData is the view model of the instance's event settings.
type eventAdminData struct {
	Zones []string
}

// handleEventAdmin shows the instance's event settings: creation without
// an account, default time zone, licence of participants' photos.
func (w *Web) handleEventAdmin(rw http.ResponseWriter, r *http.Request) error {
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return err
	}
	anon := ""
	if set.AnonymousCreation {
		anon = "1"
	}
	f := &form{Name: "events", Values: map[string]string{"anonymous": anon, "default_tz": set.DefaultTZ, "photo_licence": set.PhotoLicence}}
	return w.render(rw, r, http.StatusOK, "event_admin", "event.admin.title", &eventAdminData{Zones: zonesWith(set.DefaultTZ)}, f)
}

// handleEventAdminSave saves the event settings.
func (w *Web) handleEventAdminSave(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseTextForm(rw, r, "events", "anonymous", "default_tz", "photo_licence")
	if err == nil {
		err = w.svc.SetEventSettings(r.Context(), httpx.Actor(r.Context()), service.EventSettings{
			AnonymousCreation: f.V("anonymous") != "", DefaultTZ: f.V("default_tz"), PhotoLicence: f.V("photo_licence")})
	}
	if err != nil {
		return w.formPage(rw, r, "event_admin", "event.admin.title", &eventAdminData{Zones: zonesWith(f.V("default_tz"))}, f, err)
	}
	return w.redirect(rw, r, "/admin/events?ok=event_saved")
}
