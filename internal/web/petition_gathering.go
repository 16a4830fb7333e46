package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// registerPetitionLinks adds the pages of a petition's gatherings and
// updates (issue 13, items 5 and 6) and the event side of the links.
func (w *Web) registerPetitionLinks(mux router) {
	mux.HandleFunc("GET /petitions/{id}/gatherings", w.wrap(anyone, w.handlePetitionGatherings))
	mux.HandleFunc("POST /petitions/{id}/gatherings/join", w.wrap(anyone, w.handlePetitionGatheringJoin))
	mux.HandleFunc("POST /petitions/{id}/gatherings/link", w.wrap(member, w.handlePetitionGatheringLink))
	mux.HandleFunc("POST /petitions/{id}/gatherings/unlink", w.wrap(member, w.handlePetitionGatheringUnlink))
	mux.HandleFunc("GET /petitions/{id}/updates", w.cached(w.wrap(anyone, w.handlePetitionUpdates)))
	mux.HandleFunc("POST /petitions/{id}/updates", w.wrap(member, w.handlePetitionUpdatePost))
	mux.HandleFunc("GET /petitions/{id}/unsubscribe", w.wrap(anyone, w.handlePetitionUnsubscribeForm))
	mux.HandleFunc("POST /petitions/{id}/unsubscribe", w.wrap(anyone, w.handlePetitionUnsubscribe))
	mux.HandleFunc("POST /events/{id}/petitions", w.wrap(anyone, w.handleEventPetitionLink))
	mux.HandleFunc("POST /events/{id}/petitions/unlink", w.wrap(anyone, w.handleEventPetitionUnlink))
}

// petitionLinkFlashes are the confirmations these pages ask for with
// ?ok=KEY (texts "flash.KEY" in catalog/*/petition_links.json).
var petitionLinkFlashes = []string{"petition_linked", "petition_unlinked", "petition_update_posted", "gathering_linked", "gathering_unlinked"}

func init() {
	for _, k := range petitionLinkFlashes {
		flashes[k] = true
	}
}

// gatheringItem is one line of a gatherings list.
type gatheringItem struct {
	Event    *cortege.Event
	When     string
	Distance string // "2,4 km", "" when unknown
	// Conduct says the registration asks to accept a code of conduct: the
	// join form then carries the box to tick.
	Conduct bool
}

// gatheringsSection is what the "petition_gatherings_section" block
// renders (templates/_petition_gatherings.html), on the gatherings page
// and, through petitionGatheringsSection, on the petition's page:
//   - PetitionID: the petition; Postcode: the postal code typed (the
//     search form's value); From: its commune's label, "" without one;
//   - Items: the gatherings, nearest first (by date without a postal code);
//   - Token: the signer's link token when valid for this petition ("":
//     no join buttons), Signer their first name;
//   - Organiser: the viewer organises the petition (link / unlink forms);
//   - Error: a translated message about the postal code or the token.
type gatheringsSection struct {
	PetitionID string
	Postcode   string
	From       string
	Items      []gatheringItem
	Token      string
	Signer     string
	Organiser  bool
	Error      string
	langQuery  string
}

// Link is path in the page's language (as page.Link).
func (s *gatheringsSection) Link(path string) string { return withLang(path, s.langQuery) }

// gatheringsData is the view model of the gatherings page.
type gatheringsData struct {
	Petition *cortege.Petition
	Section  *gatheringsSection
	// Outcome is the status of the registration just made ("approved",
	// "pending", "waitlisted", "refused"…), Joined the event's title.
	Outcome string
	Joined  *cortege.Event
	// JoinError is why a join failed (translated), JoinEvent the event.
	JoinError string
	JoinEvent string
}

// distanceText writes a distance the way the language does: one decimal
// under 10 km, none above ("2,4 km", "37 km").
func distanceText(lang string, km float64) string {
	prec := 0
	if km < 10 {
		prec = 1
	}
	s := strconv.FormatFloat(km, 'f', prec, 64)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "\u00a0km"
}

