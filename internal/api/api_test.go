package api

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// TestMessageKeys checks that every message the API shows is translated:
// its own keys, or else the broader keys they fall back to.
func TestMessageKeys(t *testing.T) {
	cat := i18n.MustLoad()
	a := New(Options{Catalog: cat})
	for key, fb := range fallbackKeys {
		for _, lang := range cortege.Languages {
			if !cat.Has(lang, fb) {
				t.Errorf("fallback %s of %s is not in the %s catalogue", fb, key, lang)
			}
			if msg := a.t(lang, key); msg == key || msg == "" {
				t.Errorf("%s in %s shows %q", key, lang, msg)
			}
			if !cat.Has(lang, key) {
				t.Logf("%s not yet in the %s catalogue; showing %s", key, lang, fb)
			}
		}
	}
	for _, key := range []string{"err.internal", "err.signin_required", "err.profile.not_found", "err.not_found", "err.lang.invalid", "err.forbidden"} {
		for _, lang := range cortege.Languages {
			if !cat.Has(lang, key) {
				t.Errorf("%s is not in the %s catalogue", key, lang)
			}
		}
	}
}
