package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
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
	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
	"codeberg.org/cortege/cortege/internal/store"
)

// rsvpNode is one server of a write bench: a store opened one way (group
// commit or not), its service, the real handler on a loopback port and,
// when the bench takes mail, its mail workers.
type rsvpNode struct {
	name string
	db   *store.DB
	svc  *service.Service
	url  string
	srv  *http.Server
	stop func() // stops the mail workers
}

// rsvpCell is one measurement: a node, an event, a number of clients.
type rsvpCell struct {
	ok, failed       int
	lat              []time.Duration
	elapsed          time.Duration
	commits, members uint64
	firstError       string
}

func (c *rsvpCell) perSecond() float64 { return float64(c.ok) / c.elapsed.Seconds() }

// cmdBenchRSVP measures durable anonymous registrations through the real
// handler over loopback HTTP, on a small event and on one with many
// participants, at several numbers of concurrent clients, with group
// commit and with one transaction per request side by side.
func cmdBenchRSVP(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "bench rsvp", "bench rsvp [--duration D] [--clients 16,64,200] [--participants N] [--database-url postgres://…] [--engines sqlite,postgres] [--cpuprofile FILE]")
	duration := fs.Duration("duration", 5*time.Second, "measured time per cell (after the warm-up)")
	warmup := fs.Duration("warmup", time.Second, "unmeasured time before each cell")
	clientList := fs.String("clients", "16,64,200", "numbers of concurrent clients, comma-separated")
	participants := fs.Int("participants", 50000, "participants of the big event at the start")
	dbURL := fs.String("database-url", env.Getenv("CORTEGE_DATABASE_URL"), "PostgreSQL server for the postgres engine (a new schema each run)")
	engines := fs.String("engines", "", "engines to run, one table each: sqlite, postgres (default sqlite, and postgres when --database-url is set)")
	baseline := fs.Bool("baseline", true, "also measure one transaction per request (SQLite), beside group commit")
	dir := fs.String("dir", "", "data directory (default: a new temporary directory, removed afterwards)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the measured cells to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	clients, err := intList("clients", *clientList)
	if err != nil {
		return err
	}
	engs := benchEngines(*engines, *dbURL)
	out := env.Stdout
	work, finish, err := benchStart(out, *dir, "cortege-bench-rsvp-")
	if err != nil {
		return err
	}
	defer finish()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(out, "anonymous registrations (POST /events/{id}/join, name and address, the confirmation mail queued in the same transaction) over loopback HTTP through the handler cortege serve runs; mail workers off; %s per cell after %s of warm-up; the clients run in the same process\n",
		*duration, *warmup)
	for _, eng := range engs {
		cfg := config.Defaults()
		cfg.Data, cfg.TrustProxy, cfg.Workers = filepath.Join(work, eng), true, 0
		modes, pgURL, drop, err := benchModes(ctx, eng, *dbURL, "bench_rsvp_", *baseline)
		if err != nil {
			return err
		}
		defer drop()
		cfg.DatabaseURL = pgURL
		err = benchRSVPEngine(ctx, env, cfg, modes, clients, *participants, *warmup, *duration)
		if err != nil {
			return fmt.Errorf("%s: %w", eng, err)
		}
	}
	return nil
}

// benchRSVPEngine measures one engine: a node per mode (group commit,
// one transaction per request) over the same database, one table.
func benchRSVPEngine(ctx context.Context, env Env, cfg config.Config, modes []bool, clients []int, participants int, warmup, duration time.Duration) error {
	out := env.Stdout
	var nodes []*rsvpNode
	defer func() {
		for _, n := range nodes {
			n.close()
		}
	}()
	for _, single := range modes {
		n, err := startRSVPNode(ctx, cfg, single, 16, nil)
		if err != nil {
			return err
		}
		nodes = append(nodes, n)
	}
	org, big, err := rsvpInstance(ctx, nodes[0], participants, out)
	if err != nil {
		return err
	}
	if v, err := nodes[0].db.Durability(ctx); err == nil {
		fmt.Fprintf(out, "%s: %s\n", nodes[0].db.Dialect, v)
	}
	type row struct {
		event   string
		clients int
		cells   []*rsvpCell
	}
	var rows []row
	for _, kind := range []string{"small", "big"} {
		for _, c := range clients {
			r := row{event: kind, clients: c}
			for _, n := range nodes {
				id := big
				if kind == "small" { // a new event each time: it stays small
					ev, err := rsvpEvent(ctx, n.svc, org, "Réunion publique")
					if err != nil {
						return err
					}
					id = ev.ID
				}
				cell := runRSVPCell(ctx, n, id, c, warmup, duration)
				r.cells = append(r.cells, cell)
				if cell.firstError != "" {
					fmt.Fprintf(env.Stderr, "%s, %s event, %d clients: %d failed, first: %s\n", n.name, kind, c, cell.failed, cell.firstError)
				}
			}
			rows = append(rows, r)
			printRSVPRow(out, len(rows) == 1, nodes, r.event, participants, r.clients, r.cells)
		}
	}
	return nil
}

