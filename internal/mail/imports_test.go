package mail

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports keeps the mail package free of the store, HTTP and the rest of
// the module: it may use the standard library and go-mail only.
func TestImports(t *testing.T) {
	allowed := map[string]bool{"github.com/wneessen/go-mail": true}
	forbidden := []string{"net/http", "database/sql"}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range ast.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			std := !strings.Contains(strings.Split(p, "/")[0], ".")
			if (!std && !allowed[p]) || (std && (p == forbidden[0] || strings.HasPrefix(p, forbidden[0]+"/") || p == forbidden[1])) {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
