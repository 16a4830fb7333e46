package store

import (
	"bufio"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

//go:embed queries
var queryFS embed.FS

// loadQueries reads every "-- name: X" block of queries/*.sql, then lets
// queries/<dialect>/*.sql override blocks of the same name.
func loadQueries(d Dialect) (map[string]string, error) {
	out := map[string]string{}
	if err := readQueryDir("queries", out, false); err != nil {
		return nil, err
	}
	if err := readQueryDir(path.Join("queries", string(d)), out, true); err != nil {
		return nil, err
	}
	for n, q := range out {
		switch d {
		case Postgres:
			out[n] = rebind(q)
		case SQLite:
			out[n] = unboundLimits(q)
		}
	}
	return out, nil
}

// boundLimit finds a LIMIT or OFFSET that is a bare placeholder.
var boundLimit = regexp.MustCompile(`\b(LIMIT|OFFSET) \?`)

// unboundLimits writes SQLite's "LIMIT ?" and "OFFSET ?" as "?+0". SQLite
// reads the value bound to a bare LIMIT placeholder while planning (to
// size a sort) and then marks the statement to be planned again whenever
// that parameter is bound anew — every time it runs, since the driver
// binds every parameter — so each execution paid a full prepare (a tenth
// of a group page's time). An expression is not read: the plan is made
// once, and it does not need the value (the lists walk an index in
// order and stop at the page).
func unboundLimits(q string) string { return boundLimit.ReplaceAllString(q, "$1 ?+0") }

func readQueryDir(dir string, out map[string]string, override bool) error {
	entries, err := fs.ReadDir(queryFS, dir)
	if err != nil {
		if override {
			return nil
		}
		return err
	}
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		b, err := queryFS.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return err
		}
		blocks, err := parseQueryFile(string(b))
		if err != nil {
			return fmt.Errorf("%s/%s: %w", dir, e.Name(), err)
		}
		for n, q := range blocks {
			if _, dup := out[n]; dup && !override {
				return fmt.Errorf("%s/%s: query %s defined twice", dir, e.Name(), n)
			}
			if _, ok := out[n]; override && !ok {
				return fmt.Errorf("%s/%s: override of unknown query %s", dir, e.Name(), n)
			}
			out[n] = q
		}
	}
	return nil
}

// parseQueryFile splits a file into blocks headed by "-- name: X".
func parseQueryFile(src string) (map[string]string, error) {
	out := map[string]string{}
	var name string
	var b strings.Builder
	flush := func() error {
		q := strings.TrimSpace(b.String())
		b.Reset()
		if name == "" {
			if q != "" {
				return fmt.Errorf("SQL before the first '-- name:' line")
			}
			return nil
		}
		if q == "" {
			return fmt.Errorf("query %s is empty", name)
		}
		if _, dup := out[name]; dup {
			return fmt.Errorf("query %s defined twice", name)
		}
		out[name] = strings.TrimSuffix(q, ";")
		return nil
	}
	sc := bufio.NewScanner(strings.NewReader(src))
	for sc.Scan() {
		line := sc.Text()
		if n, ok := strings.CutPrefix(strings.TrimSpace(line), "-- name:"); ok {
			if err := flush(); err != nil {
				return nil, err
			}
			name = strings.TrimSpace(n)
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "--") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out, nil
}

// rebind turns "?" placeholders into PostgreSQL's "$1, $2…". Queries never
// put "?" inside string literals.
func rebind(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// isRead reports whether a statement only reads, so it may run on the
// SQLite reader pool.
func isRead(q string) bool {
	s := strings.ToUpper(strings.TrimSpace(q))
	return (strings.HasPrefix(s, "SELECT") || strings.HasPrefix(s, "WITH")) &&
		!strings.Contains(s, "RETURNING") && !strings.Contains(s, "FOR UPDATE")
}

// Prepare loads and prepares every named statement on the pools that will
// run it. A statement that does not prepare stops the boot.
func (db *DB) Prepare(ctx context.Context) error {
	qs, err := loadQueries(db.Dialect)
	if err != nil {
		return err
	}
	names := make([]string, 0, len(qs))
	for n := range qs {
		names = append(names, n)
	}
	sort.Strings(names)
	db.stmts = make(map[string]*stmt, len(qs))
	for _, n := range names {
		s := &stmt{name: n, sql: qs[n], read: isRead(qs[n])}
		if !s.read {
			s.writes = writtenTables(s.sql)
		}
		if s.w, err = db.w.PrepareContext(ctx, s.sql); err != nil {
			return fmt.Errorf("prepare query %s: %w", n, err)
		}
		s.r = s.w
		if s.read && db.r != db.w {
			if s.r, err = db.r.PrepareContext(ctx, s.sql); err != nil {
				return fmt.Errorf("prepare query %s: %w", n, err)
			}
		}
		db.stmts[n] = s
	}
	return nil
}

// QueryNames lists the prepared statements (tests check them all).
func (db *DB) QueryNames() []string {
	names := make([]string, 0, len(db.stmts))
	for n := range db.stmts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
