package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/config"
	"codeberg.org/cortege/cortege/internal/store"
)

// cmdBenchPage runs `cortege bench page`: a reload storm of anonymous
// clients on a petition's page and on its counter widget while signatures
// pour in, with the page cache and without it side by side. The pages are
// served by nodes over their own handle on the database, so the
// statements they run are counted apart from the signatures'.
func cmdBenchPage(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet(env, "bench page", "bench page [--clients 500] [--signers 32] [--duration D] [--page-cache-mb MB] [--dir DIR]")
	clientList := fs.String("clients", "500", "concurrent readers, comma-separated")
	signers := fs.Int("signers", 32, "concurrent clients signing through the API meanwhile (0: quiet)")
	duration := fs.Duration("duration", 5*time.Second, "measured time per cell (after the warm-up)")
	warmup := fs.Duration("warmup", time.Second, "unmeasured time before each cell")
	cacheMB := fs.Int("page-cache-mb", config.DefaultPageCacheMB, "page cache of the cached node (the baseline node has none)")
	baseline := fs.Bool("baseline", true, "also measure the node without a page cache")
	dir := fs.String("dir", "", "data directory (default: a new temporary directory, removed afterwards)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	clients, err := intList("clients", *clientList)
	if err != nil {
		return err
	}
	out := env.Stdout
	work, finish, err := benchStart(out, *dir, "cortege-bench-page-")
	if err != nil {
		return err
	}
	defer finish()
	cfg := config.Defaults()
	cfg.Data = filepath.Join(work, "sqlite")
	cfg.TrustProxy, cfg.Workers, cfg.LogLevel = true, 32, "error"
	cfg.SignLimitPetition = 100_000_000
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return err
	}
	writer, err := startSignNode(ctx, cfg, false)
	if err != nil {
		return err
	}
	defer writer.close()
	id, err := signPetition(ctx, writer.svc)
	if err != nil {
		return err
	}
	pages, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer pages.Close()
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
		c := cfg
		c.Workers = 0
		n, err := startStormNode(c, pages, mb)
		if err != nil {
			return err
		}
		nodes = append(nodes, n)
	}
	fmt.Fprintf(out, "reload storm on a petition: anonymous GET (gzip, keep-alive) of its page and of its counter widget, %s per cell after %s of warm-up, "+
		"while %d clients sign and confirm through the API of another node over the same SQLite file (its statements are not counted here); "+
		"the counter's staleness is how long the count a reader was shown had already been overtaken (the page cache keeps a petition's pages %s at most)\n",
		*duration, *warmup, *signers, store.LivePageMaxAge)
	tr := &http.Transport{MaxIdleConns: *signers + 4, MaxIdleConnsPerHost: *signers + 4, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	header := true
	for _, c := range clients {
		for _, path := range []string{"/petitions/" + id, "/petitions/" + id + "/widget"} {
			for _, n := range nodes {
				var load *signLoad
				if *signers > 0 {
					load = startSignLoad(ctx, hc, writer, id, *signers)
					load.measuring.Store(true)
				}
				stale := watchStaleness(ctx, hc, writer, n, id)
				before, err := writer.svc.PetitionCounts(ctx, cortege.Anonymous, id)
				if err != nil {
					return err
				}
				cell := runStormCell(ctx, pages, n, path, c, *warmup, *duration, nil)
				after, err := writer.svc.PetitionCounts(ctx, cortege.Anonymous, id)
				if err != nil {
					return err
				}
				worst := stale.finish()
				if load != nil {
					load.finish()
				}
				signed := float64(after.Online-before.Online) / (cell.elapsed + *warmup).Seconds()
				printPageCell(out, header, n.name, path[len("/petitions/"+id):], c, cell, signed, worst)
				header = false
				if cell.firstError != "" {
					fmt.Fprintf(env.Stderr, "%s %s: %d failed, first: %s\n", n.name, path, cell.failed, cell.firstError)
				}
			}
		}
	}
	return nil
}

// staleness watches, every 50 ms, the count the node's widget shows
// against the petition's real count: the worst time by which a shown
// count had been overtaken.
type staleness struct {
	stop  chan struct{}
	done  chan struct{}
	worst time.Duration
}

func watchStaleness(ctx context.Context, hc *http.Client, writer *signNode, n *stormNode, id string) *staleness {
	s := &staleness{stop: make(chan struct{}), done: make(chan struct{})}
	type sample struct {
		at    time.Time
		count int64
	}
	go func() {
		defer close(s.done)
		var real []sample
		for {
			select {
			case <-s.stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			if c, err := writer.svc.PetitionCounts(ctx, cortege.Anonymous, id); err == nil {
				real = append(real, sample{time.Now(), int64(c.Online)})
			}
			shown, err := servedCount(ctx, hc, n.url+"/petitions/"+id+"/widget")
			if err != nil {
				continue
			}
			now := time.Now()
			// The first moment the real count was above the one shown.
			for _, r := range real {
				if r.count > shown {
					s.worst = max(s.worst, now.Sub(r.at))
					break
				}
			}
		}
	}()
	return s
}

func (s *staleness) finish() time.Duration {
	close(s.stop)
	<-s.done
	return s.worst
}

// printPageCell prints one node, page and number of readers.
func printPageCell(w io.Writer, header bool, node, page string, clients int, c *stormCell, signed float64, stale time.Duration) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	if page == "" {
		page = "page"
	} else {
		page = page[1:]
	}
	if header {
		fmt.Fprintf(bw, "\n%-22s %-7s %7s | %9s %11s %11s | %11s %9s | %12s | %s\n", "node", "page", "readers", "views/s", "p50", "p99",
			"stmts/view", "hit ratio", "signatures/s", "counter staleness, worst")
	}
	fmt.Fprintf(bw, "%-22s %-7s %7d | %9.0f %11s %11s | %11.4f %8.1f%% | %12.0f | %.2f s\n", node, page, clients,
		c.perSecond(), ms(pct(c.lat, .5)), ms(pct(c.lat, .99)), c.perRequest(), 100*c.hitRatio(), signed, stale.Seconds())
}
