package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"path"
	"reflect"
	"strings"
	texttemplate "text/template"
)

// Template names understood by Renderer.Render.
const (
	TemplateLogin          = "login"
	TemplateAdminLogin     = "admin_login"
	TemplateEmailChange    = "email_change"
	TemplateAccountDeleted = "account_deleted"
	TemplateNotification   = "notification"
)

// DefaultLang is the language used when a message's language has no
// templates.
const DefaultLang = "fr"

// LoginData fills the login and admin_login templates: URL is the magic
// sign-in link, valid ten minutes.
type LoginData struct {
	InstanceName string
	URL          string
	Email        string
}

// EmailChangeData fills the email_change template: URL confirms NewEmail.
type EmailChangeData struct {
	InstanceName string
	URL          string
	NewEmail     string
}

// AccountDeletedData fills the account_deleted template.
type AccountDeletedData struct {
	InstanceName string
}

// NotificationData fills the generic notification template used by groups
// and events. Body is plain text; blank lines separate paragraphs.
type NotificationData struct {
	InstanceName   string
	Title          string
	Body           string
	ActionURL      string
	ActionLabel    string
	UnsubscribeURL string
}

//go:embed templates/layout.html templates/*/*.txt templates/*/*.html
var templateFS embed.FS

// Renderer turns a template name, a language and data into a subject, a
// plain-text body and an HTML body. It is safe for concurrent use.
type Renderer struct {
	text map[string]*texttemplate.Template // key "lang/name"
	html map[string]*htmltemplate.Template
}

type renderVars struct{ lang, reason string }

// NewRenderer parses the embedded templates; an error means a template is
// broken, which tests catch before release.
func NewRenderer() (*Renderer, error) {
	r := &Renderer{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	langs, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	for _, l := range langs {
		if !l.IsDir() {
			continue
		}
		if err := r.parseLang(l.Name()); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// parseLang parses templates/<lang>/NAME.txt (blocks "subject", "reason"
// and "text") and NAME.html (block "content") with that language's footer.
func (r *Renderer) parseLang(lang string) error {
	dir := path.Join("templates", lang)
	files, err := fs.Glob(templateFS, dir+"/*.txt")
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".txt")
		if strings.HasPrefix(name, "_") {
			continue
		}
		tt, err := texttemplate.New(name).Funcs(funcs(renderVars{})).
			ParseFS(templateFS, dir+"/_footer.txt", f)
		if err != nil {
			return fmt.Errorf("mail: template %s/%s: %w", lang, name, err)
		}
		ht, err := htmltemplate.New(name).Funcs(funcs(renderVars{})).
			ParseFS(templateFS, "templates/layout.html", dir+"/_footer.html", dir+"/"+name+".html")
		if err != nil {
			return fmt.Errorf("mail: template %s/%s: %w", lang, name, err)
		}
		r.text[lang+"/"+name] = tt
		r.html[lang+"/"+name] = ht
	}
	return nil
}

// funcs are the helpers templates may call; lang and reason are bound per
// rendering.
func funcs(v renderVars) map[string]any {
	return map[string]any{
		"get":        field,
		"paragraphs": paragraphs,
		"lang":       func() string { return v.lang },
		"reason":     func() string { return v.reason },
		"button":     func(url, label string) map[string]string { return map[string]string{"URL": url, "Label": label} },
	}
}

// Render renders template name in lang ("fr", "en", "en-GB"…; anything else
// falls back to French) with data, returning the subject and both bodies.
func (r *Renderer) Render(lang, name string, data any) (subject, text, html string, err error) {
	lang = r.pickLang(lang)
	tt, ok := r.text[lang+"/"+name]
	if !ok {
		return "", "", "", fmt.Errorf("mail: unknown template %q", name)
	}
	exec := func(block string) (string, error) {
		var b bytes.Buffer
		if err := tt.ExecuteTemplate(&b, block, data); err != nil {
			return "", fmt.Errorf("mail: render %s/%s %s: %w", lang, name, block, err)
		}
		return strings.TrimSpace(b.String()), nil
	}
	var parts [4]string
	for i, block := range []string{"subject", "reason", "text", "footer"} {
		if parts[i], err = exec(block); err != nil {
			return "", "", "", err
		}
	}
	// Line breaks and runs of ASCII blanks become one space; the no-break
	// spaces of French typography ("Rappel :") stay.
	subject = strings.Join(strings.FieldsFunc(parts[0], func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }), " ")
	text = parts[2] + "\n\n-- \n" + parts[3] + "\n"

	ht, err := r.html[lang+"/"+name].Clone()
	if err != nil {
		return "", "", "", err
	}
	ht.Funcs(funcs(renderVars{lang: lang, reason: parts[1]}))
	var b bytes.Buffer
	if err := ht.ExecuteTemplate(&b, "layout", data); err != nil {
		return "", "", "", fmt.Errorf("mail: render %s/%s html: %w", lang, name, err)
	}
	return subject, text, b.String(), nil
}

// Message renders a template into a Message for to, adding the RFC 8058
// one-click List-Unsubscribe headers when data has an https UnsubscribeURL.
func (r *Renderer) Message(lang, name string, to Address, data any) (*Message, error) {
	subject, text, html, err := r.Render(lang, name, data)
	if err != nil {
		return nil, err
	}
	m := &Message{To: to, Subject: subject, Text: text, HTML: html, Lang: r.pickLang(lang)}
	if u, _ := field(data, "UnsubscribeURL").(string); strings.HasPrefix(u, "https://") && !hasNewline(u) {
		m.Headers = map[string]string{
			"List-Unsubscribe":      "<" + u + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		}
	}
	return m, nil
}

// pickLang maps a language tag to one we have templates for.
func (r *Renderer) pickLang(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	base, _, _ = strings.Cut(base, "_")
	if _, ok := r.text[base+"/"+TemplateLogin]; ok {
		return base
	}
	return DefaultLang
}

// field returns data's field or map entry called name, or "" when data has
// none, so the shared layout works with any data type.
func field(data any, name string) any {
	v := reflect.ValueOf(data)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	switch v.Kind() {
	case reflect.Struct:
		if f := v.FieldByName(name); f.IsValid() && f.CanInterface() {
			return f.Interface()
		}
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String {
			if e := v.MapIndex(reflect.ValueOf(name).Convert(v.Type().Key())); e.IsValid() {
				return e.Interface()
			}
		}
	}
	return ""
}

// paragraphs splits plain text on blank lines for HTML rendering.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
