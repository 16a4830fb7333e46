package web

import (
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/markdown"
	"codeberg.org/cortege/cortege/internal/service"
)

// metaDescriptionLen is how long a preview's description may be, in
// characters: what Signal, WhatsApp and Mastodon show of it, and about
// what search engines keep.
const metaDescriptionLen = 200

// meta is what a page tells link previews (Open Graph, Twitter cards) and
// search engines. It is built here, in one place for every page, from what
// an anonymous visitor of the page sees (a preview is fetched without
// cookies, so it never says more), and written by templates/_meta.html.
type meta struct {
	Title       string // "" until write() gives it the page's title
	Description string // plain text, at most metaDescriptionLen characters
	Type        string // og:type: website, article, profile
	URL         string // canonical, absolute, never with a token
	Image       metaImage
	SiteName    string
	Locale      string // og:locale ("fr_FR"), then the other language
	LocaleAlt   string
	NoIndex     bool       // unlisted or not public: robots asked not to index
	Props       []metaProp // more Open Graph properties
}

// metaImage is the picture of a preview, at an absolute URL, of the size
// declared (the variants are drawn to it exactly).
type metaImage struct {
	URL, Type, Alt string
	Width, Height  int
}

// metaProp is one more Open Graph property (article:published_time…).
type metaProp struct{ Property, Content string }

// Card is the Twitter card kind: a large picture for a 1.91:1 card, a
// summary beside a square one (avatars), as Mastodon does for profiles.
func (m *meta) Card() string {
	if m.Image.Width > 0 && m.Image.Width == m.Image.Height {
		return "summary"
	}
	return "summary_large_image"
}

// ogLocale is a page language as Open Graph writes it.
func ogLocale(lang string) string {
	if lang == "en" {
		return "en_GB"
	}
	return "fr_FR"
}

// closed makes m the preview of a page anonymous visitors cannot open:
// the instance's alone, so that nothing of it is told even if the page's
// HTML is pasted or cached somewhere, and not indexed.
func (m *meta) closed(p *page) {
	m.Title, m.NoIndex = p.Instance.Name, true
}

// abs is an absolute URL of this instance.
func (w *Web) abs(path string) string { return w.baseURL + path }

// baseMeta is the preview of any page: the instance's name, tagline and
// card, at the page's address without its query (which may hold a token).
func (w *Web) baseMeta(r *http.Request, p *page) *meta {
	m := &meta{Type: "website", URL: w.abs(r.URL.EscapedPath()), SiteName: p.Instance.Name,
		Locale: ogLocale(p.Lang), LocaleAlt: ogLocale(p.Other())}
	m.Description = clipWords(strings.Join(strings.Fields(p.Instance.Description), " "), metaDescriptionLen)
	if m.Description == "" {
		m.Description = w.cat.T(p.Lang, "home.tagline")
	}
	if r.URL.Path == "/" {
		m.Title = p.Instance.Name
	}
	cw, ch := service.VariantCard.Size() // the instance card's size too
	m.Image = metaImage{URL: w.abs(instanceCardPath(w.svc.InstanceCardKey(p.Instance))), Type: "image/png",
		Width: cw, Height: ch, Alt: w.cat.T(p.Lang, "meta.image.instance", p.Instance.Name)}
	return m
}

// variantImage is the preview picture of an upload: its card, or its
// square for avatars.
func (w *Web) variantImage(upload string, v service.Variant, alt string) metaImage {
	wd, ht := v.Size()
	return metaImage{URL: w.abs("/uploads/" + string(v) + "/" + service.VariantName(upload)), Type: "image/jpeg", Width: wd, Height: ht, Alt: alt}
}

// eventMeta previews an event as an anonymous visitor sees it: title
// (saying when it is cancelled), date and time in its zone, the place
// (only the commune when the address is reserved to participants), its
// picture. An event anonymous visitors cannot open gets the instance's
// preview and is not indexed.
func (w *Web) eventMeta(p *page, v *service.EventView) {
	m := p.Meta
	anon := cortege.EventViewer{}
	if !v.Event.VisibleTo(anon) {
		m.closed(p)
		return
	}
	e := v.Event.Redacted(anon)
	m.URL = v.URL
	m.NoIndex = e.Visibility != cortege.VisibilityPublic
	m.Title = e.Title
	var head []string
	if e.Cancelled() {
		m.Title = w.cat.T(p.Lang, "meta.event.cancelled_title", e.Title)
		head = append(head, w.cat.T(p.Lang, "meta.event.cancelled"))
	}
	head = append(head, service.FormatWhen(p.Lang, e))
	// v.Event is the viewer's copy: what exists, even where e hides it.
	if v.Event.Physical() || v.PlaceHidden {
		switch {
		case e.Place != "" || e.PlaceArea != "":
			head = append(head, strings.Trim(strings.TrimSpace(e.Place+", "+e.PlaceArea), ", "))
		case e.HidePlace && (v.Event.Place != "" || v.PlaceHidden):
			head = append(head, w.cat.T(p.Lang, "meta.event.place_hidden"))
		case e.PlaceTBA:
			head = append(head, w.cat.T(p.Lang, "meta.event.place_tba"))
		}
	}
	if v.Event.Online() || v.OnlineHidden {
		head = append(head, w.cat.T(p.Lang, "meta.event.online"))
	}
	m.Description = describe(strings.Join(head, " · "), e.Description)
	if e.Picture != "" {
		m.Image = w.variantImage(e.Picture, service.VariantCard, w.cat.T(p.Lang, "meta.image.event", e.Title))
	}
}