// startRSVPNode opens the store (group commit unless single) and serves
// the real handler on a free loopback port; with mailbox, cfg.Workers mail
// workers send the jobs' mail there.
func startRSVPNode(ctx context.Context, cfg config.Config, single bool, maxConns int, mailbox mail.Transport) (*rsvpNode, error) {
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, err
	}
	db, err := store.OpenAndMigrate(ctx, store.Config{URL: cfg.DatabaseTarget(), NoGroupCommit: single, MaxConns: maxConns})
	if err != nil {
		return nil, err
	}
	n := &rsvpNode{db: db, name: "group commit", stop: func() {}}
	switch {
	case db.Dialect == store.Postgres:
		n.name = "PostgreSQL, one transaction per request"
	case single:
		n.name = "one transaction per request"
	}
	fail := func(err error) (*rsvpNode, error) { db.Close(); return nil, err }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	n.url = "http://" + ln.Addr().String()
	cfg.BaseURL = n.url
	log := slog.New(slog.DiscardHandler)
	var runner *jobs.Runner
	wake := func() {}
	if mailbox != nil {
		runner = jobs.NewRunner(db, jobs.Config{Workers: cfg.Workers, Logger: log, Poll: 100 * time.Millisecond})
		wake = runner.Wake
	}
	if n.svc, err = newService(db, cfg, log, wake, nil); err != nil {
		ln.Close()
		return fail(err)
	}
	if runner != nil {
		rend, err := mail.NewRenderer()
		if err != nil {
			ln.Close()
			return fail(err)
		}
		n.svc.RegisterJobs(runner, service.Mailer{Transport: mailbox, Renderer: rend})
	}
	h, err := newHandler(cfg, n.svc, nil, log)
	if err != nil {
		ln.Close()
		return fail(err)
	}
	n.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go n.srv.Serve(ln)
	if runner != nil {
		work, stop := context.WithCancel(context.WithoutCancel(ctx))
		done := make(chan struct{})
		go func() { defer close(done); runner.Run(work) }()
		n.stop = func() { stop(); <-done }
	}
	return n, nil
}

func (n *rsvpNode) close() {
	n.srv.Close()
	n.stop()
	n.db.Close()
}

