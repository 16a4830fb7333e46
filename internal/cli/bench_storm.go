package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/server"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// benchStorm runs `cortege bench storm`: an anonymous reload storm of many
// keep-alive clients on one event page of a generated instance, served by
// the handler of `cortege serve` on loopback HTTP, with the page cache and
// without it side by side, quiet and with a write every so often on the
// page's event (a comment), which must show on the next answer.
func benchStorm(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "bench storm", "bench storm [--clients 100,500] [--duration D] [--events N] [--data DIR] [--page-cache-mb MB] [--write-every D] [--cpuprofile FILE]")
	clientList := fs.String("clients", "500", "concurrent clients, comma-separated")
	duration := fs.Duration("duration", 5*time.Second, "measured time per cell (after the warm-up)")
	warmup := fs.Duration("warmup", time.Second, "unmeasured time before each cell (connections opened, the page rendered)")
	events := fs.Int("events", 1000, "events of the generated instance")
	data := fs.String("data", filepath.Join(os.TempDir(), "cortege-bench-storm"), "folder of the instance (SQLite file, keys); an instance of --events found there is reused")
	cacheMB := fs.Int("page-cache-mb", config.DefaultPageCacheMB, "page cache of the cached node (the baseline node has none)")
	writeEvery := fs.Duration("write-every", time.Second, "during the cells with writes, one comment on the storm's event this often (0: no cells with writes)")
	baseline := fs.Bool("baseline", true, "also measure the node without a page cache, beside the cached one")
	seed := fs.Uint64("seed", 1, "seed of the generator for a new instance")
	fresh := fs.Bool("fresh", false, "make a new instance even when one is found")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the measured cells (server and clients) to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	clients, err := intList("clients", *clientList)
	if err != nil {
		return err
	}
	if *cacheMB <= 0 {
		return errors.New("--page-cache-mb: the cached node needs a cache (the baseline without one is measured beside it)")
	}
	out := env.Stdout
	work, finish, err := benchStart(out, *data, "cortege-bench-storm-")
	if err != nil {
		return err
	}
	defer finish()

	cfg := config.Defaults()
	cfg.Data = filepath.Join(work, fmt.Sprintf("sqlite-%d", *events))
	cfg.Workers, cfg.LogLevel = 0, "error"
	if *fresh {
		os.RemoveAll(cfg.Data)
	}
	db, facts, err := openStormInstance(ctx, out, cfg, *events, *seed)
	if err != nil {
		return err
	}
	defer db.Close()
	var nodes []*stormNode
	defer func() {
		for _, n := range nodes {
			n.close()
		}
	}()
	sizes := []int{*cacheMB}
	if *baseline {
		sizes = append(sizes, 0)
	}
	for _, mb := range sizes {
		n, err := startStormNode(cfg, db, mb)
		if err != nil {
			return err
		}
		nodes = append(nodes, n)
	}
	var writers *stormWriters
	if *writeEvery > 0 {
		perCell := int((*warmup+*duration) / *writeEvery) + 2
		writers, err = newStormWriters(ctx, nodes[0].svc, perCell*len(clients)*len(nodes))
		if err != nil {
			return err
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(out, "reload storm: anonymous GET of one event page (/events/%s of the %d-event instance), Accept-Encoding: gzip, keep-alive HTTP/1.1 clients over one shared transport; "+
		"the clients run in the same process as the server and share the machine's CPUs with it; %s per cell after %s of warm-up\n", facts.EventID, facts.Events, *duration, *warmup)
	if writers != nil {
		fmt.Fprintf(out, "with writes: one comment every %s on the page's event (a new event per cell, so that its comments fit on the page), each checked on the next anonymous answer\n", *writeEvery)
	}
	var rows []stormRow
	for _, c := range clients {
		for _, write := range []bool{false, true} {
			if write && writers == nil {
				continue
			}
			r := stormRow{clients: c, write: write}
			for _, n := range nodes {
				path := "/events/" + facts.EventID
				var w *stormWrite
				if write {
					if w, err = writers.start(ctx, n.svc, *writeEvery); err != nil {
						return err
					}
					path = "/events/" + w.eventID
				}
				r.cells = append(r.cells, runStormCell(ctx, db, n, path, c, *warmup, *duration, w))
			}
			rows = append(rows, r)
			printStormRow(out, len(rows) == 1, nodes, r)
		}
	}
	printStormVerdict(out, rows)
	return nil
}

// openStormInstance opens the instance under cfg.Data, generating n events
// with the scale generator when it holds none.
func openStormInstance(ctx context.Context, out io.Writer, cfg config.Config, n int, seed uint64) (*store.DB, scaleFacts, error) {
	var facts scaleFacts
	db, err := openStore(ctx, cfg)
	if err != nil {
		return nil, facts, err
	}
	raw, err := db.Q().Setting(ctx, scaleFactsKey, "")
	switch {
	case err != nil:
	case raw == "":
		fmt.Fprintf(out, "generating %d events in %s\n", n, cfg.Data)
		var st scaleStats
		if st, facts, err = generateScale(ctx, db, scaleOptions{N: n, Seed: seed}); err == nil {
			st.describe(out, facts)
		}
	default:
		if err = json.Unmarshal([]byte(raw), &facts); err == nil && facts.Events != n {
			err = fmt.Errorf("the instance in %s has %d events, not %d (use --fresh or another --data)", cfg.Data, facts.Events, n)
		}
		if err == nil {
			fmt.Fprintf(out, "reusing the instance of %d events in %s\n", n, cfg.Data)
		}
	}
	if err != nil {
		db.Close()
		return nil, facts, err
	}
	return db, facts, nil
}

// stormNode is one server of the bench over the shared store: its own
// service and the handler of serve, with or without a page cache.
type stormNode struct {
	name    string
	svc     *service.Service
	metrics *server.Metrics
	url     string
	srv     *http.Server
}

func startStormNode(cfg config.Config, db *store.DB, cacheMB int) (*stormNode, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	cfg.PageCacheMB = cacheMB
	cfg.BaseURL = "http://" + ln.Addr().String()
	log := slog.New(slog.DiscardHandler)
	n := &stormNode{name: fmt.Sprintf("page cache %d MB", cacheMB), url: cfg.BaseURL, metrics: server.NewMetrics()}
	if cacheMB == 0 {
		n.name = "no page cache"
	}
	if n.svc, err = newService(db, cfg, log, nil, nil); err != nil {
		ln.Close()
		return nil, err
	}
	h, err := newHandler(cfg, n.svc, n.metrics, log)
	if err != nil {
		ln.Close()
		return nil, err
	}
	n.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go n.srv.Serve(ln)
	return n, nil
}

func (n *stormNode) close() { n.srv.Close() }

// cacheAnswers reads the page cache's hits and misses from the node's
// metrics (cortege_page_cache_answers_total), 0 and 0 without a cache.
func (n *stormNode) cacheAnswers() (hits, misses float64) {
	fams, err := n.metrics.Registry.Gather()
	if err != nil {
		return 0, 0
	}
	for _, f := range fams {
		if f.GetName() != "cortege_page_cache_answers_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				switch {
				case l.GetName() != "result":
				case l.GetValue() == "hit":
					hits = m.GetCounter().GetValue()
				case l.GetValue() == "miss":
					misses = m.GetCounter().GetValue()
				}
			}
		}
	}
	return hits, misses
}