// groupMeta previews a group: name, place, description, banner (else
// avatar, else the instance's card).
func (w *Web) groupMeta(p *page, g *cortege.Group) {
	m := p.Meta
	if g.Hidden || !g.Can(cortege.RoleNone, cortege.ActViewGroup) {
		m.closed(p)
		return
	}
	m.URL = w.abs("/@" + g.Handle)
	m.NoIndex = g.Visibility != cortege.VisibilityPublic
	m.Title = g.Name
	m.Description = describe(g.Address, g.Description)
	if m.Description == "" {
		m.Description = w.cat.T(p.Lang, "meta.group.default", g.Name, p.Instance.Name)
	}
	w.groupImage(p, g)
}

// groupImage makes a group's banner, else its avatar, the preview's
// picture.
func (w *Web) groupImage(p *page, g *cortege.Group) {
	alt := w.cat.T(p.Lang, "meta.image.group", g.Name)
	switch {
	case g.Banner != "":
		p.Meta.Image = w.variantImage(g.Banner, service.VariantCard, alt)
	case g.Avatar != "":
		p.Meta.Image = w.variantImage(g.Avatar, service.VariantSquare, alt)
	}
}

// postMeta previews a group's post: an article with its title, group and
// first lines.
func (w *Web) postMeta(p *page, g *cortege.Group, post *cortege.Post) {
	m := p.Meta
	if g.Hidden || !post.VisibleTo(g, cortege.RoleNone) {
		m.closed(p)
		return
	}
	m.Type = "article"
	m.URL = w.abs("/@" + g.Handle + "/posts/" + post.ID)
	m.NoIndex = g.Visibility != cortege.VisibilityPublic
	m.Title = post.Title
	m.Description = describe(g.Name, post.Body)
	if !post.PublishedAt.IsZero() {
		m.Props = append(m.Props, metaProp{"article:published_time", post.PublishedAt.UTC().Format(time.RFC3339)})
	}
	w.groupImage(p, g)
}

// profileMeta previews a public profile: name and handle, bio, avatar.
func (w *Web) profileMeta(p *page, pr *cortege.Profile) {
	m := p.Meta
	if pr.Deleted || pr.Suspended {
		m.closed(p)
		return
	}
	m.Type = "profile"
	m.URL = w.abs("/@" + pr.Handle)
	m.Title = pr.DisplayName + " (@" + pr.Handle + ")"
	m.Description = describe("", pr.Bio)
	if m.Description == "" {
		m.Description = w.cat.T(p.Lang, "meta.profile.default", pr.DisplayName, p.Instance.Name)
	}
	m.Props = append(m.Props, metaProp{"profile:username", pr.Handle})
	if pr.Avatar != "" {
		m.Image = w.variantImage(pr.Avatar, service.VariantSquare, w.cat.T(p.Lang, "meta.image.profile", pr.DisplayName))
	}
}

// describe is a preview's description: head (facts: date, place…) then
// the plain text of the Markdown body, cut at a word.
func describe(head, body string) string {
	text := markdown.Plain(body, 0)
	switch {
	case head == "":
		return clipWords(text, metaDescriptionLen)
	case text == "":
		return clipWords(head, metaDescriptionLen)
	}
	return clipWords(head+" — "+text, metaDescriptionLen)
}

// clipWords cuts s to at most max characters, at the last space before
// the limit (unless that drops most of the text), ending with an ellipsis.
func clipWords(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	rs := []rune(s)
	r := rs[:max-1]
	cut := len(r)
	if !unicode.IsSpace(rs[max-1]) { // else the limit falls right after a word
		for i := len(r) - 1; i > max/2; i-- {
			if unicode.IsSpace(r[i]) {
				cut = i
				break
			}
		}
	}
	return strings.TrimRight(string(r[:cut]), " \t\n,;:·—–-") + "…"
}
