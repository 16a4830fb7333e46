package store

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// createTable finds the tables a migration makes.
var createTable = regexp.MustCompile(`(?i)\bCREATE\s+(?:VIRTUAL\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)`)

// TestTablesClassified fails when a table of the migrations (either
// engine), or one a statement writes, is neither content nor bookkeeping
// (content.go), or is both, or when a classified table exists no more. A
// new table must be classified: content if any page a visitor without an
// account sees shows it, so that the page cache forgets pages when it
// changes.
func TestTablesClassified(t *testing.T) {
	made := tables{"schema_migrations": true} // migrate.go makes it
	err := fs.WalkDir(migrationFS, "migrations", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".sql") {
			return err
		}
		b, err := migrationFS.ReadFile(path)
		for _, m := range createTable.FindAllStringSubmatch(string(b), -1) {
			made[strings.ToLower(m[1])] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []Dialect{SQLite, Postgres} {
		qs, err := loadQueries(d)
		if err != nil {
			t.Fatal(err)
		}
		for name, q := range qs {
			for _, tb := range writtenTables(q) {
				if !made[tb] {
					t.Errorf("%s (%s) writes %s, which no migration makes", name, d, tb)
				}
			}
		}
	}
	var names []string
	for tb := range made {
		names = append(names, tb)
	}
	sort.Strings(names)
	for _, tb := range names {
		if TableKind(tb) == "" {
			t.Errorf("table %s is neither content nor bookkeeping: classify it in content.go", tb)
		}
		if n := btoi(contentTables[tb]) + btoi(liveTables[tb]) + btoi(bookkeepingTables[tb]); n > 1 {
			t.Errorf("table %s is in %d lists", tb, n)
		}
	}
	for _, l := range []tables{contentTables, liveTables, bookkeepingTables} {
		for tb := range l {
			if !made[tb] {
				t.Errorf("table %s is classified, but no migration makes it", tb)
			}
		}
	}
}

// TestChangesContent: a commit changes content when it wrote any table
// but bookkeeping ones, unknown tables included.
func TestChangesContent(t *testing.T) {
	for _, c := range []struct {
		changed []string
		want    bool
	}{
		{[]string{"events"}, true},
		{[]string{"jobs", "participations"}, true},
		{[]string{"jobs", "mail_outbox", "rate_limits", "sessions"}, false},
		{[]string{"signatures", "petition_counts", "jobs"}, false},
		{[]string{"signatures", "petitions"}, true},
		{[]string{"a_table_nobody_classified"}, true},
		{nil, false},
	} {
		if got := ChangesContent(c.changed); got != c.want {
			t.Errorf("%v: %v", c.changed, got)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
