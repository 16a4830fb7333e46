package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// petitionFields are the fields of the petition form.
var petitionFields = []string{
	"title", "text", "addressee", "goal", "scope", "place", "place_insee", "place_choice", "departement",
	"tags", "ends_at", "fundraising_url", "group",
}

// petitionFormData is the view model of the create and edit pages.
type petitionFormData struct {
	Tool   *PetitionTool // nil when creating
	Groups []*cortege.Group
	Scopes []string
}

// Action is where the form posts.
func (d *petitionFormData) Action() string {
	if d.Tool != nil {
		return d.Tool.Path("/edit")
	}
	return "/petitions/new"
}

func (w *Web) petitionFormData(r *http.Request, t *PetitionTool) (*petitionFormData, error) {
	d := &petitionFormData{Tool: t, Scopes: cortege.PetitionScopes}
	if t == nil {
		gs, err := w.svc.AdministeredGroups(r.Context(), httpx.Actor(r.Context()))
		if err != nil {
			return nil, err
		}
		d.Groups = gs
	}
	return d, nil
}

// handlePetitionNew shows the form to write a petition (a draft: nobody
// else sees it until it is published from its management page).
func (w *Web) handlePetitionNew(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.petitionFormData(r, nil)
	if err != nil {
		return err
	}
	f := &form{Name: "petition", Values: map[string]string{"scope": cortege.ScopeNational, "group": r.URL.Query().Get("group")}, Errors: map[string]string{}}
	return w.render(rw, r, http.StatusOK, "petition_edit", "ptools.form.new_title", d, f)
}

// handlePetitionCreate writes the draft and opens its management page.
func (w *Web) handlePetitionCreate(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.petitionFormData(r, nil)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "petition", petitionFields...)
	var p *cortege.Petition
	if err == nil {
		var in service.PetitionInput
		if in, err = w.petitionInput(f); err == nil {
			in.GroupID, in.Lang = strings.TrimSpace(f.V("group")), info(r).lang
			p, err = w.svc.CreatePetition(r.Context(), httpx.Actor(r.Context()), in)
		}
	}
	if err != nil {
		return w.petitionFormFail(rw, r, d, f, err)
	}
	return w.redirect(rw, r, "/petitions/"+p.ID+"/manage?done=created")
}

// handlePetitionEdit shows the edit form to the petition's organisers.
func (w *Web) handlePetitionEdit(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "edit")
	if err != nil {
		return err
	}
	d, err := w.petitionFormData(r, t)
	if err != nil {
		return err
	}
	f := &form{Name: "petition", Values: w.petitionValues(t.P()), Errors: map[string]string{}}
	return w.render(rw, r, http.StatusOK, "petition_edit", "ptools.form.edit_title", d, f)
}

// handlePetitionUpdate saves an edit.
func (w *Web) handlePetitionUpdate(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "edit")
	if err != nil {
		return err
	}
	d, err := w.petitionFormData(r, t)
	if err != nil {
		return err
	}
	f, err := parseTextForm(rw, r, "petition", petitionFields...)
	if err == nil {
		var in service.PetitionInput
		if in, err = w.petitionInput(f); err == nil {
			in.Picture = t.P().Picture
			_, err = w.svc.UpdatePetition(r.Context(), httpx.Actor(r.Context()), t.P().ID, in)
		}
	}
	if err != nil {
		return w.petitionFormFail(rw, r, d, f, err)
	}
	return w.redirect(rw, r, t.Path("/manage?done=saved"))
}

// petitionFormFail shows the form again with the message at its field,
// or answers an error that is not about what was typed.
func (w *Web) petitionFormFail(rw http.ResponseWriter, r *http.Request, d *petitionFormData, f *form, err error) error {
	if e := cortege.ErrorOf(err); e != nil && e.Field == "place" && e.Message == "err.ptools.place.choose" {
		f.Places = w.svc.ResolvePlace(f.V("place"))
	}
	title := "ptools.form.new_title"
	if d.Tool != nil {
		title = "ptools.form.edit_title"
	}
	return w.formPage(rw, r, "petition_edit", title, d, f, err)
}

