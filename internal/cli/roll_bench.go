package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"codeberg.org/cortege/cortege/internal/roll"
)

// benchQuery is a noisy query and whether its typo-free form is specific
// enough (at most 20 matches) to count towards recall.
type benchQuery struct {
	roll.BenchQuery
	eligible bool
	// clean holds the entries the typo-free query designates (its
	// exact-mode matches): homonyms no list can tell apart from the target.
	clean map[srcRef]bool
}

// benchFigures are one system's measurements.
type benchFigures struct {
	name                  string
	build                 time.Duration
	load                  time.Duration
	bytes                 int64 // resident (engine) or on-disk (PostgreSQL) size
	bytesNote             string
	lat                   []time.Duration
	best                  []time.Duration // per query, the fastest of three runs
	qps                   float64
	hit1, hit20, eligible int
	hit1Clean             int               // the top result is one of the typo-free matches
	byClass               map[string][3]int // eligible, hit@1, hit@20
	err                   error
}

// searcher answers a bench query with (file, line) results, best first.
type searcher func(ctx context.Context, q roll.BenchQuery) ([]srcRef, error)

type srcRef struct {
	file string
	line int
}

// cmdRollBench builds a roll of N synthetic rows, measures the engine and,
// with --database-url, the two PostgreSQL baselines on the same rows and
// queries, and prints them side by side.
func cmdRollBench(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "roll bench", "roll bench --rows N [--seed S] [--queries Q] [--csv FILE] [--database-url postgres://…]")
	rows := fs.Int("rows", 1000000, "rows of the synthetic roll")
	seed := fs.Uint64("seed", 1, "seed of the roll and of the query set")
	nq := fs.Int("queries", 2000, "number of noisy queries")
	csvPath := fs.String("csv", "", "use this roll file instead of generating one (--rows is then ignored)")
	dir := fs.String("dir", "", "work directory for the generated roll, snapshot and query set (default: a new temporary directory, removed afterwards)")
	dbURL := fs.String("database-url", "", "PostgreSQL URL: also measure the 2018 design and the vocabulary design")
	pgOnly := fs.String("pg", "2018,vocab", "PostgreSQL baselines to run (2018, vocab; add keep to leave their tables in place)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	out := env.Stdout
	work, finish, err := benchStart(out, *dir, "cortege-roll-bench-")
	if err != nil {
		return err
	}
	defer finish()
	path := *csvPath
	if path == "" {
		path = filepath.Join(work, fmt.Sprintf("roll-%d-%d.csv", *rows, *seed))
		start := time.Now()
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		bw := bufio.NewWriterSize(f, 1<<20)
		if err := roll.Generate(bw, roll.GenerateOptions{Rows: *rows, Seed: *seed}); err != nil {
			f.Close()
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		f.Close()
		fmt.Fprintf(out, "generated %d rows in %s\n", *rows, time.Since(start).Round(time.Millisecond))
	}

	// Import and index, then snapshot, then load the snapshot as a server
	// would and measure what it costs in memory.
	start := time.Now()
	ix, rep, err := roll.Import(ctx, []string{path}, time.Now(), roll.ImportOptions{})
	if err != nil {
		return err
	}
	eng := benchFigures{name: "cortege", build: time.Since(start)}
	fmt.Fprintf(out, "imported %d rows into %d entries (%d distinct name tokens, %d duplicates) in %s\n",
		rep.Rows, rep.Entries, rep.Tokens, rep.Duplicates, eng.build.Round(time.Millisecond))
	snap := filepath.Join(work, roll.SnapshotFile)
	start = time.Now()
	if err := ix.WriteSnapshot(snap); err != nil {
		return err
	}
	fmt.Fprintf(out, "snapshot written in %s\n", time.Since(start).Round(time.Millisecond))
	ix = nil
	runtime.GC()
	debug.FreeOSMemory()
	rss0 := residentBytes()
	start = time.Now()
	ix, err = roll.LoadSnapshot(snap)
	if err != nil {
		return err
	}
	defer ix.Close()
	eng.load = time.Since(start)
	runtime.GC()
	eng.bytes = residentBytes() - rss0
	eng.bytesNote = "RSS growth after loading the snapshot"
	if st, err := os.Stat(snap); err == nil {
		fmt.Fprintf(out, "snapshot: %d bytes (%.1f bytes/entry), loaded in %s\n", st.Size(), float64(st.Size())/float64(ix.Len()), eng.load.Round(time.Millisecond))
	}

	// The query set, and which queries are specific enough to count.
	start = time.Now()
	made := roll.MakeQueries(ix, *nq, *seed+1)
	qs := benchQueries(ix, made)
	if err := writeQuerySet(filepath.Join(work, "queries.tsv"), qs); err != nil {
		return err
	}
	fmt.Fprintf(out, "%d queries, each with its département, made in %s; query set in %s\n",
		len(qs), time.Since(start).Round(time.Millisecond), filepath.Join(work, "queries.tsv"))
	printEligible(out, qs)

	engine := func(_ context.Context, q roll.BenchQuery) ([]srcRef, error) {
		res, err := ix.Search(roll.Query{Name: q.Name, Born: q.Born, Dept: q.Dept, Limit: 20})
		refs := make([]srcRef, len(res))
		for i, r := range res {
			refs[i] = srcRef{r.File, r.Line}
		}
		return refs, err
	}
	runBench(ctx, &eng, qs, engine, runtime.GOMAXPROCS(0), 3)
	all := []*benchFigures{&eng}

	// The same queries without their département, for the engine alone:
	// the baselines need one.
	nodept := benchQueries(ix, roll.WithoutDept(made))
	nd := benchFigures{name: "cortege", build: eng.build, load: eng.load, bytes: eng.bytes, bytesNote: eng.bytesNote}
	runBench(ctx, &nd, nodept, engine, runtime.GOMAXPROCS(0), 3)

	if *dbURL != "" {
		pgs, err := benchPostgres(ctx, env, *dbURL, ix, qs, *pgOnly)
		if err != nil {
			fmt.Fprintf(env.Stderr, "PostgreSQL baselines failed: %v\n", err)
		}
		all = append(all, pgs...)
	}
	printBench(out, ix.Len(), all)
	fmt.Fprintln(out, "\nThe same queries without their département (the engine alone):")
	printEligible(out, nodept)
	printBench(out, ix.Len(), []*benchFigures{&nd})
	return nil
}

// benchQueries runs the typo-free form of each query in exact mode to know
// which entries it designates and whether it counts for recall.
func benchQueries(ix *roll.Index, made []roll.BenchQuery) []benchQuery {
	qs := make([]benchQuery, 0, len(made))
	for _, q := range made {
		res, err := ix.Search(q.Clean)
		bq := benchQuery{BenchQuery: q, eligible: err == nil && len(res) <= 20, clean: map[srcRef]bool{}}
		for _, r := range res {
			bq.clean[srcRef{r.File, r.Line}] = true
		}
		qs = append(qs, bq)
	}
	return qs
}

// printEligible tells how many queries count for recall and how many
// homonyms their typo-free forms designate.
func printEligible(w io.Writer, qs []benchQuery) {
	elig, matches, ceiling := 0, 0, 0.0
	for _, q := range qs {
		if q.eligible {
			elig++
			matches += len(q.clean)
			ceiling += 1 / float64(len(q.clean))
		}
	}
	fmt.Fprintf(w, "%d of %d queries (%.1f%%) count for recall: their typo-free form matches at most 20 entries\n",
		elig, len(qs), 100*float64(elig)/float64(max(len(qs), 1)))
	if elig > 0 {
		// A typo-free query matching k entries can put its target first
		// by chance once in k: the mean of 1/k is what recall@1 would be
		// with nothing but the query's words to rank homonyms by.
		fmt.Fprintf(w, "homonyms: the typo-free queries that count match %.2f entries on average; mean of 1/matches %.3f\n", float64(matches)/float64(elig), ceiling/float64(elig))
	}
}

// runBench measures latency one query at a time, recall, then throughput
// with workers concurrent clients.
func runBench(ctx context.Context, f *benchFigures, qs []benchQuery, search searcher, workers, passes int) {
	f.byClass = map[string][3]int{}
	// Warm up on a tenth of the queries.
	for i := 0; i < len(qs)/10; i++ {
		search(ctx, qs[i].BenchQuery)
	}
	for _, q := range qs {
		t := time.Now()
		refs, err := search(ctx, q.BenchQuery)
		f.lat = append(f.lat, time.Since(t))
		if err != nil {
			f.err = err
			continue
		}
		if !q.eligible {
			continue
		}
		f.eligible++
		rank := -1
		for i, r := range refs {
			if r.file == q.TargetFile && r.line == q.TargetLine {
				rank = i
				break
			}
		}
		if rank == 0 {
			f.hit1++
		}
		if rank >= 0 && rank < 20 {
			f.hit20++
		}
		if len(refs) > 0 && q.clean[refs[0]] {
			f.hit1Clean++
		}
		for _, class := range queryClasses(q) {
			c := f.byClass[class]
			c[0]++
			if rank == 0 {
				c[1]++
			}
			if rank >= 0 && rank < 20 {
				c[2]++
			}
			f.byClass[class] = c
		}
	}
	// More timed passes: the fastest of three runs of each query filters
	// out the scheduling noise of a shared machine.
	f.best = append([]time.Duration(nil), f.lat...)
	for pass := 1; pass < passes; pass++ {
		for i, q := range qs {
			t := time.Now()
			search(ctx, q.BenchQuery)
			if d := time.Since(t); d < f.best[i] {
				f.best[i] = d
			}
		}
	}
	slices.Sort(f.lat)
	slices.Sort(f.best)
	// Throughput: workers clients share the query set.
	var next atomic.Int64
	var wg sync.WaitGroup
	t := time.Now()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(len(qs)) {
					return
				}
				search(ctx, qs[i].BenchQuery)
			}
		}()
	}
	wg.Wait()
	f.qps = float64(len(qs)) / time.Since(t).Seconds()
}

