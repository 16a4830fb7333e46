package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// petitionLatest is how many public signatures the petition's page shows;
// petitionSignaturesPage how many each page of /petitions/{id}/signatures.
const (
	petitionLatest         = 10
	petitionSignaturesPage = 50
)

// petitionPageData is the view model of a petition's page. Everything
// comes from the service's PetitionView, already limited to what the
// viewer may see.
type petitionPageData struct {
	V          *service.PetitionView
	P          *cortege.Petition
	Path       string // /petitions/ID
	Text       template.HTML
	Answer     template.HTML
	Creator    *cortege.Profile
	Groups     []*cortege.Group // the accepted co-signing groups the viewer may see
	Counter    petitionCounter
	Signatures []cortege.PublicSignature
	More       string // the next page of public signatures, "" when none
	Signable   bool
	EndsAt     string // in the instance's zone, "" when none
	Closed     string // when it was closed, "" when not
	Picture    string
	Share      petitionShare
	JSONLD     *petitionJSONLD // public, published petitions only
	Sign       *signForm       // nil when the petition takes no signatures
	// Gatherings are the upcoming events linked to the petition (by date:
	// the page is the same for every visitor), Updates its latest news.
	Gatherings *gatheringsSection
	Updates    *updatesSection
	lang       string
	loc        *time.Location
}

// At writes an instant in the instance's zone.
func (d *petitionPageData) At(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if d.lang == "fr" {
		return t.In(d.loc).Format("02/01/2006")
	}
	return t.In(d.loc).Format("2006-01-02")
}

// petitionCounter is the counter as pages show it: online and paper apart,
// their total, the goal and how far along it is. Percent feeds the bar
// (at most 100); Reached is the true share, which may pass 100.
type petitionCounter struct {
	Online, Paper, Total, Goal int
	Percent, Reached           int
}

func counterOf(p *cortege.Petition, c cortege.SignatureCounts) petitionCounter {
	out := petitionCounter{Online: c.Online, Paper: c.Paper, Total: c.Total(), Goal: p.Goal}
	if p.Goal > 0 {
		out.Reached = int(int64(out.Total) * 100 / int64(p.Goal))
	}
	out.Percent = min(out.Reached, 100)
	return out
}

// petitionShare is the share block: the plain address to copy, a mail
// with it, the Mastodon step and the widget to embed.
type petitionShare struct {
	URL       string
	Mail      string // a mailto: URL
	Mastodon  string // our route asking for the visitor's instance
	WidgetURL string
	Embed     string // the <iframe> snippet, as text
}

// handlePetition shows a petition's page: its text, counter, latest
// public signatures, the share block and, while it takes signatures, the
// signing form.
func (w *Web) handlePetition(rw http.ResponseWriter, r *http.Request) error {
	d, err := w.petitionPage(r)
	if err != nil {
		return err
	}
	return w.renderPetition(rw, r, http.StatusOK, d, nil)
}

// petitionPage gathers a petition's page for the request's actor.
func (w *Web) petitionPage(r *http.Request) (*petitionPageData, error) {
	d, err := w.petitionSignable(r)
	if err != nil {
		return nil, err
	}
	return d, w.petitionRest(r, d)
}

// petitionSignable reads what signing needs: the petition, its
// co-signing groups (named in a consent's wording) and the form. A
// signature sent without mistakes reads nothing more (petitionRest is for
// the page).
func (w *Web) petitionSignable(r *http.Request) (*petitionPageData, error) {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	v, err := w.svc.Petition(ctx, a, r.PathValue("id"))
	if err != nil {
		return nil, err
	}
	p := v.Petition
	d := &petitionPageData{V: v, P: p, Path: "/petitions/" + p.ID, lang: info(r).lang, Counter: counterOf(p, v.Counts)}
	for _, o := range v.Organisers {
		if o.Status != cortege.OrganiserAccepted {
			continue
		}
		g, err := w.svc.GroupByID(ctx, a, o.GroupID)
		if cortege.IsNotFound(err) || cortege.ErrorCode(err) == cortege.EFORBIDDEN {
			continue // a group the viewer may not see
		} else if err != nil {
			return nil, err
		}
		d.Groups = append(d.Groups, g)
	}
	if d.Signable = v.State == cortege.PetitionPublished; d.Signable {
		d.Sign = w.newSignForm(r, d)
	}
	return d, nil
}

