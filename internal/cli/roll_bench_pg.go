package cli

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/roll"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib" // database/sql adapter for the concurrent clients
)

// benchPostgres loads the roll's entries into PostgreSQL and measures the
// 2018 design and the vocabulary design on the same queries.
func benchPostgres(ctx context.Context, env Env, url string, ix *roll.Index, qs []benchQuery, which string) ([]*benchFigures, error) {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return nil, err
	}
	defer conn.Close(ctx)
	exec := func(q string) error {
		_, err := conn.Exec(ctx, q)
		if err != nil {
			return fmt.Errorf("%s: %w", strings.SplitN(q, "\n", 2)[0], err)
		}
		return nil
	}
	for _, q := range []string{
		"CREATE EXTENSION IF NOT EXISTS pg_trgm",
		"CREATE EXTENSION IF NOT EXISTS btree_gin",
		"DROP TABLE IF EXISTS roll_bench_2018, roll_bench_entry, roll_bench_surname",
	} {
		if err := exec(q); err != nil {
			return nil, err
		}
	}
	var out []*benchFigures
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	db.SetMaxOpenConns(8)
	if strings.Contains(which, "2018") {
		f := &benchFigures{name: "pg 2018 design"}
		start := time.Now()
		if err := load2018(ctx, conn, ix); err != nil {
			return out, err
		}
		f.build = time.Since(start)
		conn.QueryRow(ctx, "SELECT pg_total_relation_size('roll_bench_2018')").Scan(&f.bytes)
		f.bytesNote = "table + GIN index on disk (pg_total_relation_size)"
		fmt.Fprintf(env.Stdout, "pg 2018 design built in %s\n", f.build.Round(time.Millisecond))
		search := func(ctx context.Context, q roll.BenchQuery) ([]srcRef, error) {
			name := roll.Normalize(q.Name)
			var rows *sql.Rows
			var err error
			if d := strings.TrimSpace(q.Dept); d != "" {
				rows, err = db.QueryContext(ctx, `SELECT file, line FROM roll_bench_2018
WHERE dept = $2 AND full_name % $1 ORDER BY similarity(full_name, $1) DESC, id LIMIT 20`, name, d)
			} else {
				rows, err = db.QueryContext(ctx, `SELECT file, line FROM roll_bench_2018
WHERE full_name % $1 ORDER BY similarity(full_name, $1) DESC, id LIMIT 20`, name)
			}
			return scanRefs(rows, err)
		}
		runBench(ctx, f, qs, search, 2, 1)
		out = append(out, f)
		if !strings.Contains(which, "keep") {
			exec("DROP TABLE IF EXISTS roll_bench_2018")
		}
	}
	if strings.Contains(which, "vocab") {
		f := &benchFigures{name: "pg vocabulary design"}
		start := time.Now()
		if err := loadVocab(ctx, conn, ix); err != nil {
			return out, err
		}
		f.build = time.Since(start)
		conn.QueryRow(ctx, "SELECT pg_total_relation_size('roll_bench_entry') + pg_total_relation_size('roll_bench_surname')").Scan(&f.bytes)
		f.bytesNote = "tables + indexes on disk (pg_total_relation_size)"
		fmt.Fprintf(env.Stdout, "pg vocabulary design built in %s\n", f.build.Round(time.Millisecond))
		search := func(ctx context.Context, q roll.BenchQuery) ([]srcRef, error) {
			name := roll.Normalize(q.Name)
			born, year := "", 0
			if d, err := roll.ParseDate(q.Born); err == nil && d != 0 {
				year = d.Year()
				if d.Day() != 0 {
					born = d.String()
				}
			}
			// Each word of the query is looked up in the surname
			// vocabulary (trigram GIN, top 200 by similarity), the best
			// 200 surnames joined to the entries (btree on surname,
			// département) and ranked with first names and birth date.
			rows, err := db.QueryContext(ctx, `WITH c AS (
  SELECT id, max(sim) AS sim FROM (
    SELECT s.id, similarity(s.name, t) AS sim
    FROM unnest($5::text[]) AS t,
    LATERAL (SELECT id, name FROM roll_bench_surname WHERE name % t ORDER BY similarity(name, t) DESC, id LIMIT 200) s
  ) x GROUP BY id ORDER BY sim DESC, id LIMIT 200)
SELECT e.file, e.line FROM c JOIN roll_bench_entry e ON e.surname_id = c.id AND ($2 = '' OR e.dept = $2)
ORDER BY c.sim + similarity(e.first_names, $1)
  + CASE WHEN $3 <> '' AND e.born = $3 THEN 1 WHEN $4 <> 0 AND e.year = $4 THEN 0.5 ELSE 0 END DESC, e.id
LIMIT 20`, name, strings.TrimSpace(q.Dept), born, year, roll.Tokens(q.Name))
			return scanRefs(rows, err)
		}
		runBench(ctx, f, qs, search, 2, 1)
		out = append(out, f)
		if !strings.Contains(which, "keep") {
			exec("DROP TABLE IF EXISTS roll_bench_entry, roll_bench_surname")
		}
	}
	return out, nil
}

