package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
)

// signNode is one server of the signing bench: a write bench's node whose
// mail workers send to the bench's mailbox.
type signNode struct {
	*rsvpNode
	box *signMailbox
}

// signMailbox is the bench's mail server: each confirmation mail's token
// waits there for a client to follow it, as a signer opens their mail.
type signMailbox struct {
	tokens chan string
	mails  atomic.Int64
}

func (b *signMailbox) Send(_ context.Context, _ mail.Address, m *mail.Message) error {
	b.mails.Add(1)
	_, rest, ok := strings.Cut(m.Text, "/confirm?token=")
	if !ok {
		return nil
	}
	tok, _, _ := strings.Cut(rest, "\n")
	tok = strings.TrimSpace(tok)
	select {
	case b.tokens <- tok:
	default: // the clients are far behind: this signer never opens the mail
	}
	return nil
}

// signCell is one measurement of one node.
type signCell struct {
	submitted, confirmed, failed int
	submitLat, confirmLat        []time.Duration
	elapsed                      time.Duration
	commits, members             uint64
	mails                        int64
	lagMax, lagP99               time.Duration
	lagSeen                      int // confirmations whose lag was measured
	firstError                   string
}

// cmdBenchSign measures durable signatures through the JSON API over
// loopback HTTP: clients submit signatures and follow the confirmation
// links the mail workers send, while a reader polls the public counter;
// group commit beside one transaction per request.
func cmdBenchSign(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "bench sign", "bench sign [--duration D] [--clients N] [--workers N] [--counter PATH] [--database-url postgres://…] [--engines sqlite,postgres]")
	duration := fs.Duration("duration", 10*time.Second, "measured time per cell (after the warm-up)")
	warmup := fs.Duration("warmup", 2*time.Second, "unmeasured time before each cell")
	clients := fs.Int("clients", 200, "concurrent clients")
	workers := fs.Int("workers", 32, "mail workers of each node (they mint and send the confirmation links)")
	counter := fs.String("counter", "/petitions/{id}/widget", "public page whose counter the reader polls ({id}: the petition)")
	dbURL := fs.String("database-url", env.Getenv("CORTEGE_DATABASE_URL"), "PostgreSQL server for the postgres engine (a new schema each run)")
	engines := fs.String("engines", "", "engines to run: sqlite, postgres (default sqlite, and postgres when --database-url is set)")
	baseline := fs.Bool("baseline", true, "also measure one transaction per request (SQLite), beside group commit")
	dir := fs.String("dir", "", "data directory (default: a new temporary directory, removed afterwards)")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the whole run to this file")
	if err := parseFlags(fs, args); err != nil {
		return err
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
	if *clients < 1 || *workers < 1 {
		return fmt.Errorf("--clients and --workers: at least 1")
	}
	out := env.Stdout
	work, finish, err := benchStart(out, *dir, "cortege-bench-sign-")
	if err != nil {
		return err
	}
	defer finish()
	fmt.Fprintf(out, "signatures through the JSON API over loopback HTTP: %d clients submit (POST /api/v1/petitions/{id}/signatures: name, address, postal code; the confirmation mail's job in the same transaction) and follow the links the %d mail workers send (POST /api/v1/signatures/confirm: the count, the public log); a reader polls %s every 50 ms; %s per cell after %s of warm-up; clients in the same process; the per-petition limit is raised for the bench (its default, 20,000 a minute, would stop it)\n",
		*clients, *workers, *counter, *duration, *warmup)
	for _, eng := range benchEngines(*engines, *dbURL) {
		cfg := config.Defaults()
		cfg.TrustProxy, cfg.Workers = true, *workers
		cfg.SignLimitPetition = 100_000_000
		modes, pgURL, drop, err := benchModes(ctx, eng, *dbURL, "bench_sign_", *baseline)
		if err != nil {
			return err
		}
		defer drop()
		cfg.DatabaseURL = pgURL
		var cells []*signCell
		var names []string
		for i, single := range modes {
			c := cfg
			c.Data = filepath.Join(work, eng, strconv.Itoa(i))
			n, err := startSignNode(ctx, c, single)
			if err != nil {
				return fmt.Errorf("%s: %w", eng, err)
			}
			if i == 0 {
				if v, err := n.db.Durability(ctx); err == nil {
					fmt.Fprintf(out, "%s: %s\n", n.db.Dialect, v)
				}
			}
			cell, err := runSignCell(ctx, n, *clients, *counter, *warmup, *duration)
			n.close()
			if err != nil {
				return fmt.Errorf("%s: %w", eng, err)
			}
			if cell.firstError != "" {
				fmt.Fprintf(env.Stderr, "%s: %d failed, first: %s\n", n.name, cell.failed, cell.firstError)
			}
			cells, names = append(cells, cell), append(names, n.name)
		}
		printSignCells(out, *clients, names, cells)
	}
	return nil
}

