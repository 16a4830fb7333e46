package web

import (
	"net/http"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// voteFields are the fields of the form that writes or edits a
// consultation or a vote. "secret" is 1 for a vote, 0 for a consultation;
// the others are named as the service's errors name them.
var voteFields = []string{"title", "description", "secret", "audience", "min_role", "opens_at", "closes_at", "tz", "revote", "lang"}

// voteFormData is the view model of the create and edit pages.
type voteFormData struct {
	Tool  *voteTool // nil when creating
	Group *groupView
	Zones []string
	Roles []string
}

// Action is where the form posts.
func (d *voteFormData) Action() string {
	switch {
	case d.Tool != nil:
		return d.Tool.Path("/edit")
	case d.Group != nil:
		return d.Group.Path() + "/votes/new"
	}
	return "/votes/new"
}

// Back is where "cancel" leads.
func (d *voteFormData) Back() string {
	switch {
	case d.Tool != nil:
		return d.Tool.Path("/manage")
	case d.Group != nil:
		return d.Group.Path() + "/votes"
	}
	return "/votes"
}

// groupOf puts the group's name in the page's title (renderG).
func (d *voteFormData) groupOf() *groupView { return d.Group }

// voteRoles are the roles a members' audience may start from.
var voteRoles = []string{cortege.GroupMember, cortege.GroupModerator, cortege.GroupAdmin}

// voteFormFor prepares the create page of the path's group (/@handle/…)
// or of the instance: refused, as the service would refuse the POST, to
// those who do not administer the group (or the instance).
func (w *Web) voteFormFor(r *http.Request) (*voteFormData, error) {
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return nil, err
	}
	d := &voteFormData{Zones: zonesWith(set.DefaultTZ), Roles: voteRoles}
	if r.PathValue("handle") == "" {
		if !httpx.Actor(r.Context()).IsAdmin() {
			return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.forbidden")
		}
		return d, nil
	}
	g, err := w.loadGroup(r, "votes")
	if err != nil {
		return nil, err
	}
	if g.Role != cortege.GroupAdmin {
		return nil, cortege.Errorf(cortege.EFORBIDDEN, "err.consultation.forbidden")
	}
	d.Group = g
	return d, nil
}

// handleVoteNew shows the form to write a consultation or a vote: a
// draft nobody else sees until it is opened from its management page.
func (w *Web) handleVoteNew(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.voteFormFor(r)
	if err != nil {
		return err
	}
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return err
	}
	f := newForm("vote")
	f.Values = map[string]string{"secret": "1", "audience": cortege.AudienceMembers, "min_role": cortege.GroupMember,
		"tz": orDefault(set.DefaultTZ, "Europe/Paris"), "lang": info(r).lang}
	return w.renderVoteForm(rw, r, http.StatusOK, d, f)
}

func (w *Web) renderVoteForm(rw http.ResponseWriter, r *http.Request, status int, d *voteFormData, f *form) error {
	rw.Header().Set("Cache-Control", "private, no-store")
	title := "vmanage.form.new_title"
	if d.Tool != nil {
		title = "vmanage.form.edit_title"
	}
	return w.renderG(rw, r, status, "vote_manage_form", title, d, f)
}

// handleVoteCreate writes the draft and opens its management page.
func (w *Web) handleVoteCreate(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.voteFormFor(r)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "vote", voteFields...)
	var c *cortege.Consultation
	if err == nil {
		var in service.ConsultationInput
		if in, err = voteInput(f); err == nil {
			if d.Group != nil {
				in.GroupID = d.Group.Group.ID
			}
			c, err = w.svc.CreateConsultation(r.Context(), httpx.Actor(r.Context()), in)
		}
	}
	if err != nil {
		return w.voteFormFail(rw, r, d, f, err)
	}
	return w.redirect(rw, r, "/votes/"+c.ID+"/manage?done=created")
}

// handleVoteEdit shows a draft's settings to its managers.
func (w *Web) handleVoteEdit(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.managedVote(r, "edit")
	if err != nil {
		return err
	}
	if !t.Draft() { // once open, nothing to edit: its page says so
		return w.redirect(rw, r, t.Path("/manage"))
	}
	d := &voteFormData{Tool: t, Zones: zonesWith(t.C().TZ), Roles: voteRoles}
	f := newForm("vote")
	f.Values = voteValues(t.C())
	return w.renderVoteForm(rw, r, http.StatusOK, d, f)
}

// handleVoteUpdate saves a draft's settings.
func (w *Web) handleVoteUpdate(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.managedVote(r, "edit")
	if err != nil {
		return err
	}
	d := &voteFormData{Tool: t, Roles: voteRoles}
	f, err := parseTextForm(rw, r, "vote", voteFields...)
	d.Zones = zonesWith(t.C().TZ, strings.TrimSpace(f.V("tz")))
	if err == nil {
		var in service.ConsultationInput
		if in, err = voteInput(f); err == nil {
			_, err = w.svc.UpdateConsultation(r.Context(), httpx.Actor(r.Context()), t.C().ID, in)
		}
	}
	if err != nil {
		return w.voteFormFail(rw, r, d, f, err)
	}
	return w.redirect(rw, r, t.Path("/manage?done=saved"))
}

// voteFormFail shows the form again with the message at its field, or
// answers an error that is not about what was typed.
func (w *Web) voteFormFail(rw http.ResponseWriter, r *http.Request, d *voteFormData, f *form, err error) error {
	if isTooLarge(err) {
		f.Summary = append(f.Summary, w.cat.T(info(r).lang, "err.upload.too_large"))
		return w.renderVoteForm(rw, r, http.StatusRequestEntityTooLarge, d, f)
	}
	status := w.formFail(f, info(r).lang, err)
	if status == 0 {
		return err
	}
	if tz := strings.TrimSpace(f.V("tz")); tz != "" {
		d.Zones = zonesWith(append([]string{tz}, d.Zones...)...)
	}
	return w.renderVoteForm(rw, r, status, d, f)
}

// voteInput turns the form into the service's input, refusing here only
// what the service cannot see: a date that does not parse.
func voteInput(f *form) (service.ConsultationInput, error) {
	in := service.ConsultationInput{Title: f.V("title"), Description: f.V("description"), Secret: f.V("secret") != "0",
		TZ: strings.TrimSpace(f.V("tz")), Revote: f.V("revote") == "1", Audience: f.V("audience"), MinRole: f.V("min_role"),
		Lang: f.V("lang")}
	if in.Lang != "" && !cortege.ValidLang(in.Lang) {
		return in, invalid("lang", "err.lang.invalid")
	}
	for _, x := range []struct {
		field, missing string
		to             *cortege.Wall
	}{{"opens_at", "err.consultation.opens_at.required", &in.Opens}, {"closes_at", "err.consultation.closes_at.required", &in.Closes}} {
		wall, ok, err := parseWall(x.field, f.V(x.field))
		if err != nil {
			return in, err
		}
		if !ok {
			return in, invalid(x.field, x.missing)
		}
		*x.to = wall
	}
	return in, nil
}

// voteValues are a consultation's settings as the form shows them, in
// its own time zone.
func voteValues(c *cortege.Consultation) map[string]string {
	loc := c.Location()
	v := map[string]string{"title": c.Title, "description": c.Description, "secret": "0", "audience": c.Audience,
		"min_role": c.MinRole, "opens_at": localValue(c.OpensAt, loc), "closes_at": localValue(c.ClosesAt, loc),
		"tz": c.TZ, "lang": c.Lang}
	if c.Secret {
		v["secret"] = "1"
	}
	if c.Revote {
		v["revote"] = "1"
	}
	return v
}