func scanRefs(rows *sql.Rows, err error) ([]srcRef, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []srcRef
	for rows.Next() {
		var r srcRef
		if err := rows.Scan(&r.file, &r.line); err != nil {
			return nil, err
		}
		refs = append(refs, r)
	}
	return refs, rows.Err()
}

// entrySource feeds COPY with one row per entry.
type entrySource struct {
	ix   *roll.Index
	i    int
	row  func(e roll.Entry, i int) [][]any
	buf  [][]any
	err  error
	done bool
}

func (s *entrySource) Next() bool {
	if len(s.buf) > 1 {
		s.buf = s.buf[1:]
		return true
	}
	for s.i < s.ix.Len() {
		s.buf = s.row(s.ix.Entry(uint32(s.i)), s.i)
		s.i++
		if len(s.buf) > 0 {
			return true
		}
	}
	return false
}
func (s *entrySource) Values() ([]any, error) { return s.buf[0], nil }
func (s *entrySource) Err() error             { return nil }

func fullName(e roll.Entry) string {
	return strings.TrimSpace(strings.Join(strings.Fields(e.FirstNames+" "+e.BirthName+" "+e.UsageName), " "))
}

func load2018(ctx context.Context, conn *pgx.Conn, ix *roll.Index) error {
	if _, err := conn.Exec(ctx, `CREATE UNLOGGED TABLE roll_bench_2018 (id int PRIMARY KEY, dept text NOT NULL, full_name text NOT NULL, file text NOT NULL, line int NOT NULL)`); err != nil {
		return err
	}
	src := &entrySource{ix: ix, row: func(e roll.Entry, i int) [][]any {
		return [][]any{{int32(i), e.Place.Dept, fullName(e), e.File, int32(e.Line)}}
	}}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"roll_bench_2018"}, []string{"id", "dept", "full_name", "file", "line"}, src); err != nil {
		return err
	}
	for _, q := range []string{
		"CREATE INDEX ON roll_bench_2018 USING gin (dept, full_name gin_trgm_ops)",
		"ANALYZE roll_bench_2018",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func loadVocab(ctx context.Context, conn *pgx.Conn, ix *roll.Index) error {
	for _, q := range []string{
		`CREATE UNLOGGED TABLE roll_bench_surname (id int PRIMARY KEY, name text NOT NULL)`,
		`CREATE UNLOGGED TABLE roll_bench_entry (id int NOT NULL, surname_id int NOT NULL, dept text NOT NULL, first_names text NOT NULL, born text NOT NULL, year int NOT NULL, file text NOT NULL, line int NOT NULL)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	ids := map[string]int32{}
	var names []string
	sid := func(s string) int32 {
		id, ok := ids[s]
		if !ok {
			id = int32(len(names))
			ids[s] = id
			names = append(names, s)
		}
		return id
	}
	src := &entrySource{ix: ix, row: func(e roll.Entry, i int) [][]any {
		var rows [][]any
		for _, s := range []string{e.BirthName, e.UsageName} {
			if s == "" {
				continue
			}
			rows = append(rows, []any{int32(i), sid(s), e.Place.Dept, e.FirstNames, e.Born.String(), int32(e.Born.Year()), e.File, int32(e.Line)})
		}
		return rows
	}}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"roll_bench_entry"}, []string{"id", "surname_id", "dept", "first_names", "born", "year", "file", "line"}, src); err != nil {
		return err
	}
	rows := make([][]any, len(names))
	for i, n := range names {
		rows[i] = []any{int32(i), n}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"roll_bench_surname"}, []string{"id", "name"}, pgx.CopyFromRows(rows)); err != nil {
		return err
	}
	for _, q := range []string{
		"CREATE INDEX ON roll_bench_surname USING gin (name gin_trgm_ops)",
		"CREATE INDEX ON roll_bench_entry (surname_id, dept)",
		"ANALYZE roll_bench_surname",
		"ANALYZE roll_bench_entry",
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
