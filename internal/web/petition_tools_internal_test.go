package web

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/i18n"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestPetitionToolKeys: the texts the organiser pages name by a computed
// key (TestTemplateKeys sees only literal ones) exist in both catalogues.
func TestPetitionToolKeys(t *testing.T) {
	cat := i18n.MustLoad()
	var keys []string
	for k := range petitionDone {
		keys = append(keys, "ptools.done."+k)
	}
	for _, k := range []string{"ptools_close", "ptools_answer", "ptools_burst_invalidate"} {
		keys = append(keys, "confirm."+k+".title", "confirm."+k+".text", "confirm."+k+".button")
	}
	for _, s := range []string{cortege.PetitionDraft, cortege.PetitionPublished, cortege.PetitionClosed, cortege.PetitionAnswered} {
		keys = append(keys, "ptools.state."+s, "ptools.manage.state."+s)
	}
	for _, s := range cortege.PetitionScopes {
		keys = append(keys, "ptools.scope."+s)
	}
	for _, k := range []string{service.BurstNet, service.BurstDomain} {
		keys = append(keys, "ptools.bursts.kind."+k)
	}
	for _, c := range append(paperColumns, "commune") {
		keys = append(keys, "ptools.paper.col."+c)
	}
	for _, k := range keys {
		for _, lang := range cortege.Languages {
			if !cat.Has(lang, k) {
				t.Errorf("%q missing from %s", k, lang)
			}
		}
	}
}