// stormCell is one node's figures for one number of clients.
type stormCell struct {
	ok, failed   int
	lat          []time.Duration
	elapsed      time.Duration
	statements   uint64
	hits, misses float64
	cpu          time.Duration // this process's CPU time (server and clients)
	bodyBytes    int64
	firstError   string
	write        *stormWrite // nil: quiet
}

func (c *stormCell) perSecond() float64 { return float64(c.ok) / c.elapsed.Seconds() }

// cpuPerAnswer is the CPU time the process (server and clients) spent per
// answer: less sensitive than req/s to what else the machine runs.
func (c *stormCell) cpuPerAnswer() time.Duration {
	if c.ok == 0 {
		return 0
	}
	return c.cpu / time.Duration(c.ok)
}

// perRequest is the statements run per answer measured.
func (c *stormCell) perRequest() float64 {
	if c.ok+c.failed == 0 {
		return 0
	}
	return float64(c.statements) / float64(c.ok+c.failed)
}

// hitRatio is the share of the answers the cache served.
func (c *stormCell) hitRatio() float64 {
	if c.hits+c.misses == 0 {
		return 0
	}
	return c.hits / (c.hits + c.misses)
}

// stormRow is every node at one number of clients, quiet or with writes.
type stormRow struct {
	clients int
	write   bool
	cells   []*stormCell
}

// runStormCell drives clients reload loops on path for warmup, then
// measures for d: answers, latencies, the statements the store ran and
// the cache's hits over that time. w, when set, writes all along.
func runStormCell(ctx context.Context, db *store.DB, n *stormNode, path string, clients int, warmup, d time.Duration, w *stormWrite) *stormCell {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute, DisableCompression: true}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: time.Minute}
	target := n.url + path
	cell := &stormCell{write: w}
	var mu sync.Mutex
	var measuring atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			ok, failed, first, size := 0, 0, "", int64(0)
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
			if err != nil {
				panic(err)
			}
			req.Header.Set("Accept-Encoding", "gzip")
			req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8")
			for {
				select {
				case <-stop:
					mu.Lock()
					cell.lat = append(cell.lat, lat...)
					cell.ok, cell.failed, cell.bodyBytes = cell.ok+ok, cell.failed+failed, cell.bodyBytes+size
					if cell.firstError == "" {
						cell.firstError = first
					}
					mu.Unlock()
					return
				default:
				}
				t := time.Now()
				nb, err := stormFetch(hc, req)
				if !measuring.Load() {
					continue
				}
				if err != nil {
					failed++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				ok++
				size += nb
				lat = append(lat, time.Since(t))
			}
		}()
	}
	var wstop chan struct{}
	if w != nil {
		wstop = make(chan struct{})
		go w.run(ctx, hc, n.url, wstop)
	}
	time.Sleep(warmup)
	s0 := db.Statements()
	h0, m0 := n.cacheAnswers()
	cpu0 := cpuTime()
	measuring.Store(true)
	began := time.Now()
	time.Sleep(d)
	measuring.Store(false)
	cell.elapsed = time.Since(began)
	cell.cpu = cpuTime() - cpu0
	cell.statements = db.Statements() - s0
	h1, m1 := n.cacheAnswers()
	cell.hits, cell.misses = h1-h0, m1-m0
	close(stop)
	if w != nil {
		close(wstop)
		<-w.done
	}
	wg.Wait()
	slices.Sort(cell.lat)
	return cell
}

