package service_test

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	mrand "math/rand/v2"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The linking program of the unlinkability test. It is given what an
// operator holds: every row of every table as SQL returns it (with
// SQLite's rowid, PostgreSQL's ctid and xmin), on SQLite the raw bytes of
// the database file and of its WAL, every log line, and the sign-in
// sheet. From these it derives, for each line of the sheet and each
// ballot, every feature that could order them (each column, the row's
// physical position, the first WAL commit and the first log line that
// holds its key, its size), and tries every pairing of a sheet feature
// with a box feature three ways: by rank (the i-th voter gets the i-th
// ballot), first come (each ballot goes to the earliest voter before it
// still without one) and equal value (same transaction, same time, same
// log line, same page). It reports the strategy that pairs the most
// voters with their own ballot. It never sees the truth it is scored
// against.

// linkTarget names the sheet and the box in a database, and their keys.
type linkTarget struct {
	sheet, sheetKey string // table and the voter's key column
	box, boxKey     string // table and the ballot's ID column
	boxWhere        string // which rows of the box are ballots (e.g. "answers IS NOT NULL"), or ""
}

// linkRow is a row as the linker sees it: every column as text.
type linkRow struct {
	key  string
	cols map[string]string
	size int
}

// evidence is everything the operator holds.
type evidence struct {
	sheet, box []linkRow
	files      map[string][]byte // SQLite: "main" and "wal"
	pageSize   int
	logs       []string
}

// probeLen is how many leading characters of a key the byte scans look
// for: 16 characters of base32 or base64 are 80 bits or more, so a
// match by chance does not happen.
const probeLen = 16

