package web

import (
	"io/fs"
	"regexp"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// keyRE finds the catalogue keys templates name: {{t "key"}}, field labels,
// and hint:/opt: options of field.With.
var keyRE = regexp.MustCompile(`(?:\bt|"[a-z]+") "([a-z][a-z0-9_.]+)"|"hint:([a-z0-9_.]+)"|"opt:[a-z]+:([a-z0-9_.]+)"`)

// TestTemplateKeys checks that every text a template, a flash or a status
// shows exists in both catalogues.
func TestTemplateKeys(t *testing.T) {
	cat := i18n.MustLoad()
	keys := map[string]string{}
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			for _, k := range m[1:] {
				if k != "" && regexp.MustCompile(`^[a-z_]+\.[a-z0-9_.]+$`).MatchString(k) {
					keys[k] = f
				}
			}
		}
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d keys in templates", len(keys))
	}
	for k := range flashes {
		keys["flash."+k] = "flashes"
	}
	for status, k := range statusMessages {
		keys[k] = "statusMessages"
		keys["error."+itoa(status)] = "error.html"
	}
	for _, k := range []string{"error.500", "error.409", "error.422", "err.internal", "form.title_failed"} {
		keys[k] = "error.html"
	}
	for _, s := range []string{cortege.AccountActive, cortege.AccountPending, cortege.AccountSuspended} {
		keys["status."+s] = "admin"
	}
	for _, r := range []string{cortege.RoleUser, cortege.RoleAdmin} {
		keys["role."+r] = "admin"
	}
	for _, l := range cortege.Languages {
		keys["lang."+l] = "layout"
		keys["lang.switch."+l] = "layout"
	}
	// {{tn "key" n}} needs both plural forms of key.
	plural := regexp.MustCompile(`\btn "([a-z][a-z0-9_.]+)"`)
	for _, f := range files {
		b, _ := fs.ReadFile(templateFS, f)
		for _, m := range plural.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]+".one"], keys[m[1]+".other"] = f, f
		}
	}
	for _, k := range confirmKeys {
		for _, part := range []string{"title", "text", "button"} {
			keys["confirm."+k+"."+part] = "confirmation.go"
		}
	}
	keys["confirm.back"] = "confirm_action.html"
	for k, where := range keys {
		for _, lang := range cortege.Languages {
			if !cat.Has(lang, k) {
				t.Errorf("%s uses %q, missing from %s.json", where, k, lang)
			}
		}
	}
}

func itoa(i int) string {
	b := []byte{}
	for i > 0 {
		b = append([]byte{byte('0' + i%10)}, b...)
		i /= 10
	}
	return string(b)
}