// petitionRest completes the page: texts, dates, author, the latest
// public signatures, the share block and the JSON-LD.
func (w *Web) petitionRest(r *http.Request, d *petitionPageData) error {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	p := d.P
	d.Text, d.Answer = markdown.HTML(p.Text), markdown.HTML(p.Answer)
	var err error
	if d.loc, err = w.instanceZone(r); err != nil {
		return err
	}
	d.EndsAt, d.Closed = d.At(p.EndsAt), d.At(p.ClosedAt)
	if d.V.State == cortege.PetitionClosed && d.Closed == "" {
		d.Closed = d.EndsAt // past its end date, before the sweep writes it
	}
	if p.Picture != "" {
		d.Picture = "/uploads/" + url.PathEscape(p.Picture)
	}
	names, err := w.svc.ProfileNames(ctx, a, []string{p.CreatedBy})
	if err != nil {
		return err
	}
	d.Creator = names[p.CreatedBy]
	sigs, next, err := w.svc.PublicSignatures(ctx, a, p.ID, "", petitionLatest)
	if err != nil {
		return err
	}
	d.Signatures = sigs
	if next != "" {
		d.More = d.Path + "/signatures?before=" + url.QueryEscape(next)
	}
	d.Share = w.petitionShareOf(d.lang, p)
	if p.State != cortege.PetitionDraft {
		d.JSONLD = w.petitionJSONLDOf(d)
	}
	if d.Gatherings, err = w.petitionGatheringsSection(r, p.ID, "", "", petitionLatest); err != nil {
		return err
	}
	d.Updates, err = w.petitionUpdatesSection(r, d.V, "", petitionLatest)
	return err
}

// instanceZone is the instance's default time zone (dates of petitions,
// which have none of their own).
func (w *Web) instanceZone(r *http.Request) (*time.Location, error) {
	set, err := w.svc.EventSettings(r.Context())
	if err != nil {
		return nil, err
	}
	loc, err := cortege.LoadLocation(set.DefaultTZ)
	if err != nil {
		loc = time.UTC
	}
	return loc, nil
}

// petitionShareOf builds the share block's links.
func (w *Web) petitionShareOf(lang string, p *cortege.Petition) petitionShare {
	s := petitionShare{URL: w.abs("/petitions/" + p.ID), Mastodon: "/petitions/" + p.ID + "/share/mastodon",
		WidgetURL: w.abs("/petitions/" + p.ID + "/widget")}
	subject := w.cat.T(lang, "petition.share.mail_subject", p.Title)
	body := w.cat.T(lang, "petition.share.mail_body", p.Title, s.URL)
	s.Mail = "mailto:?subject=" + mailtoEscape(subject) + "&body=" + mailtoEscape(body)
	s.Embed = `<iframe src="` + template.HTMLEscapeString(s.WidgetURL) + `" title="` + template.HTMLEscapeString(p.Title) +
		`" width="320" height="250" loading="lazy"></iframe>`
	return s
}

// mailtoEscape encodes a mailto: header value (RFC 6068): spaces as %20,
// never +.
func mailtoEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// renderPetition writes the petition's page, titled by the petition.
func (w *Web) renderPetition(rw http.ResponseWriter, r *http.Request, status int, d *petitionPageData, f *form) error {
	p, err := w.newPage(r, "petition.page.title", d)
	if err != nil {
		return err
	}
	p.Form = f
	p.Title = d.P.Title
	w.petitionMeta(p, d)
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	if d.P.State != cortege.PetitionDraft {
		rw.Header().Set("Content-Security-Policy", petitionShareCSP) // the share block's Mastodon form
	}
	return w.write(rw, status, "petition_show", p)
}

// petitionMeta previews a petition as an anonymous visitor sees it: its
// title, addressee and first lines, its picture. A draft gets the
// instance's preview and is not indexed.
func (w *Web) petitionMeta(p *page, d *petitionPageData) {
	m := p.Meta
	pt := d.P
	if pt.State == cortege.PetitionDraft {
		m.closed(p)
		return
	}
	m.Type = "article"
	m.URL = w.abs(d.Path)
	m.Title = pt.Title
	m.Description = describe(w.cat.T(p.Lang, "petition.meta.to", pt.Addressee), pt.Text)
	if !pt.PublishedAt.IsZero() {
		m.Props = append(m.Props, metaProp{"article:published_time", pt.PublishedAt.UTC().Format(time.RFC3339)})
	}
	for _, t := range pt.Tags {
		m.Props = append(m.Props, metaProp{"article:tag", t})
	}
	if pt.Picture != "" {
		m.Image = w.variantImage(pt.Picture, service.VariantCard, w.cat.T(p.Lang, "petition.meta.image", pt.Title))
	}
}