// The classes recall is broken down by: most edits in one name part (the
// query set puts two edits in one part or in both), edits in all, and
// whether the typo-free query names one person only (recall@1 can then
// reach 1; with homonyms it cannot).
const (
	classEdits0    = "  0 edits"
	classEdits1    = "  1 edit"
	classEdits2    = "  2 edits in a part"
	classUpTo2     = "  at most 2 edits in all"
	classOnePerson = "  one person named"
)

func queryClasses(q benchQuery) []string {
	c := []string{[]string{classEdits0, classEdits1, classEdits2}[min(q.Edits, 2)]}
	if q.TotalEdits <= 2 {
		c = append(c, classUpTo2)
	}
	if len(q.clean) == 1 {
		c = append(c, classOnePerson)
	}
	return c
}

func pct(lat []time.Duration, p float64) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	i := int(p*float64(len(lat))+0.5) - 1
	if i < 0 {
		i = 0
	}
	if i >= len(lat) {
		i = len(lat) - 1
	}
	return lat[i]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.3f ms", float64(d)/1e6) }

// printBench prints the systems side by side.
func printBench(w io.Writer, rows int, all []*benchFigures) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	fmt.Fprintf(bw, "\n%-28s", "")
	for _, f := range all {
		fmt.Fprintf(bw, "%22s", f.name)
	}
	line := func(label string, val func(f *benchFigures) string) {
		fmt.Fprintf(bw, "\n%-28s", label)
		for _, f := range all {
			fmt.Fprintf(bw, "%22s", val(f))
		}
	}
	line("entries", func(*benchFigures) string { return strconv.Itoa(rows) })
	line("p50", func(f *benchFigures) string { return ms(pct(f.lat, 0.50)) })
	line("p95", func(f *benchFigures) string { return ms(pct(f.lat, 0.95)) })
	line("p99", func(f *benchFigures) string { return ms(pct(f.lat, 0.99)) })
	line("max", func(f *benchFigures) string { return ms(pct(f.lat, 1)) })
	line("p50, best of 3 runs (*)", func(f *benchFigures) string { return ms(pct(f.best, 0.50)) })
	line("p99, best of 3 runs (*)", func(f *benchFigures) string { return ms(pct(f.best, 0.99)) })
	line("QPS (all cores)", func(f *benchFigures) string { return fmt.Sprintf("%.0f", f.qps) })
	line("recall@1", func(f *benchFigures) string { return ratio(f.hit1, f.eligible) })
	line("recall@20", func(f *benchFigures) string { return ratio(f.hit20, f.eligible) })
	line("top result a typo-free match", func(f *benchFigures) string { return ratio(f.hit1Clean, f.eligible) })
	fmt.Fprint(bw, "\nrecall@1 / @20 of queries:")
	for _, c := range []string{classEdits0, classEdits1, classEdits2, classUpTo2, classOnePerson} {
		line(c, func(f *benchFigures) string {
			v := f.byClass[c]
			return fmt.Sprintf("%s / %s (%d)", ratio(v[1], v[0]), ratio(v[2], v[0]), v[0])
		})
	}
	line("counted queries", func(f *benchFigures) string { return fmt.Sprintf("%d of %d", f.eligible, len(f.lat)) })
	line("build (import+index)", func(f *benchFigures) string { return f.build.Round(time.Millisecond).String() })
	line("snapshot load", func(f *benchFigures) string {
		if f.load == 0 {
			return "-"
		}
		return f.load.Round(time.Millisecond).String()
	})
	line("memory / size", func(f *benchFigures) string { return fmt.Sprintf("%.1f MB", float64(f.bytes)/1e6) })
	line("bytes per entry", func(f *benchFigures) string { return fmt.Sprintf("%.1f", float64(f.bytes)/float64(rows)) })
	if len(all) > 1 {
		line("p50 ratio vs cortege", func(f *benchFigures) string {
			return fmt.Sprintf("%.0f×", float64(pct(f.lat, .5))/float64(pct(all[0].lat, .5)))
		})
		line("p99 ratio vs cortege", func(f *benchFigures) string {
			return fmt.Sprintf("%.0f×", float64(pct(f.lat, .99))/float64(pct(all[0].lat, .99)))
		})
		line("p50 ratio (*)", func(f *benchFigures) string {
			return fmt.Sprintf("%.0f×", float64(pct(f.best, .5))/float64(pct(all[0].best, .5)))
		})
		line("QPS ratio (cortege / x)", func(f *benchFigures) string { return fmt.Sprintf("%.0f×", all[0].qps/f.qps) })
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, "(*) cortege: each query run three times, its fastest run kept; PostgreSQL baselines: one run (too slow to repeat)")
	for _, f := range all {
		fmt.Fprintf(bw, "%s memory: %s\n", f.name, f.bytesNote)
		if f.err != nil {
			fmt.Fprintf(bw, "%s: last error: %v\n", f.name, f.err)
		}
	}
}

func ratio(a, b int) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(a)/float64(b))
}

// residentBytes reads the process's resident set size.
func residentBytes() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "VmRSS:") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				n, _ := strconv.ParseInt(f[1], 10, 64)
				return n * 1024
			}
		}
	}
	return 0
}

// writeQuerySet writes the queries in the --batch format, and the expected
// entry of each next to it, so the same set can be replayed.
func writeQuerySet(path string, qs []benchQuery) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	g, err := os.OpenFile(path+".expected", os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		f.Close()
		return err
	}
	bw, bg := bufio.NewWriter(f), bufio.NewWriter(g)
	for i, q := range qs {
		fmt.Fprintf(bw, "%s\t%s\t%s\n", q.Name, q.Born, q.Dept)
		fmt.Fprintf(bg, "%d\t%s\t%d\t%v\t%d\t%s\n", i+1, q.TargetFile, q.TargetLine, q.eligible, q.Edits, q.Class)
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if err := bg.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return g.Close()
}

// loadAvg reads the 1, 5 and 15-minute load averages: the machine may be
// shared, and figures taken under load say so.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