// startSignNode starts a node (group commit unless single) whose mail
// workers send to a new mailbox.
func startSignNode(ctx context.Context, cfg config.Config, single bool) (*signNode, error) {
	box := &signMailbox{tokens: make(chan string, 1<<20)}
	n, err := startRSVPNode(ctx, cfg, single, 32, box)
	if err != nil {
		return nil, err
	}
	return &signNode{rsvpNode: n, box: box}, nil
}

// signPetition creates and publishes the bench's national petition.
func signPetition(ctx context.Context, svc *service.Service) (string, error) {
	secret, err := svc.CreateTokenFor(ctx, "orga@example.org", "cortege bench", service.IdentityInput{DisplayName: "Collectif Banc d'essai", Handle: "banc"})
	if err != nil {
		return "", err
	}
	org, err := svc.TokenActor(ctx, secret, "bench")
	if err != nil {
		return "", err
	}
	p, err := svc.CreatePetition(ctx, org, service.PetitionInput{Title: "Pour le maintien des trains de nuit",
		Text: "Nous demandons le maintien et le développement des trains de nuit.", Addressee: "Le ministre des Transports",
		Goal: 1_000_000, Scope: cortege.ScopeNational})
	if err != nil {
		return "", err
	}
	if _, err := svc.PublishPetition(ctx, org, p.ID); err != nil {
		return "", err
	}
	return p.ID, nil
}

// signPostals are postal codes across France the signers come from.
var signPostals = []string{"75011", "69007", "13001", "31000", "44000", "59000", "33000", "67000", "35000", "34000", "06000", "97400"}

// signSeq numbers the signatures of a run: each has its own address and
// its own client address (X-Forwarded-For), as a crowd has.
var signSeq atomic.Uint64

// signLoad is clients signing one petition through the API: each follows
// a confirmation link waiting in the mailbox, or else submits a new
// signature. Only what happens while measuring is recorded.
type signLoad struct {
	measuring             atomic.Bool
	stop                  chan struct{}
	wg                    sync.WaitGroup
	mu                    sync.Mutex
	submitLat, confirmLat []time.Duration
	acks                  []time.Time // when each measured confirmation was acknowledged
	failed                int
	firstError            string
}

// startSignLoad starts clients signing petition id on node n.
func startSignLoad(ctx context.Context, hc *http.Client, n *signNode, id string, clients int) *signLoad {
	l := &signLoad{stop: make(chan struct{})}
	api := n.url + "/api/v1"
	for range clients {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			var sub, conf []time.Duration
			var mine []time.Time
			failed, first := 0, ""
			for {
				select {
				case <-l.stop:
					l.mu.Lock()
					l.submitLat, l.confirmLat = append(l.submitLat, sub...), append(l.confirmLat, conf...)
					l.failed += failed
					l.acks = append(l.acks, mine...)
					if l.firstError == "" {
						l.firstError = first
					}
					l.mu.Unlock()
					return
				default:
				}
				t := time.Now()
				var err error
				confirming := false
				select {
				case tok := <-n.box.tokens:
					confirming = true
					err = signPost(ctx, hc, api+"/signatures/confirm", map[string]any{"token": tok}, "", http.StatusOK)
				default:
					seq := signSeq.Add(1)
					body := map[string]any{"first_name": "Camille", "last_name": "Signataire " + strconv.FormatUint(seq, 10),
						"email": "s" + strconv.FormatUint(seq, 10) + "@foule.example", "postal_code": signPostals[seq%uint64(len(signPostals))]}
					err = signPost(ctx, hc, api+"/petitions/"+id+"/signatures", body, fmt.Sprintf("10.%d.%d.%d", seq>>16&255, seq>>8&255, seq&255), http.StatusAccepted)
				}
				if !l.measuring.Load() {
					continue
				}
				switch {
				case err != nil:
					failed++
					if first == "" {
						first = err.Error()
					}
				case confirming:
					conf = append(conf, time.Since(t))
					mine = append(mine, time.Now())
				default:
					sub = append(sub, time.Since(t))
				}
			}
		}()
	}
	return l
}