// rsvpInstance makes the organiser and the big event, and fills it with
// participants in big transactions through the store.
func rsvpInstance(ctx context.Context, n *rsvpNode, participants int, out io.Writer) (cortege.Actor, string, error) {
	secret, err := n.svc.CreateTokenFor(ctx, "orga@example.org", "cortege bench", service.IdentityInput{DisplayName: "Collectif Banc d'essai", Handle: "banc"})
	if err != nil {
		return cortege.Actor{}, "", err
	}
	org, err := n.svc.TokenActor(ctx, secret, "bench")
	if err != nil {
		return cortege.Actor{}, "", err
	}
	ev, err := rsvpEvent(ctx, n.svc, org, "Grande marche pour le climat")
	if err != nil {
		return org, "", err
	}
	start := time.Now()
	now := start.UTC()
	for done := 0; done < participants; {
		batch := min(10000, participants-done)
		err := n.db.InTx(ctx, func(q *store.Q) error {
			for i := done; i < done+batch; i++ {
				id := cortege.NewID(now)
				p := &cortege.Participation{ID: id, EventID: ev.ID, Name: "Participant " + strconv.Itoa(i), Email: fmt.Sprintf("p%d@bench.example", i),
					Status: cortege.PartApproved, Position: i + 1, Lang: "fr", TicketShort: "BNCH", CreatedAt: now, UpdatedAt: now}
				sec := store.ParticipationSecrets{ConfirmHash: "c" + id, CancelHash: "x" + id, TicketHash: "t" + id}
				if err := q.CreateParticipation(ctx, p, sec); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return org, "", err
		}
		done += batch
	}
	fmt.Fprintf(out, "big event filled with %d participants in %s\n", participants, time.Since(start).Round(time.Millisecond))
	return org, ev.ID, nil
}

// rsvpEvent creates a public event open to anyone, in a week.
func rsvpEvent(ctx context.Context, svc *service.Service, org cortege.Actor, title string) (*cortege.Event, error) {
	at := time.Now().Add(7 * 24 * time.Hour).Truncate(time.Hour)
	return svc.CreateEvent(ctx, org, service.EventInput{Title: title, Start: at, End: at.Add(3 * time.Hour), TZ: "Europe/Paris",
		PlaceArea: "Paris", Place: "Place de la République", Publish: true})
}

// rsvpSeq numbers the registrations of a run: each has its own address
// and its own client address (X-Forwarded-For), as a crowd has.
var rsvpSeq atomic.Uint64

// runRSVPCell drives clients concurrent registration loops on one event
// for warmup, then measures for d.
func runRSVPCell(ctx context.Context, n *rsvpNode, eventID string, clients int, warmup, d time.Duration) *rsvpCell {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	target := n.url + "/events/" + eventID + "/join"
	cell := &rsvpCell{}
	var mu sync.Mutex
	var measuring atomic.Bool
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			ok, failed, first := 0, 0, ""
			for {
				select {
				case <-stop:
					mu.Lock()
					cell.lat = append(cell.lat, lat...)
					cell.ok, cell.failed = cell.ok+ok, cell.failed+failed
					if cell.firstError == "" {
						cell.firstError = first
					}
					mu.Unlock()
					return
				default:
				}
				t := time.Now()
				err := rsvpOnce(ctx, hc, target, rsvpSeq.Add(1))
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
				lat = append(lat, time.Since(t))
			}
		}()
	}
	time.Sleep(warmup)
	c0, m0 := n.db.Commits()
	measuring.Store(true)
	began := time.Now()
	time.Sleep(d)
	measuring.Store(false)
	cell.elapsed = time.Since(began)
	c1, m1 := n.db.Commits()
	close(stop)
	wg.Wait()
	cell.commits, cell.members = c1-c0, m1-m0
	slices.Sort(cell.lat)
	return cell
}

// rsvpOnce registers one person and checks the answer: the redirect to
// the event page that says the confirmation mail is on its way.
func rsvpOnce(ctx context.Context, hc *http.Client, target string, seq uint64) error {
	form := url.Values{"name": {"Manifestante " + strconv.FormatUint(seq, 10)}, "email": {"m" + strconv.FormatUint(seq, 10) + "@crowd.example"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", seq>>16&255, seq>>8&255, seq&255))
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(res.Header.Get("Location"), "event_join_sent") {
		return errors.New(res.Status + " " + res.Header.Get("Location"))
	}
	return nil
}

// printRSVPRow prints one line per event and number of clients, the nodes
// side by side, and the ratio of the first to the second.
func printRSVPRow(w io.Writer, header bool, nodes []*rsvpNode, event string, participants, clients int, cells []*rsvpCell) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	if header {
		fmt.Fprintf(bw, "\n%-26s %7s", "event", "clients")
		for _, n := range nodes {
			fmt.Fprintf(bw, " | %-44s", n.name+": reg/s, p50, p99, tx/commit")
		}
		if len(nodes) > 1 {
			fmt.Fprintf(bw, " | %s", "reg/s ratio")
		}
		fmt.Fprintln(bw)
	}
	label := "small (new event)"
	if event == "big" {
		label = fmt.Sprintf("%d participants", participants)
	}
	fmt.Fprintf(bw, "%-26s %7d", label, clients)
	for _, c := range cells {
		per := "-"
		if c.commits > 0 {
			per = fmt.Sprintf("%.1f", float64(c.members)/float64(c.commits))
		}
		fmt.Fprintf(bw, " | %8.0f %11s %11s %10s", c.perSecond(), ms(pct(c.lat, .5)), ms(pct(c.lat, .99)), per)
	}
	if len(cells) > 1 && cells[1].perSecond() > 0 {
		fmt.Fprintf(bw, " | %.1f×", cells[0].perSecond()/cells[1].perSecond())
	}
	fmt.Fprintln(bw)
}
