package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/markdown"
)

//go:embed templates/*.html
var templateFS embed.FS

// page is the view model every template receives: the layout's needs plus
// the page's own Data and the form being shown back, if any.
type page struct {
	Lang      string
	LangQuery string // propagated in links for anonymous visitors
	Path      string // this page, for "come back here" fields
	Title     string // translated
	Me        *me    // nil for anonymous visitors
	Instance  cortege.InstanceSettings
	Flash     string // translated confirmation of the last action
	Form      *form
	Data      any
	Assets    *assets
	SourceURL string // the footer's source-code link
	Meta      *meta  // what link previews and search engines read (meta.go)
}

// me is the signed-in person as the layout shows them.
type me struct {
	Account  *cortege.Account
	Profile  *cortege.Profile // acting profile
	Profiles []*cortege.Profile
	IsAdmin  bool
}

// Link returns a local URL, carrying ?lang= for anonymous visitors who chose
// a language by link.
func (p *page) Link(path string) string { return withLang(path, p.LangQuery) }

// F returns the form named name when it is the one shown back, else an
// empty one, so templates can ask any form for values and messages.
func (p *page) F(name string) *form {
	if p.Form != nil && p.Form.Name == name {
		return p.Form
	}
	return &form{Name: name}
}

// Other returns the language the switch offers.
func (p *page) Other() string {
	if p.Lang == "en" {
		return "fr"
	}
	return "en"
}

// parseTemplates builds, for each language, one template per page: the
// page's file with the layout and the partials it uses (those its file,
// the layout and each partial name, transitively), with "t" bound to that
// language. A page holds no copy of the partials it does not use: each
// template set keeps its own copy of every tree it holds, and all of
// them for all pages would weigh tens of megabytes.
func (w *Web) parseTemplates() (map[string]map[string]*template.Template, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	var pages []string
	defs := map[string]string{}   // template name → the partial file defining it
	refs := map[string][]string{} // file → the template names it calls
	for _, f := range files {
		b, err := fs.ReadFile(templateFS, f)
		if err != nil {
			return nil, err
		}
		for _, m := range templateRefRE.FindAllSubmatch(b, -1) {
			refs[f] = append(refs[f], string(m[1]))
		}
		if !strings.HasPrefix(path.Base(f), "_") {
			pages = append(pages, f)
			continue
		}
		for _, m := range templateDefRE.FindAllSubmatch(b, -1) {
			defs[string(m[1])] = f
		}
	}
	needs := func(page string) []string {
		seen := map[string]bool{}
		var out []string
		var visit func(f string)
		visit = func(f string) {
			for _, name := range refs[f] {
				if g := defs[name]; g != "" && !seen[g] {
					seen[g] = true
					visit(g)
				}
			}
		}
		seen[layoutFile] = true
		visit(layoutFile)
		visit(page)
		for _, f := range files { // in the order of the files, as before
			if seen[f] {
				out = append(out, f)
			}
		}
		return append(out, page)
	}
	out := map[string]map[string]*template.Template{}
	for _, lang := range cortege.Languages {
		out[lang] = map[string]*template.Template{}
		for _, p := range pages {
			t, err := template.New("").Funcs(w.funcs(lang)).ParseFS(templateFS, needs(p)...)
			if err != nil {
				return nil, err
			}
			out[lang][strings.TrimSuffix(path.Base(p), ".html")] = t
		}
	}
	return out, nil
}

// layoutFile holds the layout every page is written in.
const layoutFile = "templates/_layout.html"

// The calls and definitions of named templates in a template's source.
var (
	templateRefRE = regexp.MustCompile(`\{\{-?\s*(?:template|block)\s+"([^"]+)"`)
	templateDefRE = regexp.MustCompile(`\{\{-?\s*(?:define|block)\s+"([^"]+)"`)
)

// funcs are the template functions, bound to one language.
func (w *Web) funcs(lang string) template.FuncMap {
	t := func(key string, args ...any) string { return w.cat.T(lang, key, args...) }
	return template.FuncMap{
		"t": t,
		// tn is t for a count: the plural form of key that fits n.
		"tn":    func(key string, n int, args ...any) string { return w.cat.N(lang, key, n, args...) },
		"asset": func(name string) string { return w.assets.url(name) },
		"date": func(tm time.Time) string {
			if tm.IsZero() {
				return "—"
			}
			if lang == "fr" {
				return tm.Format("02/01/2006 15:04")
			}
			return tm.Format("2006-01-02 15:04")
		},
		"avatar": func(p *cortege.Profile) string {
			if p == nil || p.Avatar == "" {
				return ""
			}
			return "/uploads/" + p.Avatar
		},
		"initial": func(p *cortege.Profile) string {
			if p == nil {
				return "?"
			}
			for _, r := range strings.ToUpper(p.DisplayName) {
				return string(r)
			}
			return "?"
		},
		"paragraphs": func(s string) []string {
			var out []string
			for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
			return out
		},
		"field": func(f *form, name, typ, label string) *field {
			return &field{Form: f, Name: name, Type: typ, Label: t(label), ID: "f-" + f.Name + "-" + name}
		},
		"add":  func(a, b int) int { return a + b },
		"list": func(v ...string) []string { return v },
		// markdown renders organisers' Markdown (a cancellation reason, an
		// announcement) sanitised, as descriptions are.
		"markdown": markdown.HTML,
	}
}

