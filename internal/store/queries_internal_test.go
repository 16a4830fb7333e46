package store

import (
	"strings"
	"testing"
)

func TestUnboundLimits(t *testing.T) {
	for in, want := range map[string]string{
		"SELECT a FROM t LIMIT ?":                       "SELECT a FROM t LIMIT ?+0",
		"SELECT a FROM t LIMIT ? OFFSET ?":              "SELECT a FROM t LIMIT ?+0 OFFSET ?+0",
		"SELECT a FROM (SELECT b FROM t LIMIT ?) x":     "SELECT a FROM (SELECT b FROM t LIMIT ?+0) x",
		"SELECT a FROM t WHERE b = ? LIMIT 65":          "SELECT a FROM t WHERE b = ? LIMIT 65",
		"SELECT a FROM t ORDER BY a\nLIMIT ?\n":         "SELECT a FROM t ORDER BY a\nLIMIT ?+0\n",
		"SELECT a FROM t WHERE note = 'LIMITE' LIMIT ?": "SELECT a FROM t WHERE note = 'LIMITE' LIMIT ?+0",
	} {
		if got := unboundLimits(in); got != want {
			t.Errorf("unboundLimits(%q) = %q, want %q", in, got, want)
		}
	}
	// No statement SQLite runs keeps a bare placeholder as its limit.
	qs, err := loadQueries(SQLite)
	if err != nil {
		t.Fatal(err)
	}
	for name, q := range qs {
		if strings.Contains(q, "LIMIT ? ") || strings.HasSuffix(q, "LIMIT ?") || strings.Contains(q, "OFFSET ?\n") || strings.HasSuffix(q, "OFFSET ?") {
			t.Errorf("%s: bare LIMIT or OFFSET placeholder left:\n%s", name, q)
		}
	}
}
