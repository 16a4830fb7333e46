package mail

import (
	"html"
	"io/fs"
	"path"
	"slices"
	"strings"
	"testing"
)

var templateNames = []string{TemplateLogin, TemplateAdminLogin, TemplateEmailChange, TemplateAccountDeleted, TemplateNotification}

const testURL = "https://cortege.example/login/Zm9v?next=%2Fgroupes&x=1"

func sampleData(name string) (data any, link string) {
	switch name {
	case TemplateLogin, TemplateAdminLogin:
		return LoginData{InstanceName: "Cortège Lyon", URL: testURL, Email: "ada@example.org"}, testURL
	case TemplateEmailChange:
		return &EmailChangeData{InstanceName: "Cortège Lyon", URL: testURL, NewEmail: "new@example.org"}, testURL
	case TemplateAccountDeleted:
		return map[string]any{"InstanceName": "Cortège Lyon"}, ""
	default:
		return NotificationData{
			InstanceName: "Cortège Lyon", Title: "Nouvel événement : marche du 12",
			Body:      "Rendez-vous place Bellecour.\n\nApportez de l'eau.",
			ActionURL: testURL, ActionLabel: "Voir l'événement", UnsubscribeURL: "https://cortege.example/u/abc",
		}, testURL
	}
}

func newTestRenderer(t *testing.T) *Renderer {
	t.Helper()
	r, err := NewRenderer()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// Every template file exists in every language, so no language silently
// falls back.
func TestTemplatesSameInEveryLanguage(t *testing.T) {
	files := map[string][]string{}
	for _, lang := range []string{"fr", "en"} {
		names, err := fs.Glob(templateFS, path.Join("templates", lang, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			files[lang] = append(files[lang], path.Base(n))
		}
	}
	if !slices.Equal(files["fr"], files["en"]) {
		t.Errorf("fr has %v, en has %v", files["fr"], files["en"])
	}
	for _, name := range templateNames {
		for _, ext := range []string{".txt", ".html"} {
			if !slices.Contains(files["fr"], name+ext) {
				t.Errorf("missing template %s%s", name, ext)
			}
		}
	}
}

func TestRenderEveryTemplate(t *testing.T) {
	r := newTestRenderer(t)
	for _, lang := range []string{"fr", "en"} {
		for _, name := range templateNames {
			t.Run(lang+"/"+name, func(t *testing.T) {
				data, link := sampleData(name)
				subject, text, htm, err := r.Render(lang, name, data)
				if err != nil {
					t.Fatal(err)
				}
				if subject == "" || strings.ContainsAny(subject, "\r\n") {
					t.Errorf("subject = %q", subject)
				}
				if !strings.Contains(text, "Cortège Lyon") || !strings.Contains(htm, "Cortège Lyon") {
					t.Error("instance name missing")
				}
				if link != "" && !strings.Contains(text, link) {
					t.Errorf("text part lacks the link %s:\n%s", link, text)
				}
				if link != "" && !strings.Contains(htm, `href="`+html.EscapeString(link)+`"`) {
					t.Errorf("HTML part lacks the link:\n%s", htm)
				}
				if !strings.Contains(text, "\n-- \n") || strings.Contains(text, "<no value>") || strings.Contains(htm, "<no value>") {
					t.Errorf("bad text:\n%s", text)
				}
				for _, bad := range []string{"<img", "<link", "<script", "@import", "url(", "src="} {
					if strings.Contains(htm, bad) {
						t.Errorf("HTML contains %q (no remote resources allowed)", bad)
					}
				}
				if !strings.Contains(htm, `<html lang="`+lang+`">`) {
					t.Errorf("html lang attribute missing")
				}
				if lang == "fr" && (strings.Contains(" "+text, " tu ") || strings.Contains(text, " ton ") || strings.Contains(text, " ta ")) {
					t.Errorf("French text uses tutoiement:\n%s", text)
				}
			})
		}
	}
}

func TestRenderLanguageFallback(t *testing.T) {
	r := newTestRenderer(t)
	data, _ := sampleData(TemplateLogin)
	for lang, want := range map[string]string{
		"": "Votre lien", "fr": "Votre lien", "fr-CA": "Votre lien", "de": "Votre lien", "zz-top": "Votre lien",
		"en": "Your sign-in link", "en-GB": "Your sign-in link", "EN_us": "Your sign-in link",
	} {
		subject, _, _, err := r.Render(lang, TemplateLogin, data)
		if err != nil || !strings.HasPrefix(subject, want) {
			t.Errorf("Render(%q) subject = %q (%v), want prefix %q", lang, subject, err, want)
		}
	}
	if _, _, _, err := r.Render("fr", "nope", data); err == nil || !strings.Contains(err.Error(), `unknown template "nope"`) {
		t.Errorf("unknown template: err = %v", err)
	}
	if _, _, _, err := r.Render("fr", TemplateLogin, struct{ Foo string }{}); err == nil {
		t.Error("data missing fields: want an error")
	}
}

func TestRenderEscapesHTML(t *testing.T) {
	r := newTestRenderer(t)
	_, text, htm, err := r.Render("en", TemplateNotification, NotificationData{
		InstanceName: "<b>Inst</b>", Title: "<script>alert(1)</script>", Body: "a < b\n\nc & d",
		ActionURL: "javascript:alert(1)",
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(htm, "<script>") || strings.Contains(htm, "<b>Inst") || strings.Contains(htm, `href="javascript:`) {
		t.Errorf("HTML not escaped:\n%s", htm)
	}
	if !strings.Contains(htm, "<p style=\"margin:0 0 16px;white-space:pre-line;\">a &lt; b</p>") {
		t.Errorf("body paragraphs not rendered:\n%s", htm)
	}
	if !strings.Contains(text, "<script>alert(1)</script>") || !strings.Contains(text, "Find out more: javascript:alert(1)") {
		t.Errorf("text part is plain text and should be unescaped:\n%s", text)
	}
	if strings.Contains(text, "unsubscribe") || strings.Contains(htm, "Unsubscribe") {
		t.Error("unsubscribe shown without an UnsubscribeURL")
	}
}

func TestRendererMessage(t *testing.T) {
	r := newTestRenderer(t)
	data, _ := sampleData(TemplateNotification)
	m, err := r.Message("en-GB", TemplateNotification, Address{Email: "ada@example.org"}, data)
	if err != nil {
		t.Fatal(err)
	}
	if m.Lang != "en" || m.Subject != "Nouvel événement : marche du 12" || m.HTML == "" {
		t.Errorf("message = %+v", m)
	}
	if m.Headers["List-Unsubscribe"] != "<https://cortege.example/u/abc>" || m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
		t.Errorf("headers = %v", m.Headers)
	}
	if !strings.Contains(m.Text, "To unsubscribe from these messages: https://cortege.example/u/abc") {
		t.Errorf("text lacks the unsubscribe link:\n%s", m.Text)
	}
	login, _ := sampleData(TemplateLogin)
	if m, err = r.Message("fr", TemplateLogin, Address{Email: "ada@example.org"}, login); err != nil || m.Headers != nil {
		t.Errorf("login message headers = %v (%v), want none", m.Headers, err)
	}
}
