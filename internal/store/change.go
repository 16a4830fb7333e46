package store

import (
	"regexp"
	"sort"
	"strings"
)

// tables is a set of table names.
type tables map[string]bool

// OnCommit registers fn, called after every committed write with the
// tables it changed: once per transaction (after its commit), and once per
// write statement run outside a transaction (after it ran). Caches of
// rendered pages hang their invalidation here, so nothing that writes has
// to remember them. Register hooks before the database serves requests;
// fn must be quick and must not run statements.
func (db *DB) OnCommit(fn func(changed []string)) {
	db.hooks = append(db.hooks, fn)
}

// committed runs the hooks for the tables a transaction wrote.
func (db *DB) committed(wrote tables) {
	if len(wrote) == 0 || len(db.hooks) == 0 {
		return
	}
	names := make([]string, 0, len(wrote))
	for t := range wrote {
		names = append(names, t)
	}
	sort.Strings(names)
	for _, fn := range db.hooks {
		fn(names)
	}
}

// wroteAlone runs the hooks after a write statement that ran outside a
// transaction (its own commit).
func (q *Q) wroteAlone(name string, err error) {
	if q.tx != nil || err != nil || len(q.db.hooks) == 0 {
		return
	}
	if s := q.db.stmts[name]; s != nil && len(s.writes) > 0 {
		for _, fn := range q.db.hooks {
			fn(s.writes)
		}
	}
}

// writeTarget finds the tables a statement inserts into, updates or
// deletes from (an upsert's DO UPDATE SET is not a table).
var writeTarget = regexp.MustCompile(`(?i)\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*)`)

// lockingClause is a SELECT's FOR [NO KEY] UPDATE, which writes nothing
// ("FOR UPDATE SKIP LOCKED" is no table "skip").
var lockingClause = regexp.MustCompile(`(?i)\bFOR\s+(?:NO\s+KEY\s+)?UPDATE\b`)

// writtenTables lists, sorted, the tables a statement writes.
func writtenTables(sql string) []string {
	seen := tables{}
	sql = lockingClause.ReplaceAllString(sql, "")
	for _, m := range writeTarget.FindAllStringSubmatch(sql, -1) {
		if t := strings.ToLower(m[1]); t != "set" {
			seen[t] = true
		}
	}
	out := make([]string, 0, len(seen))
	for t := range seen {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// WritesOf names the tables statement name writes, comma-separated: ""
// for a read, "?" for a write whose tables are not found (a test keeps
// that list empty).
func (db *DB) WritesOf(name string) string {
	s := db.stmts[name]
	switch {
	case s == nil || s.read:
		return ""
	case len(s.writes) == 0 && strings.Contains(strings.ToUpper(s.sql), "FOR UPDATE"):
		return "" // a locking read
	case len(s.writes) == 0:
		return "?"
	}
	return strings.Join(s.writes, ",")
}
