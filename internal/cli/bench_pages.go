package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/server"
	"codeberg.org/cortege/cortege/internal/store"
)

// benchPages runs `cortege bench pages`: it builds (or reuses) instances of
// several sizes made by the scale generator, serves each with the handler
// stack of `cortege serve` on loopback HTTP, and prints for every page the
// latency (p50, p99) and throughput at several numbers of concurrent
// clients, with each page's p50 as a ratio to the smallest instance of the
// same run.
func benchPages(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "bench pages", "bench pages [--sizes 1000,10000] [--data DIR] [--database-url URL] [--engines sqlite,postgres] [--clients 1,16,64] [--requests N] [--max-time D] [--pages a,b] [--trace] [--cpuprofile FILE]")
	sizes := fs.String("sizes", "1000,10000", "events of each instance, comma-separated; the first is the baseline of the ratios (issue 12 measures 1000,100000,1000000)")
	data := fs.String("data", filepath.Join(os.TempDir(), "cortege-bench-pages"), "folder of the instances (SQLite files, keys), one sub-folder per engine and size; an instance found there is reused")
	dbURL := fs.String("database-url", env.Getenv("CORTEGE_DATABASE_URL"), "PostgreSQL server for the postgres engine (one schema per size)")
	engines := fs.String("engines", "", "engines to run: sqlite, postgres (default sqlite, and postgres when --database-url is set)")
	clients := fs.String("clients", "1,16,64", "concurrent clients, comma-separated")
	requests := fs.Int("requests", 200, "requests per page and number of clients (fewer if --max-time runs out)")
	maxTime := fs.Duration("max-time", 3*time.Second, "time budget per page and number of clients (at least 5 requests are made)")
	only := fs.String("pages", "", "only these pages (names as printed), comma-separated")
	seed := fs.Uint64("seed", 1, "seed of the generator for new instances")
	fresh := fs.Bool("fresh", false, "make new instances even where some are found")
	trace := fs.Bool("trace", false, "print, under each instance, every page's named statements with their times (one warm request)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the whole run (server and clients, in this process) to this file, for go tool pprof")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ns, err := intList("sizes", *sizes)
	if err != nil {
		return err
	}
	cs, err := intList("clients", *clients)
	if err != nil {
		return err
	}
	engs := benchEngines(*engines, *dbURL)
	out := env.Stdout
	fmt.Fprintf(out, "machine: %s/%s, %d CPUs, %s; load average at start: %s\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), loadAvg())
	defer func() { fmt.Fprintf(out, "load average at end: %s\n", loadAvg()) }()
	opt := pageBenchOptions{clients: cs, requests: *requests, maxTime: *maxTime, only: *only, trace: *trace, out: out}
	for _, eng := range engs {
		var runs []*pageBenchRun
		for _, n := range ns {
			inst, err := openBenchInstance(ctx, env, eng, n, *data, *dbURL, *seed, *fresh)
			if err != nil {
				return fmt.Errorf("%s, %d events: %w", eng, n, err)
			}
			run, err := inst.bench(ctx, opt)
			inst.close()
			if err != nil {
				return fmt.Errorf("%s, %d events: %w", eng, n, err)
			}
			runs = append(runs, run)
		}
		printPageBench(out, eng, cs, runs)
	}
	return nil
}

// intList parses "1,16,64".
func intList(name, s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("--%s: %q is not a positive number", name, f)
		}
		out = append(out, n)
	}
	return out, nil
}

// benchInstance is one generated instance, served on loopback.
type benchInstance struct {
	engine string
	n      int
	db     *store.DB
	facts  scaleFacts
	base   string
	cookie *http.Cookie
	srv    *http.Server
}

// openBenchInstance opens the instance of n events for an engine under
// dir, generating it when there is none (or --fresh), and serves it.
func openBenchInstance(ctx context.Context, env Env, engine string, n int, dir, dbURL string, seed uint64, fresh bool) (*benchInstance, error) {
	cfg := config.Defaults()
	cfg.Data = filepath.Join(dir, fmt.Sprintf("%s-%d", engine, n))
	// Item 1 measures the pages as rendered: the cache of anonymous pages
	// (bench storm measures it) stays off.
	cfg.Workers, cfg.LogLevel, cfg.PageCacheMB = 0, "error", 0
	switch engine {
	case "sqlite":
		if fresh {
			os.RemoveAll(cfg.Data)
		}
	case "postgres":
		if dbURL == "" {
			return nil, errors.New("the postgres engine needs --database-url")
		}
		schema := fmt.Sprintf("bench_pages_%d", n)
		if fresh {
			schema += "_" + strconv.FormatInt(time.Now().Unix(), 36)
		}
		u, err := store.PostgreSQLSchemaURL(ctx, dbURL, schema)
		if err != nil {
			return nil, err
		}
		cfg.DatabaseURL = u
	default:
		return nil, fmt.Errorf("--engines: unknown engine %q (sqlite, postgres)", engine)
	}
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	inst := &benchInstance{engine: engine, n: n, db: db}
	raw, err := db.Q().Setting(ctx, scaleFactsKey, "")
	if err == nil && raw == "" {
		fmt.Fprintf(env.Stdout, "%s: generating %d events in %s\n", engine, n, cfg.Data)
		var st scaleStats
		db.Close() // the generator writes as a bulk load, then the bench opens the instance as serve does
		st, inst.facts, err = generateScaleBulk(ctx, cfg, scaleOptions{N: n, Seed: seed})
		if err == nil {
			st.describe(env.Stdout, inst.facts)
			db, err = openStore(ctx, cfg)
			inst.db = db
		}
		if err != nil {
			return nil, err
		}
	} else if err == nil {
		err = json.Unmarshal([]byte(raw), &inst.facts)
		if err == nil && inst.facts.Events != n {
			err = fmt.Errorf("the instance found has %d events, not %d (use --fresh or another --data)", inst.facts.Events, n)
		}
		if err == nil {
			fmt.Fprintf(env.Stdout, "%s: reusing the instance of %d events in %s\n", engine, n, cfg.Data)
		}
	}
	if err == nil {
		err = inst.serve(ctx, cfg)
	}
	if err != nil {
		db.Close()
		return nil, err
	}
	return inst, nil
}

