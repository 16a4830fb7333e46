package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/language"
)

// TestSameKeys keeps the catalogues in step: every key in both languages,
// no empty text, and the same fmt verbs on both sides.
func TestSameKeys(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	fr, en := c.texts["fr"], c.texts["en"]
	for k, v := range fr {
		e, ok := en[k]
		if !ok {
			t.Errorf("%q is in fr.json but not in en.json", k)
			continue
		}
		if strings.TrimSpace(v) == "" || strings.TrimSpace(e) == "" {
			t.Errorf("%q has an empty text", k)
		}
		if verbs(v) != verbs(e) {
			t.Errorf("%q: fmt verbs differ: fr %q, en %q", k, verbs(v), verbs(e))
		}
	}
	for k := range en {
		if _, ok := fr[k]; !ok {
			t.Errorf("%q is in en.json but not in fr.json", k)
		}
	}
}

var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

func verbs(s string) string { return strings.Join(verbRE.FindAllString(s, -1), " ") }

var errKey = regexp.MustCompile(`^err\.[a-z0-9_]+(\.[a-z0-9_]+)*$`)

// TestErrorKeysExist reads every Go source file of the module and checks
// that each "err.…" string literal (the Message of a cortege.Error) has a
// text in both catalogues, so no user ever sees a bare key.
func TestErrorKeysExist(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	root := moduleRoot(t)
	used := map[string]string{} // key → first file using it
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "vendor" || n == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err == nil && errKey.MatchString(s) {
				if _, seen := used[s]; !seen {
					rel, _ := filepath.Rel(root, p)
					used[s] = rel
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 20 {
		t.Fatalf("found only %d error keys: is the walk broken?", len(used))
	}
	keys := make([]string, 0, len(used))
	for k := range used {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		for _, lang := range []string{"fr", "en"} {
			if !c.Has(lang, k) {
				t.Errorf("%s uses %q, missing from %s.json", used[k], k, lang)
			}
		}
	}
}

// moduleRoot finds the folder holding go.mod above this package.
func moduleRoot(t *testing.T) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func TestMatch(t *testing.T) {
	for in, want := range map[string]string{
		"": "fr", "en-GB,en;q=0.9": "en", "fr-CA": "fr", "de-DE": "fr", "de, en;q=0.5": "en",
		"garbage;;;q=x": "fr", strings.Repeat("en,", 400): "fr",
	} {
		if got := Match(in); got != want {
			t.Errorf("Match(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestT(t *testing.T) {
	c := MustLoad()
	if got := c.T("en", "pager.page", 3); got != "Page 3" {
		t.Errorf("T with args = %q", got)
	}
	if got := c.T("xx", "nav.home"); got != "Accueil" {
		t.Errorf("unknown language falls back to French: %q", got)
	}
	if got := c.T("en", "no.such.key"); got != "no.such.key" {
		t.Errorf("missing key shows itself: %q", got)
	}
}

// FuzzMatch: whatever an Accept-Language header holds, the language is
// one Cortège speaks; French when the header cannot be read; the
// language of the most preferred tag (highest q, then first) when that
// is French or English. For a first tag in another language, the
// matcher's regional fallback decides ("de" reads French, "bn" English).
func FuzzMatch(f *testing.F) {
	f.Fuzz(func(t *testing.T, h string) {
		got := Match(h)
		if got != "fr" && got != "en" {
			t.Fatalf("Match(%q) = %q", h, got)
		}
		tags, _, err := language.ParseAcceptLanguage(h)
		if err != nil || strings.TrimSpace(h) == "" || len(h) > 512 || len(tags) == 0 {
			if got != "fr" {
				t.Fatalf("Match(%q) = %q for a header that does not read", h, got)
			}
			return
		}
		if b, _ := tags[0].Base(); (b.String() == "en" || b.String() == "fr") && got != b.String() {
			t.Fatalf("Match(%q) = %q, want %q", h, got, b)
		}
	})
}