// field is one form control as the "input" partial renders it.
type field struct {
	Form         *form
	Name, Type   string
	Label, Hint  string
	ID           string
	Value        string
	Required     bool
	Max          int
	Autocomplete string
	Options      [][2]string // value, translated label (type "select")
	// Place marks a commune field: suggestions from the gazetteer and
	// "use my position" when JavaScript runs (static/places.js).
	Place bool
}

// With sets options from "required", "hint:KEY", "max:N", "ac:TOKEN",
// "value:V", "opt:VALUE:KEY" and "place" strings; templates chain it.
func (f *field) With(opts ...string) *field {
	for _, o := range opts {
		k, v, _ := strings.Cut(o, ":")
		switch k {
		case "required":
			f.Required = true
		case "hint":
			f.Hint = v
		case "max":
			fmt.Sscan(v, &f.Max)
		case "ac":
			f.Autocomplete = v
		case "value":
			f.Value = v
		case "place":
			f.Place = true
		case "opt":
			val, label, _ := strings.Cut(v, ":")
			f.Options = append(f.Options, [2]string{val, label})
		}
	}
	return f
}

// Val is what the control shows: what was typed when the form comes back,
// else the stored value.
func (f *field) Val() string {
	if f.Form != nil && f.Form.Values != nil {
		if v, ok := f.Form.Values[f.Name]; ok {
			return v
		}
	}
	return f.Value
}

// Err is the message about this field.
func (f *field) Err() string { return f.Form.E(f.Name) }

// newPage builds the layout's view model for r.
func (w *Web) newPage(r *http.Request, titleKey string, data any) (*page, error) {
	ri := info(r)
	p := &page{Lang: ri.lang, LangQuery: ri.langQuery, Path: pagePath(r), Data: data, Assets: w.assets, SourceURL: w.sourceURL}
	p.Title = w.cat.T(p.Lang, titleKey)
	set, err := w.svc.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	p.Instance = set
	p.Meta = w.baseMeta(r, p)
	if a := httpx.Actor(r.Context()); a.SignedIn() {
		ps, err := w.svc.MyProfiles(r.Context(), a)
		if err != nil {
			return nil, err
		}
		p.Me = &me{Account: a.Account, Profile: a.Profile, Profiles: ps, IsAdmin: a.IsAdmin()}
	}
	if k := r.URL.Query().Get("ok"); k != "" && flashes[k] {
		p.Flash = w.cat.T(p.Lang, "flash."+k)
	}
	return p, nil
}

// cleanPath is the page's path and query without the one-shot parameters
// (lang, ok), for "come back here" fields and the language switch.
func cleanPath(u *url.URL) string {
	q := u.Query()
	q.Del("lang")
	q.Del("ok")
	if len(q) == 0 {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + q.Encode()
}

// pagePath is the GET address of the page shown: the request's for a GET,
// else (a form shown again after a POST) the same-origin page the form was
// posted from, so "come back here" never points at a POST-only route.
func pagePath(r *http.Request) string {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		return cleanPath(r.URL)
	}
	if ref, err := url.Parse(r.Referer()); err == nil && ref.Host == r.Host {
		if p := SafeNext(cleanPath(ref)); p != "" {
			return p
		}
	}
	return "/"
}

// flashes are the confirmations a redirect may ask for with ?ok=KEY; only
// these keys are shown, so a link cannot make the page say anything else.
var flashes = map[string]bool{
	"lang": true, "password": true, "password_removed": true, "email_sent": true, "email": true,
	"profile_created": true, "profile_saved": true, "profile_deleted": true, "acting": true,
	"default": true, "avatar": true, "token_revoked": true, "settings": true, "status": true,
	"account_deleted": true, "signed_out": true, "signed_out_all": true,
}

// render writes a page with status. Templates render into a buffer first,
// so a template failure becomes a clean error page, not half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, name, titleKey string, data any, f *form) error {
	p, err := w.newPage(r, titleKey, data)
	if err != nil {
		return err
	}
	p.Form = f
	if f.Failed() {
		p.Title = w.cat.T(p.Lang, "form.title_failed", p.Title)
	}
	return w.write(rw, status, name, p)
}

func (w *Web) write(rw http.ResponseWriter, status int, name string, p *page) error {
	t := w.pages[p.Lang][name]
	if t == nil {
		return fmt.Errorf("web: no template %q", name)
	}
	if p.Meta != nil && p.Meta.Title == "" {
		p.Meta.Title = p.Title
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", p.Lang)
	if p.Me != nil {
		h.Set("Cache-Control", "private, no-store")
	} else if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if status == http.StatusServiceUnavailable {
		h.Set("Retry-After", httpx.RetryAfter) // busy: the same request will likely work then
	}
	rw.WriteHeader(status)
	_, err := rw.Write(buf.Bytes())
	return err
}

// Echo reports whether the control shows its value back (never a password
// or a file).
func (f *field) Echo() bool { return f.Type != "password" && f.Type != "file" }

// Describe lists the ids of the hint and message describing the control.
func (f *field) Describe() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, f.ID+"-hint")
	}
	if f.Err() != "" {
		ids = append(ids, f.ID+"-error")
	}
	return strings.Join(ids, " ")
}

// Name is the acting profile's display name.
func (m *me) Name() string {
	if m.Profile == nil {
		return ""
	}
	return m.Profile.DisplayName
}