// readRows reads every row of table through db, with its physical
// columns when the dialect has them.
func readRows(ctx context.Context, db *sql.DB, postgres bool, table, key, where string) ([]linkRow, error) {
	w := ""
	if where != "" {
		w = " WHERE " + where
	}
	var queries []string
	if postgres {
		queries = []string{"SELECT ctid::text AS ctid_, xmin::text AS xmin_, * FROM " + table + w}
	} else {
		queries = []string{"SELECT rowid AS rowid_, * FROM " + table + w, "SELECT * FROM " + table + w}
	}
	var rows *sql.Rows
	var err error
	for _, q := range queries {
		if rows, err = db.QueryContext(ctx, q); err == nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	names, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out []linkRow
	for rows.Next() {
		vals := make([]sql.NullString, len(names))
		ptrs := make([]any, len(names))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r := linkRow{cols: map[string]string{}}
		for i, n := range names {
			r.cols[n] = vals[i].String
			if !strings.HasSuffix(n, "_") {
				r.size += len(vals[i].String)
			}
		}
		r.key = r.cols[key]
		out = append(out, r)
	}
	return out, rows.Err()
}

// feature is a value per row that may order it; NaN where the row has
// none.
type feature struct {
	name string
	val  []float64
}

// columnFeatures turns each column into a feature: numbers as such,
// anything else by its rank among the column's values; ctid as its page
// and item.
func columnFeatures(rows []linkRow) []feature {
	if len(rows) == 0 {
		return nil
	}
	var names []string
	for n := range rows[0].cols {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []feature
	for _, n := range names {
		f := feature{name: "column " + n, val: make([]float64, len(rows))}
		numeric := true
		for i, r := range rows {
			v := r.cols[n]
			if n == "ctid_" {
				var page, item float64
				if _, err := fmt.Sscanf(v, "(%g,%g)", &page, &item); err != nil {
					numeric = false
					break
				}
				f.val[i] = page*1e5 + item
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				numeric = false
				break
			}
			f.val[i] = x
		}
		if !numeric {
			vs := make([]string, len(rows))
			for i, r := range rows {
				vs[i] = r.cols[n]
			}
			sorted := slices.Clone(vs)
			slices.Sort(sorted)
			for i, v := range vs {
				j, _ := slices.BinarySearch(sorted, v)
				f.val[i] = float64(j)
			}
		}
		out = append(out, f)
	}
	size := feature{name: "size", val: make([]float64, len(rows))}
	for i, r := range rows {
		size.val[i] = float64(r.size)
	}
	return append(out, size)
}

// scanProbes finds where each probe (its first probeLen characters)
// first occurs in b: it calls at(i, offset) once per probe found.
func scanProbes(b []byte, probes []string, at func(i, off int)) {
	idx := make(map[string]int, len(probes))
	for i, p := range probes {
		if len(p) >= probeLen {
			idx[p[:probeLen]] = i
		}
	}
	seen := make([]bool, len(probes))
	word := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
	}
	for i := 0; i+probeLen <= len(b); i++ {
		if !word(b[i]) {
			continue
		}
		if j, ok := idx[string(b[i:i+probeLen])]; ok && !seen[j] {
			seen[j] = true
			at(j, i)
		}
	}
}

// probeColumns are the columns whose values the byte scans can look
// for: long enough, starting with a character of a word, and distinct
// (IDs, keys, tokens, signatures, slots, hashes).
func probeColumns(rows []linkRow) []string {
	if len(rows) == 0 {
		return nil
	}
	word := func(c byte) bool {
		return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
	}
	var out []string
	for n := range rows[0].cols {
		seen := map[string]bool{}
		for _, r := range rows {
			if v := r.cols[n]; len(v) >= probeLen && word(v[0]) {
				seen[v[:probeLen]] = true
			}
		}
		if len(seen) >= len(rows)*9/10 {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// physicalFeatures are, for each probe column, the positions of each
// row's value in the raw files and the logs: byte offset and page in the
// database file, first WAL commit and frame, first log line.
func physicalFeatures(ev *evidence, rows []linkRow) []feature {
	var out []feature
	for _, col := range probeColumns(rows) {
		probes := make([]string, len(rows))
		for i, r := range rows {
			probes[i] = r.cols[col]
		}
		out = append(out, probeFeatures(ev, col, probes)...)
	}
	return out
}

// probeFeatures are the positions of probes in the raw files and logs.
func probeFeatures(ev *evidence, col string, probes []string) []feature {
	nan := func(name string) feature {
		f := feature{name: name + " of " + col, val: make([]float64, len(probes))}
		for i := range f.val {
			f.val[i] = math.NaN()
		}
		return f
	}
	var out []feature
	off, page := nan("database file offset"), nan("database file page")
	if main := ev.files["main"]; len(main) > 0 && ev.pageSize > 0 {
		scanProbes(main, probes, func(i, o int) { off.val[i], page.val[i] = float64(o), float64(o/ev.pageSize) })
		out = append(out, off, page)
	}
	if wal := ev.files["wal"]; len(wal) > 32 {
		// A value the database file does not hold yet was written since
		// the last checkpoint: the first WAL commit that holds it is
		// when. (A value the file holds shows in every later image of
		// its page, which says nothing of when it came.)
		commit, frame := nan("WAL commit"), nan("WAL frame")
		fs := walFrames(wal)
		for k, fr := range fs {
			scanProbes(fr.page, probes, func(i, _ int) {
				if math.IsNaN(commit.val[i]) && math.IsNaN(off.val[i]) {
					commit.val[i], frame.val[i] = float64(fr.commit), float64(k)
				}
			})
		}
		out = append(out, commit, frame)
	}
	if len(ev.logs) > 0 {
		line := nan("log line")
		var all strings.Builder
		starts := make([]int, 0, len(ev.logs))
		for _, l := range ev.logs {
			starts = append(starts, all.Len())
			all.WriteString(l)
			all.WriteByte('\n')
		}
		scanProbes([]byte(all.String()), probes, func(i, o int) {
			j, _ := slices.BinarySearch(starts, o+1)
			line.val[i] = float64(j - 1)
		})
		out = append(out, line)
	}
	return out
}

// walFrame is a frame of a SQLite WAL: the page image and the index of
// the commit it belongs to. Frames of earlier generations of the WAL
// (overwritten only in part after a checkpoint) count too: they are put
// in time order by their salt, which each restart of the WAL increments,
// then by position.
type walFrame struct {
	commit int
	page   []byte
}

// walFrames splits a WAL file into its frames, in time order (format:
// sqlite.org/fileformat2.html#walformat).
func walFrames(b []byte) []walFrame {
	if len(b) < 32 {
		return nil
	}
	be := func(x []byte) uint32 { return uint32(x[0])<<24 | uint32(x[1])<<16 | uint32(x[2])<<8 | uint32(x[3]) }
	ps := int(be(b[8:12]))
	if ps < 512 || ps > 65536 {
		return nil
	}
	type raw struct {
		salt   uint32
		pos    int
		commit bool
		page   []byte
	}
	var fs []raw
	for off := 32; off+24+ps <= len(b); off += 24 + ps {
		fs = append(fs, raw{salt: be(b[off+8 : off+12]), pos: off, commit: be(b[off+4:off+8]) != 0, page: b[off+24 : off+24+ps]})
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].salt < fs[j].salt })
	out := make([]walFrame, len(fs))
	commit := 0
	for i, f := range fs {
		out[i] = walFrame{commit: commit, page: f.page}
		if f.commit {
			commit++
		}
	}
	return out
}

// linkResult is the linker's best strategy and how it scored.
type linkResult struct {
	strategy string
	correct  int
	voters   int     // lines of the sheet
	ballots  int     // ballots in the box
	chance   float64 // expected correct pairings under random pairing
	tried    int
}

func (r linkResult) rate() float64       { return float64(r.correct) / float64(r.voters) }
func (r linkResult) chanceRate() float64 { return r.chance / float64(r.voters) }

func (r linkResult) String() string {
	return fmt.Sprintf("%d of %d voters paired with their ballot (%.2f %%; chance %.3f %%) by %q, best of %d strategies",
		r.correct, r.voters, 100*r.rate(), 100*r.chanceRate(), r.strategy, r.tried)
}

// link runs every strategy and scores it against truth (voter key →
// ballot ID), which only the scoring reads.
func link(ev *evidence, truth map[string]string, seed uint64) linkResult {
	rng := mrand.New(mrand.NewPCG(seed, 1))
	sf := append(columnFeatures(ev.sheet), physicalFeatures(ev, ev.sheet)...)
	bf := append(columnFeatures(ev.box), physicalFeatures(ev, ev.box)...)
	cast := 0
	ids := map[string]bool{}
	for _, b := range ev.box {
		ids[b.key] = true
	}
	for _, s := range ev.sheet {
		if ids[truth[s.key]] {
			cast++
		}
	}
	best := linkResult{voters: len(ev.sheet), ballots: len(ev.box), chance: float64(cast) / float64(max(1, len(ev.box))), strategy: "none"}
	score := func(name string, pair []int) {
		best.tried++
		n := 0
		for i, j := range pair {
			if j >= 0 && truth[ev.sheet[i].key] == ev.box[j].key {
				n++
			}
		}
		if n > best.correct {
			best.correct, best.strategy = n, name
		}
	}
	bos := make([][]int, len(bf))
	for k, g := range bf {
		bos[k] = order(g.val, rng)
	}
	for _, f := range sf {
		so := order(f.val, rng)
		for k, g := range bf {
			bo := bos[k]
			score(f.name+" ~ "+g.name+", by rank", byRank(len(ev.sheet), so, bo))
			score(f.name+" ~ "+g.name+", first come", firstCome(len(ev.sheet), f.val, g.val, so, bo))
			score(f.name+" ~ "+g.name+", equal value", equalValue(len(ev.sheet), f.val, g.val, so, bo))
		}
	}
	return best
}

// order returns the indices of the rows that have a value, sorted by it,
// ties broken at random.
func order(v []float64, rng *mrand.Rand) []int {
	var idx []int
	for i, x := range v {
		if !math.IsNaN(x) {
			idx = append(idx, i)
		}
	}
	rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	sort.SliceStable(idx, func(i, j int) bool { return v[idx[i]] < v[idx[j]] })
	return idx
}

func unpaired(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = -1
	}
	return p
}

// byRank pairs the i-th voter with the ballot at the same relative rank.
func byRank(n int, so, bo []int) []int {
	p := unpaired(n)
	if len(bo) == 0 {
		return p
	}
	for r, i := range so {
		p[i] = bo[min(len(bo)-1, r*len(bo)/len(so))]
	}
	return p
}

// firstCome gives each ballot, in order, to the earliest voter at or
// before it who has none yet.
func firstCome(n int, fv, gv []float64, so, bo []int) []int {
	p := unpaired(n)
	var waiting []int
	i := 0
	for _, j := range bo {
		for i < len(so) && fv[so[i]] <= gv[j] {
			waiting = append(waiting, so[i])
			i++
		}
		if len(waiting) > 0 {
			p[waiting[0]] = j
			waiting = waiting[1:]
		}
	}
	return p
}

// equalValue pairs voters and ballots that share a value (one ballot per
// voter, in order).
func equalValue(n int, fv, gv []float64, so, bo []int) []int {
	p := unpaired(n)
	byVal := map[float64][]int{}
	for _, j := range bo {
		byVal[gv[j]] = append(byVal[gv[j]], j)
	}
	for _, i := range so {
		if js := byVal[fv[i]]; len(js) > 0 {
			p[i] = js[0]
			byVal[fv[i]] = js[1:]
		}
	}
	return p
}

// assertUnlinked fails when the best strategy beats chance by 1 % of the
// voters or more. Under random pairing the number of correct pairs of
// one strategy is close to a Poisson law of mean chance (≈ 1): reaching
// chance + 1 % of 10,000 voters (101) has a probability below 10⁻¹⁵⁰,
// and below 10⁻¹⁴⁵ for the few thousand strategies together.
func assertUnlinked(t *testing.T, what string, r linkResult) {
	t.Helper()
	t.Logf("%s: %v", what, r)
	if r.rate() > r.chanceRate()+0.01 {
		t.Errorf("%s: the linker beat chance by more than 1 %%: %v", what, r)
	}
}

// assertLinked fails when the linker does not link most voters: the
// control that shows the test can fail.
func assertLinked(t *testing.T, what string, r linkResult) {
	t.Helper()
	t.Logf("%s: %v", what, r)
	if r.rate() < 0.5 {
		t.Errorf("%s: the linker should pair most voters, got %v", what, r)
	}
}