// stormFetch makes one request of the storm and reads the answer whole:
// a 200 with a body is the only good answer.
func stormFetch(hc *http.Client, req *http.Request) (int64, error) {
	res, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	nb, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err == nil && (res.StatusCode != http.StatusOK || nb == 0) {
		err = errors.New(res.Status)
	}
	return nb, err
}

// stormWriters are the people who comment during the cells with writes:
// a comment is limited per person and hour, so they take turns.
type stormWriters struct {
	actors []cortege.Actor
	next   int
	run    string
}

// commentsPerWriter stays under the service's limit of comments per
// person and hour.
const commentsPerWriter = 25

// newStormWriters makes enough signed-in people (API tokens through the
// service) for comments comments.
func newStormWriters(ctx context.Context, svc *service.Service, comments int) (*stormWriters, error) {
	ws := &stormWriters{run: strconv.FormatInt(time.Now().Unix(), 36)}
	for i := 0; i*commentsPerWriter < comments+commentsPerWriter; i++ {
		handle := fmt.Sprintf("tempete_%s_%d", ws.run, i)
		secret, err := svc.CreateTokenFor(ctx, handle+"@storm.example", "cortege bench storm", service.IdentityInput{DisplayName: fmt.Sprintf("Rédaction %d", i+1), Handle: handle})
		if err != nil {
			return nil, fmt.Errorf("writer %d: %w", i, err)
		}
		a, err := svc.TokenActor(ctx, secret, "127.0.0.1")
		if err != nil {
			return nil, fmt.Errorf("writer %d: %w", i, err)
		}
		ws.actors = append(ws.actors, a)
	}
	return ws, nil
}

// stormWrite is the writes of one cell: a new public event, and a comment
// on it every so often.
type stormWrite struct {
	ws      *stormWriters
	svc     *service.Service
	eventID string
	every   time.Duration
	done    chan struct{}
	// comments acknowledged; fresh of them shown by the next anonymous
	// answer; firstStale, the first that was not (or a failed write).
	comments, fresh int
	firstStale      string
}

// start creates the cell's event (its first writer organises it).
func (ws *stormWriters) start(ctx context.Context, svc *service.Service, every time.Duration) (*stormWrite, error) {
	at := time.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	ev, err := svc.CreateEvent(ctx, ws.actors[min(ws.next/commentsPerWriter, len(ws.actors)-1)], service.EventInput{Title: "Marche pour le climat", Start: at, End: at.Add(3 * time.Hour), TZ: "Europe/Paris",
		Description: "Départ place de la République, arrivée place de la Nation. Venez nombreux !", PlaceArea: "Paris", Place: "Place de la République", Publish: true})
	if err != nil {
		return nil, err
	}
	return &stormWrite{ws: ws, svc: svc, eventID: ev.ID, every: every, done: make(chan struct{})}, nil
}

// run comments every w.every until stop, and after each comment asks for
// the page as an anonymous visitor, which must show it.
func (w *stormWrite) run(ctx context.Context, hc *http.Client, base string, stop chan struct{}) {
	defer close(w.done)
	tick := time.NewTicker(w.every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			return
		case <-tick.C:
		}
		ws := w.ws
		a := ws.actors[min(ws.next/commentsPerWriter, len(ws.actors)-1)]
		ws.next++
		body := fmt.Sprintf("Message %d de la tempête %s", ws.next, ws.run)
		if _, err := w.svc.Comment(ctx, a, service.ByID(w.eventID), body); err != nil {
			if w.firstStale == "" {
				w.firstStale = "comment: " + err.Error()
			}
			continue
		}
		w.comments++
		page, err := stormPage(ctx, hc, base+"/events/"+w.eventID)
		switch {
		case err != nil:
			if w.firstStale == "" {
				w.firstStale = "the page after a comment: " + err.Error()
			}
		case strings.Contains(page, body):
			w.fresh++
		case w.firstStale == "":
			w.firstStale = fmt.Sprintf("the answer after comment %q does not show it", body)
		}
	}
}

// stormPage is the page as a visitor without an account gets it.
func stormPage(ctx context.Context, hc *http.Client, url string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8")
	res, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = errors.New(res.Status)
	}
	return string(b), err
}
