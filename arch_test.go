package cortege_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "codeberg.org/cortege/cortege"

// forbidden lists, for each package (path relative to the module), the
// module packages it must not import: imports point inward.
var forbidden = map[string][]string{
	".":                            {"internal/"},
	"internal/store":               {"internal/service", "internal/web", "internal/api", "internal/server", "internal/cli", "internal/activitypub"},
	"internal/jobs":                {"internal/service", "internal/web", "internal/api", "internal/server", "internal/cli"},
	"internal/mail":                {"internal/"},
	"internal/service":             {"internal/web", "internal/api", "internal/server", "internal/cli", "internal/activitypub"},
	"internal/web":                 {"internal/store", "internal/jobs", "internal/cli", "internal/api"},
	"internal/api":                 {"internal/store", "internal/jobs", "internal/cli", "internal/web"},
	"internal/activitypub":         {"internal/store", "internal/jobs", "internal/cli", "internal/web", "internal/api"},
	"internal/server":              {"internal/store", "internal/service", "internal/web", "internal/api", "internal/cli"},
	"internal/httpx":               {"internal/store", "internal/service", "internal/web", "internal/api", "internal/cli"},
	"internal/roll":                {"internal/"},
	"internal/ics":                 {"internal/"},
	"internal/markdown":            {"internal/"},
	"internal/csvimport":           {"internal/"},
	"internal/feed":                {"internal/"},
	"internal/imaging":             {"internal/"},
	"internal/imaging/imagingtest": {"internal/"},
	"internal/places":              {"internal/"},
	"internal/fetch":               {"internal/"},
	"internal/ledger":              {"internal/"},
	"internal/tally":               {"internal/store", "internal/service", "internal/web", "internal/api", "internal/server", "internal/cli", "internal/jobs", "internal/config", "internal/roll", "internal/fetch"},
	"internal/geocode":             {"internal/store", "internal/service", "internal/web", "internal/api", "internal/server", "internal/cli", "internal/jobs"},
	"internal/i18n":                {"internal/"},
	"internal/mail/mailtest":       {"internal/store", "internal/service"},
	// The reliability battery drives the built binary from outside: HTTP,
	// SMTP and the database file, nothing of the application's insides.
	"internal/reliability": {"internal/store", "internal/service", "internal/web", "internal/api", "internal/server", "internal/cli", "internal/jobs", "internal/config"},
}

// TestImportsPointInward fails when a package imports one it must not:
// the domain only the standard library, HTML and API handlers never the
// store, engines nothing of the application.
func TestImportsPointInward(t *testing.T) {
	fset := token.NewFileSet()
	for dir, bans := range forbidden {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range src.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if dir == "." && !strings.HasPrefix(p, module) && strings.Contains(strings.Split(p, "/")[0], ".") {
					t.Errorf("%s imports %s: the domain package uses the standard library only", f, p)
				}
				rel, ok := strings.CutPrefix(p, module+"/")
				if !ok {
					continue
				}
				for _, ban := range bans {
					if rel == ban || strings.HasPrefix(rel, ban) && (strings.HasSuffix(ban, "/") || strings.HasPrefix(rel, ban+"/")) {
						if dir == "internal/mail" && strings.HasPrefix(rel, "internal/mail/") {
							continue
						}
						t.Errorf("%s imports %s, which must not be imported from %s", f, p, dir)
					}
				}
			}
		}
	}
	// Every package directory must be covered, so a new one is placed
	// deliberately.
	filepath.WalkDir("internal", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || strings.Contains(path, "testdata") || strings.Contains(path, "templates") || strings.Contains(path, "static") || strings.Contains(path, "queries") || strings.Contains(path, "migrations") || strings.Contains(path, "catalog") {
			return nil
		}
		if gos, _ := filepath.Glob(filepath.Join(path, "*.go")); len(gos) == 0 {
			return nil
		}
		switch path {
		case "internal/cli", "internal/config", "internal/testkit":
			return nil
		}
		if _, ok := forbidden[path]; !ok {
			t.Errorf("package %s has no import rule in arch_test.go", path)
		}
		return nil
	})
}