// petitionGatheringsSection builds the gatherings block of a petition
// for r: the lead's petition page calls it with the postal code and
// signer's token it knows (both may be ""). A bad postal code or token is
// not an error: the block says so and lists by date without join buttons.
func (w *Web) petitionGatheringsSection(r *http.Request, petitionID, postcode, token string, limit int) (*gatheringsSection, error) {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	lang := info(r).lang
	s := &gatheringsSection{PetitionID: petitionID, Postcode: strings.TrimSpace(postcode), langQuery: info(r).langQuery}
	if token = tokenParam(token); token != "" {
		sg, err := w.svc.SignerByToken(ctx, token)
		switch {
		case err == nil && sg.PetitionID == petitionID:
			s.Token, s.Signer = token, sg.FirstName
			if s.Postcode == "" {
				s.Postcode = sg.Postal
			}
		case err == nil || cortege.ErrorCode(err) == cortege.EINVALID:
			s.Error = w.cat.T(lang, "err.petition_link.signer.invalid")
		default:
			return nil, err
		}
	}
	g, err := w.svc.PetitionGatherings(ctx, a, petitionID, s.Postcode, limit)
	if e := cortege.ErrorOf(err); e != nil && e.Code == cortege.EINVALID {
		s.Error = w.cat.T(lang, e.Message)
		g, err = w.svc.PetitionGatherings(ctx, a, petitionID, "", limit)
	}
	if err != nil {
		return nil, err
	}
	if g.From != nil {
		s.From = g.From.Label
	}
	for _, x := range g.Gatherings {
		it := gatheringItem{Event: x.Event, When: service.FormatWhen(lang, x.Event), Conduct: x.Event.ConductRequired}
		if x.HasDistance {
			it.Distance = distanceText(lang, x.DistanceKM)
		}
		s.Items = append(s.Items, it)
	}
	if a.SignedIn() {
		v, err := w.svc.Petition(ctx, a, petitionID)
		if err != nil {
			return nil, err
		}
		s.Organiser = v.Organiser
	}
	return s, nil
}

// gatheringsPage builds the gatherings page's data.
func (w *Web) gatheringsPage(r *http.Request, id, postcode, token string) (*gatheringsData, error) {
	v, err := w.svc.Petition(r.Context(), httpx.Actor(r.Context()), id)
	if err != nil {
		return nil, err
	}
	s, err := w.petitionGatheringsSection(r, v.Petition.ID, postcode, token, service.DefaultGatherings)
	if err != nil {
		return nil, err
	}
	return &gatheringsData{Petition: v.Petition, Section: s}, nil
}

// renderGatherings writes the gatherings page. It may carry the signer's
// token: never cached, never sent on as a referrer.
func (w *Web) renderGatherings(rw http.ResponseWriter, r *http.Request, status int, d *gatheringsData) error {
	rw.Header().Set("Cache-Control", "private, no-store")
	rw.Header().Set("Referrer-Policy", "no-referrer")
	p, err := w.newPage(r, "petition_links.gatherings.title", d)
	if err != nil {
		return err
	}
	p.Title = w.cat.T(p.Lang, "petition_links.gatherings.title_of", d.Petition.Title)
	return w.write(rw, status, "petition_gatherings", p)
}