// serve starts the handler of `cortege serve` on a loopback port and signs
// in the dashboard's person.
func (b *benchInstance) serve(ctx context.Context, cfg config.Config) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	cfg.BaseURL = "http://" + ln.Addr().String()
	log := cfg.Logger(io.Discard)
	svc, err := newService(b.db, cfg, log, nil, nil)
	if err != nil {
		ln.Close()
		return err
	}
	h, err := newHandler(cfg, svc, server.NewMetrics(), log)
	if err != nil {
		ln.Close()
		return err
	}
	b.base = cfg.BaseURL
	b.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go b.srv.Serve(ln)
	link, err := svc.CreateAdmin(ctx, b.facts.DashboardEmail, "")
	if err != nil {
		return fmt.Errorf("sign in %s: %w", b.facts.DashboardEmail, err)
	}
	u, err := url.Parse(link)
	if err != nil {
		return err
	}
	secret, _, err := svc.ConfirmLogin(ctx, cortege.Actor{IP: "127.0.0.1"}, u.Query().Get("token"))
	if err != nil {
		return fmt.Errorf("sign in %s: %w", b.facts.DashboardEmail, err)
	}
	b.cookie = &http.Cookie{Name: "cortege_session", Value: secret}
	return nil
}

func (b *benchInstance) close() {
	if b.srv != nil {
		b.srv.Close()
	}
	b.db.Close()
}

// benchPage is one page of issue 12's list.
type benchPage struct {
	name, path string
	signedIn   bool
	// next is how many "next page" links are followed from path, once
	// before the measure, to reach the page measured (a deep page of a
	// list is reached through its cursors, as a reader reaches it).
	next int
}

// pages lists the pages measured, with query parameters taken from the
// instance's data (a real commune, group, tag, a common and a rare word).
func (b *benchInstance) pages() []benchPage {
	f := b.facts
	esc := url.QueryEscape
	return []benchPage{
		{"home", "/", false, 0},
		{"events", "/events", false, 0},
		{"events ?q common word", "/events?q=" + esc(f.CommonWord), false, 0},
		{"events ?q rare word", "/events?q=" + esc(f.RareWord), false, 0},
		{"events ?q tag", "/events?q=" + esc(f.Tag), false, 0},
		{"events ?near commune", "/events?near=" + esc(f.Commune) + "&radius=10", false, 0},
		{"events ?from&to one day", "/events?from=" + f.FirstDay + "&to=" + f.FirstDay, false, 0},
		{"events ?group", "/events?group=" + esc(f.GroupHandle), false, 0},
		{"events ?category", "/events?category=demonstration", false, 0},
		{"events page 5", "/events", false, 4},
		{"group page", "/@" + f.GroupHandle, false, 0},
		{"group page signed in", "/@" + f.GroupHandle, true, 0},
		{"group directory", "/groups", false, 0},
		{"group search", "/groups?q=" + esc(f.CommonWord), false, 0},
		{"dashboard", "/dashboard", true, 0},
		{"event page", "/events/" + f.EventID, false, 0},
		{"event page signed in", "/events/" + f.EventID, true, 0},
		{"event page 50k", "/events/" + f.BigEventID, false, 0},
		{"feed atom", "/feeds/events.atom", false, 0},
		{"feed ics", "/feeds/events.ics", false, 0},
		{"api events", "/api/v1/events", false, 0},
		{"api events ?q", "/api/v1/events?q=" + esc(f.CommonWord), false, 0},
		{"api groups", "/api/v1/groups", false, 0},
		{"api group events", "/api/v1/groups/" + f.GroupHandle + "/events", false, 0},
	}
}

