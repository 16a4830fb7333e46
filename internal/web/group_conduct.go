package web

import (
	"net/http"

	"codeberg.org/cortege/cortege/internal/httpx"
)

// handleGroupConductSave saves the group's code of conduct (settings page,
// administrators): the text in Markdown and whether the group's events
// require its acceptance.
func (w *Web) handleGroupConductSave(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.groupSettingsData(r)
	if err != nil {
		return err
	}
	f, err := parseForm(rw, r, "conduct", "conduct", "conduct_required")
	err = checkText(f, err)
	if err == nil {
		_, err = w.svc.SetGroupConduct(r.Context(), httpx.Actor(r.Context()), d.Group.ID, f.V("conduct"), f.V("conduct_required") != "")
	}
	if err != nil {
		return w.formPageG(rw, r, "group_settings", "group.settings.title", d, f, err)
	}
	return w.redirect(rw, r, d.Path()+"/settings?ok=group_saved#gs-conduct")
}