// handlePetitionGatherings lists a petition's upcoming gatherings,
// nearest first from ?postcode=; with the signer's ?token= (the link
// after signing and in the update mails) each has a one-click join.
func (w *Web) handlePetitionGatherings(rw http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d, err := w.gatheringsPage(r, r.PathValue("id"), q.Get("postcode"), q.Get("token"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if d.Section.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	return w.renderGatherings(rw, r, status, d)
}

// handlePetitionGatheringJoin registers the signer of the form's token
// for one gathering and shows where the registration stands (registered,
// waiting list, waiting for the organisers' approval), or why it failed.
func (w *Web) handlePetitionGatheringJoin(rw http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(rw, r, "join", "token", "event", "postcode", "accept_conduct")
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	var part *cortege.Participation
	sg, jerr := w.svc.SignerByToken(r.Context(), f.V("token"))
	if jerr == nil && sg.PetitionID != id {
		jerr = cortege.Invalid("token", "err.petition_link.signer.invalid")
	}
	if jerr == nil {
		part, jerr = w.svc.JoinGatheringAsSigner(r.Context(), httpx.Actor(r.Context()), f.V("token"), f.V("event"), f.V("accept_conduct") == "1")
	}
	e := cortege.ErrorOf(jerr)
	if jerr != nil && e == nil {
		return jerr
	}
	d, err := w.gatheringsPage(r, id, f.V("postcode"), f.V("token"))
	if err != nil {
		return err
	}
	if jerr != nil {
		d.JoinError, d.JoinEvent = w.cat.T(info(r).lang, e.Message), f.V("event")
		return w.renderGatherings(rw, r, httpx.Status(e.Code), d)
	}
	d.Outcome = part.Status
	if ev, err := w.svc.ShowEvent(r.Context(), cortege.Anonymous, service.ByID(part.EventID)); err == nil {
		d.Joined = ev.Event
	}
	return w.renderGatherings(rw, r, http.StatusOK, d)
}

// handlePetitionGatheringLink links an event (by its address or ID) to
// the petition: the petition's organisers (the event's link theirs from
// the event's page).
func (w *Web) handlePetitionGatheringLink(rw http.ResponseWriter, r *http.Request) error {
	return w.petitionGatheringLinkPost(rw, r, true)
}

// handlePetitionGatheringUnlink undoes a link from the petition's side.
func (w *Web) handlePetitionGatheringUnlink(rw http.ResponseWriter, r *http.Request) error {
	return w.petitionGatheringLinkPost(rw, r, false)
}

func (w *Web) petitionGatheringLinkPost(rw http.ResponseWriter, r *http.Request, link bool) error {
	f, err := parseForm(rw, r, "gathering_link", "event")
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	a := httpx.Actor(r.Context())
	eventID, ok := cortege.EventIDFromRef(f.V("event"))
	if !ok {
		err = cortege.Invalid("event", "err.petition_link.event.ref")
	} else if link {
		err = w.svc.LinkEvent(r.Context(), a, service.ByID(eventID), id)
	} else {
		err = w.svc.UnlinkEvent(r.Context(), a, service.ByID(eventID), id)
	}
	if cortege.IsNotFound(err) && ok {
		err = cortege.Invalid("event", "err.petition_link.event.not_found")
	}
	if err != nil {
		if w.formFail(f, info(r).lang, err) == 0 {
			return err
		}
		d, lerr := w.gatheringsPage(r, id, "", "")
		if lerr != nil {
			return lerr
		}
		d.Section.Error = strings.Join(f.Summary, " ")
		return w.renderGatherings(rw, r, httpx.Status(cortege.ErrorCode(err)), d)
	}
	key := "gathering_linked"
	if !link {
		key = "gathering_unlinked"
	}
	return w.redirect(rw, r, "/petitions/"+url.PathEscape(id)+"/gatherings?ok="+key)
}

// handleEventPetitionLink links the event to a petition named by its
// address or ID: the event's organisers, signed in or by its management
// link; the form is on the event's page, which shows the error again.
func (w *Web) handleEventPetitionLink(rw http.ResponseWriter, r *http.Request) error {
	return w.eventPetitionPost(rw, r, true)
}

// handleEventPetitionUnlink undoes a link from the event's side.
func (w *Web) handleEventPetitionUnlink(rw http.ResponseWriter, r *http.Request) error {
	return w.eventPetitionPost(rw, r, false)
}

func (w *Web) eventPetitionPost(rw http.ResponseWriter, r *http.Request, link bool) error {
	ref, er := eventRef(r)
	f, err := parseForm(rw, r, "petition_link", "petition")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	pid, ok := cortege.PetitionIDFromRef(f.V("petition"))
	switch {
	case !ok:
		err = cortege.Invalid("petition", "err.petition_link.petition.ref")
	case link:
		err = w.svc.LinkEvent(r.Context(), a, ref, pid)
	default:
		err = w.svc.UnlinkEvent(r.Context(), a, ref, pid)
	}
	if err != nil {
		return w.eventFormPage(rw, r, ref, er, f, err)
	}
	key := "petition_linked"
	if !link {
		key = "petition_unlinked"
	}
	return w.redirect(rw, r, okPath(er.Path(""), key)+"#petitions")
}