// finish stops the clients and sorts what they measured.
func (l *signLoad) finish() {
	close(l.stop)
	l.wg.Wait()
	slices.Sort(l.submitLat)
	slices.Sort(l.confirmLat)
	slices.SortFunc(l.acks, func(a, b time.Time) int { return a.Compare(b) })
}

// runSignCell drives clients that confirm the links waiting in the
// mailbox and otherwise submit new signatures, for warmup, then measures
// for d; a reader polls the public counter throughout.
func runSignCell(ctx context.Context, n *signNode, clients int, counterPath string, warmup, d time.Duration) (*signCell, error) {
	id, err := signPetition(ctx, n.svc)
	if err != nil {
		return nil, err
	}
	tr := &http.Transport{MaxIdleConns: clients + 1, MaxIdleConnsPerHost: clients + 1, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	cell := &signCell{}
	load := startSignLoad(ctx, hc, n, id, clients)
	type poll struct {
		at    time.Time
		count int64
	}
	var polls []poll
	stopReader, readerDone := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(readerDone)
		url := n.url + strings.ReplaceAll(counterPath, "{id}", id)
		for {
			select {
			case <-stopReader:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if c, err := servedCount(ctx, hc, url); err == nil {
				polls = append(polls, poll{time.Now(), c})
			}
		}
	}()
	time.Sleep(warmup)
	c0, m0 := n.db.Commits()
	mails0 := n.box.mails.Load()
	counts, err := n.svc.PetitionCounts(ctx, cortege.Anonymous, id)
	if err != nil {
		return nil, err
	}
	base := int64(counts.Online)
	load.measuring.Store(true)
	began := time.Now()
	time.Sleep(d)
	load.measuring.Store(false)
	cell.elapsed = time.Since(began)
	c1, m1 := n.db.Commits()
	cell.mails = n.box.mails.Load() - mails0
	// The reader goes on for 3 s more, to see the last confirmations land.
	time.Sleep(3 * time.Second)
	load.finish()
	close(stopReader)
	<-readerDone
	cell.commits, cell.members = c1-c0, m1-m0
	cell.submitLat, cell.confirmLat, cell.failed, cell.firstError = load.submitLat, load.confirmLat, load.failed, load.firstError
	cell.submitted, cell.confirmed = len(cell.submitLat), len(cell.confirmLat)
	// The lag of the k-th confirmation acknowledged: until a poll shows
	// a count that includes it (base + k). Confirmations acknowledged
	// before the measurement began are in base; those of the warm-up
	// still in flight make the figure an upper bound.
	var lags []time.Duration
	p := 0
	for k, at := range load.acks {
		want := base + int64(k) + 1
		for p < len(polls) && polls[p].count < want {
			p++
		}
		if p == len(polls) {
			break
		}
		lags = append(lags, max(0, polls[p].at.Sub(at)))
	}
	slices.Sort(lags)
	cell.lagSeen = len(lags)
	if len(lags) > 0 {
		cell.lagMax, cell.lagP99 = lags[len(lags)-1], pct(lags, .99)
	}
	return cell, nil
}

// signPost posts a JSON body (from xff when not "") and checks the status.
func signPost(ctx context.Context, hc *http.Client, url string, body map[string]any, xff string, want int) error {
	b, _ := json.Marshal(body)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	msg, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	res.Body.Close()
	if res.StatusCode != want {
		return fmt.Errorf("%s: %s %s", url, res.Status, bytes.TrimSpace(msg))
	}
	return nil
}

// servedCount reads the count a public page shows: the value of its
// data-count attribute (the petition's page and its widget carry one), or
// a JSON body's "online".
func servedCount(ctx context.Context, hc *http.Client, url string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	res, err := hc.Do(req)
	if err != nil {
		return 0, err
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("%s: %s", url, res.Status)
	}
	if _, rest, ok := bytes.Cut(b, []byte(`data-count="`)); ok {
		v, _, _ := bytes.Cut(rest, []byte(`"`))
		return strconv.ParseInt(string(v), 10, 64)
	}
	var c struct{ Online int64 }
	if err := json.Unmarshal(b, &c); err != nil {
		return 0, errors.New("no data-count attribute and no JSON count")
	}
	return c.Online, nil
}