// petitionJSONLD is schema.org's description of a petition page: a
// CreativeWork (schema.org has no Petition type) with its signatures as
// an interaction count.
type petitionJSONLD struct {
	Context     string                `json:"@context"`
	Type        string                `json:"@type"`
	Name        string                `json:"name"`
	Description string                `json:"description,omitempty"`
	URL         string                `json:"url"`
	Image       []string              `json:"image,omitempty"`
	Keywords    string                `json:"keywords,omitempty"`
	InLanguage  string                `json:"inLanguage,omitempty"`
	Published   string                `json:"datePublished,omitempty"`
	Expires     string                `json:"expires,omitempty"`
	Author      []service.JSONLDThing `json:"author,omitempty"`
	Audience    *petitionAudience     `json:"audience,omitempty"`
	Counter     petitionInteraction   `json:"interactionStatistic"`
}

// petitionAudience names the addressee.
type petitionAudience struct {
	Type string `json:"@type"`
	Name string `json:"audienceType"`
}

// petitionInteraction is the count of confirmed signatures.
type petitionInteraction struct {
	Type            string `json:"@type"`
	InteractionType string `json:"interactionType"`
	Count           int    `json:"userInteractionCount"`
}

func (w *Web) petitionJSONLDOf(d *petitionPageData) *petitionJSONLD {
	p := d.P
	j := &petitionJSONLD{Context: "https://schema.org", Type: "CreativeWork", Name: p.Title, URL: w.abs(d.Path),
		Description: markdown.Plain(p.Text, 300), Keywords: strings.Join(p.Tags, ", "), InLanguage: p.Lang,
		Audience: &petitionAudience{Type: "Audience", Name: p.Addressee},
		Counter:  petitionInteraction{Type: "InteractionCounter", InteractionType: "https://schema.org/AgreeAction", Count: d.Counter.Total}}
	if !p.PublishedAt.IsZero() {
		j.Published = p.PublishedAt.UTC().Format(time.RFC3339)
	}
	if !p.EndsAt.IsZero() {
		j.Expires = p.EndsAt.UTC().Format(time.RFC3339)
	}
	if p.Picture != "" {
		j.Image = []string{w.abs("/uploads/" + url.PathEscape(p.Picture))}
	}
	if c := d.Creator; c != nil && !c.Deleted && !c.Suspended {
		j.Author = append(j.Author, service.JSONLDThing{Type: "Person", Name: c.DisplayName, URL: w.abs("/@" + c.Handle)})
	}
	for _, g := range d.Groups {
		j.Author = append(j.Author, service.JSONLDThing{Type: "Organization", Name: g.Name, URL: w.abs("/@" + g.Handle)})
	}
	return j
}

// petitionSignaturesData is a page of a petition's public signatures.
type petitionSignaturesData struct {
	P          *cortege.Petition
	Path       string
	Signatures []cortege.PublicSignature
	More       string
	First      bool // no cursor: the newest
	loc        *time.Location
	lang       string
}

// At writes a signature's date.
func (d *petitionSignaturesData) At(t time.Time) string {
	return (&petitionPageData{loc: d.loc, lang: d.lang}).At(t)
}

// handlePetitionSignatures lists a petition's public signatures (a name
// shown or a comment), newest first, a page at a time (?before=cursor).
func (w *Web) handlePetitionSignatures(rw http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := httpx.Actor(ctx)
	v, err := w.svc.Petition(ctx, a, r.PathValue("id"))
	if err != nil {
		return err
	}
	before := truncate(r.URL.Query().Get("before"), 200)
	sigs, next, err := w.svc.PublicSignatures(ctx, a, v.Petition.ID, before, petitionSignaturesPage)
	if err != nil {
		return err
	}
	d := &petitionSignaturesData{P: v.Petition, Path: "/petitions/" + v.Petition.ID, Signatures: sigs, First: before == "", lang: info(r).lang}
	if d.loc, err = w.instanceZone(r); err != nil {
		return err
	}
	if next != "" {
		d.More = d.Path + "/signatures?before=" + url.QueryEscape(next)
	}
	p, err := w.newPage(r, "petition.signatures.title", d)
	if err != nil {
		return err
	}
	p.Title = w.cat.T(p.Lang, "petition.signatures.title_of", v.Petition.Title)
	if v.Petition.State == cortege.PetitionDraft {
		p.Meta.closed(p)
	} else {
		p.Meta.URL = w.abs(d.Path + "/signatures")
	}
	return w.write(rw, http.StatusOK, "petition_signatures", p)
}