// petitionInput turns the form into the service's input, refusing here
// only what the service cannot see: a number or a date that does not
// parse, a commune typed that the gazetteer does not settle.
func (w *Web) petitionInput(f *form) (service.PetitionInput, error) {
	in := service.PetitionInput{
		Title: f.V("title"), Text: f.V("text"), Addressee: f.V("addressee"), Scope: f.V("scope"),
		Departement: strings.ToUpper(strings.TrimSpace(f.V("departement"))), Tags: parseTags(f.V("tags")),
		FundraisingURL: f.V("fundraising_url"),
	}
	goal := strings.TrimSpace(strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "", ".", "", ",", "").Replace(f.V("goal")))
	n, err := strconv.Atoi(goal)
	if err != nil {
		return in, invalid("goal", "err.petition.goal.invalid")
	}
	in.Goal = n
	if s := strings.TrimSpace(f.V("ends_at")); s != "" {
		loc, err := cortege.LoadLocation(service.DefaultTZ)
		if err != nil {
			loc = time.UTC
		}
		day, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			return in, invalid("ends_at", "err.ptools.ends_at.invalid")
		}
		in.EndsAt = day.AddDate(0, 0, 1) // the end of that day
	}
	if in.Scope == cortege.ScopeLocal {
		if in.Place, err = w.petitionPlace(f); err != nil {
			return in, err
		}
	}
	return in, nil
}

// petitionPlace reads the commune of a local petition: the one chosen
// among several, the one the form held already (an edit), or the only
// one the typed text means.
func (w *Web) petitionPlace(f *form) (string, error) {
	text := strings.TrimSpace(f.V("place"))
	if text == "" {
		return "", invalid("place", "err.petition.place.required")
	}
	ps := w.svc.ResolvePlace(text)
	for _, want := range []string{f.V("place_choice"), f.V("place_insee")} {
		for _, p := range ps {
			if want != "" && p.INSEE == want {
				return p.INSEE, nil
			}
		}
	}
	switch len(ps) {
	case 0:
		return "", invalid("place", "err.petition.place.unknown")
	case 1:
		return ps[0].INSEE, nil
	}
	return "", invalid("place", "err.ptools.place.choose")
}

// petitionValues fills the edit form from a petition.
func (w *Web) petitionValues(p *cortege.Petition) map[string]string {
	v := map[string]string{
		"title": p.Title, "text": p.Text, "addressee": p.Addressee, "goal": strconv.Itoa(p.Goal), "scope": p.Scope,
		"departement": p.Departement, "tags": strings.Join(p.Tags, ", "), "fundraising_url": p.FundraisingURL,
		"place_insee": p.PlaceINSEE,
	}
	if p.Scope != cortege.ScopeDepartement {
		v["departement"] = ""
	}
	if p.PlaceINSEE != "" {
		v["place"] = p.PlaceINSEE
		for _, pl := range w.svc.ResolvePlace(p.PlaceINSEE) {
			if pl.INSEE == p.PlaceINSEE {
				v["place"] = pl.Text
			}
		}
	}
	if !p.EndsAt.IsZero() {
		loc, err := cortege.LoadLocation(service.DefaultTZ)
		if err != nil {
			loc = time.UTC
		}
		v["ends_at"] = p.EndsAt.In(loc).Add(-time.Second).Format(time.DateOnly)
	}
	return v
}

// myPetitions is the view model of "my petitions".
type myPetitions struct {
	Petitions []*cortege.Petition
	States    map[string]string // ID → state at the time of reading
	Invited   bool              // some group the person administers is invited to co-sign
}

// handleMyPetitions lists the petitions the person organises (created,
// or co-signed by a group they administer), newest first.
func (w *Web) handleMyPetitions(rw http.ResponseWriter, r *http.Request) error {
	a := httpx.Actor(r.Context())
	ps, err := w.svc.MyPetitions(r.Context(), a, 0)
	if err != nil {
		return err
	}
	d := &myPetitions{Petitions: ps, States: map[string]string{}}
	now := w.svc.Now()
	for _, p := range ps {
		d.States[p.ID] = p.StateAt(now)
	}
	invs, err := w.petitionInvitations(r)
	if err != nil {
		return err
	}
	d.Invited = len(invs) > 0
	return w.render(rw, r, http.StatusOK, "petition_mine", "ptools.mine.title", d, nil)
}