// pageBenchOptions say how long each page is measured.
type pageBenchOptions struct {
	clients  []int
	requests int
	maxTime  time.Duration
	only     string
	trace    bool      // print each page's statements (--trace)
	out      io.Writer // where the traces go
}

// pageFigures are one page's figures at one number of clients.
type pageFigures struct {
	p50, p99   time.Duration
	rps        float64
	n, errs    int
	statements float64 // named statements per request (one client)
	bytes      int
	lastErr    string
	skipped    bool // not measured: one request is too slow for this many clients
}

// pageBenchRun is every page of one instance.
type pageBenchRun struct {
	n     int
	pages []benchPage
	figs  map[string]map[int]*pageFigures // page → clients → figures
}

// bench measures every page at every number of clients.
func (b *benchInstance) bench(ctx context.Context, opt pageBenchOptions) (*pageBenchRun, error) {
	run := &pageBenchRun{n: b.n, figs: map[string]map[int]*pageFigures{}}
	want := map[string]bool{}
	for _, p := range strings.Split(opt.only, ",") {
		if p = strings.TrimSpace(p); p != "" {
			want[p] = true
		}
	}
	maxClients := 1
	for _, c := range opt.clients {
		maxClients = max(maxClients, c)
	}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: maxClients, MaxConnsPerHost: maxClients}, Timeout: 2 * time.Minute}
	defer client.CloseIdleConnections()
	for _, p := range b.pages() {
		if len(want) > 0 && !want[p.name] {
			continue
		}
		if p.next > 0 {
			var err error
			if p.path, err = b.follow(ctx, client, p); err != nil {
				return nil, fmt.Errorf("%s: %w", p.name, err)
			}
		}
		run.pages = append(run.pages, p)
		run.figs[p.name] = map[int]*pageFigures{}
		b.fetch(ctx, client, p) // warm: templates, caches, connections
		if opt.trace {
			line, err := b.trace(ctx, client, p)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", p.name, err)
			}
			fmt.Fprintf(opt.out, "%s, %d events: statements of%s\n", b.engine, b.n, line)
		}
		var one time.Duration
		for _, c := range opt.clients {
			if one > 0 && float64(c)*float64(one)/float64(runtime.NumCPU()) > 2*float64(opt.maxTime) {
				// A round of c requests alone would take longer than twice
				// the budget: these clients are not measured.
				run.figs[p.name][c] = &pageFigures{skipped: true}
				continue
			}
			before := b.db.Statements()
			f := b.measure(ctx, client, p, c, opt)
			if c == 1 && f.n > 0 {
				f.statements = float64(b.db.Statements()-before) / float64(f.n)
			}
			if one == 0 {
				one = f.p50
			}
			run.figs[p.name][c] = f
		}
	}
	return run, nil
}

// fetch makes one request and returns its body's size or an error for any
// status but 200.
func (b *benchInstance) fetch(ctx context.Context, client *http.Client, p benchPage) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+p.path, nil)
	if err != nil {
		return 0, err
	}
	if p.signedIn {
		req.AddCookie(b.cookie)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: status %d", p.path, resp.StatusCode)
	}
	return int(n), err
}

// nextLink is a page's link to the next page of its list.
var nextLink = regexp.MustCompile(`<a [^>]*href="([^"]+)"[^>]* rel="next"`)

// follow returns the path p.next "next page" links away from p.path, or
// the last page of a shorter list (a tiny instance's).
func (b *benchInstance) follow(ctx context.Context, client *http.Client, p benchPage) (string, error) {
	path := p.path
	for range p.next {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.base+path, nil)
		if err != nil {
			return "", err
		}
		resp, err := client.Do(req)
		if err != nil {
			return "", err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return "", err
		}
		m := nextLink.FindSubmatch(body)
		if m == nil {
			break
		}
		path = html.UnescapeString(string(m[1]))
	}
	return path, nil
}

// measure runs c clients on a page until opt.requests are made or
// opt.maxTime is spent (at least 5 requests).
func (b *benchInstance) measure(ctx context.Context, client *http.Client, p benchPage, c int, opt pageBenchOptions) *pageFigures {
	var mu sync.Mutex
	f := &pageFigures{}
	var lat []time.Duration
	deadline := time.Now().Add(opt.maxTime)
	hard := time.Now().Add(10 * opt.maxTime) // a page of several seconds stops with fewer than 5
	left := opt.requests
	take := func() bool {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		if left <= 0 || (now.After(deadline) && len(lat) >= 5) || (now.After(hard) && len(lat) >= 1) {
			return false
		}
		left--
		return true
	}
	began := time.Now()
	var wg sync.WaitGroup
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for take() {
				t := time.Now()
				n, err := b.fetch(ctx, client, p)
				d := time.Since(t)
				mu.Lock()
				lat = append(lat, d)
				f.bytes = n
				if err != nil {
					f.errs++
					f.lastErr = err.Error()
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	el := time.Since(began)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	f.n = len(lat)
	f.p50, f.p99 = pct(lat, 0.50), pct(lat, 0.99)
	f.rps = float64(f.n) / el.Seconds()
	return f
}
