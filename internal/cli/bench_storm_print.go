package cli

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"time"
)

func us(d time.Duration) string { return fmt.Sprintf("%.1f µs", float64(d)/1e3) }

// printStormRow prints one line per number of clients, quiet or with
// writes: each node's requests per second, p50, p99, statements per
// request (and the cache's hit ratio), then the ratio of the first node's
// requests per second to the second's.
func printStormRow(w io.Writer, header bool, nodes []*stormNode, r stormRow) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	if header {
		fmt.Fprintf(bw, "\n%-14s %7s", "writes", "clients")
		for _, n := range nodes {
			fmt.Fprintf(bw, " | %-58s", n.name+": req/s, p50, p99, statements/req, hits")
		}
		fmt.Fprintf(bw, " | %s\n", "req/s ratio")
	}
	label := "none"
	if r.write {
		label = fmt.Sprintf("comment/%s", r.cells[0].write.every)
	}
	fmt.Fprintf(bw, "%-14s %7d", label, r.clients)
	for _, c := range r.cells {
		hits := "-"
		if c.hits+c.misses > 0 {
			hits = fmt.Sprintf("%.2f%%", 100*c.hitRatio())
		}
		fmt.Fprintf(bw, " | %8.0f %11s %11s %10.3f %14s", c.perSecond(), ms(pct(c.lat, .5)), ms(pct(c.lat, .99)), c.perRequest(), hits)
	}
	if len(r.cells) > 1 && r.cells[1].perSecond() > 0 {
		fmt.Fprintf(bw, " | %.1f×", r.cells[0].perSecond()/r.cells[1].perSecond())
	}
	fmt.Fprintln(bw)
	for i, c := range r.cells {
		if c.failed > 0 {
			fmt.Fprintf(bw, "    %s: %d requests failed, the first: %s\n", nodes[i].name, c.failed, c.firstError)
		}
		if c.ok > 0 {
			fmt.Fprintf(bw, "    %s: %d answers of %.0f bytes (gzip); CPU time per answer, server and clients: %s (%.1f of %d CPUs busy)\n", nodes[i].name, c.ok,
				float64(c.bodyBytes)/float64(c.ok), us(c.cpuPerAnswer()), c.cpu.Seconds()/c.elapsed.Seconds(), runtime.NumCPU())
		}
		if w := c.write; w != nil {
			fmt.Fprintf(bw, "    %s: %d comments written, the next anonymous answer showed %d of them", nodes[i].name, w.comments, w.fresh)
			if w.firstStale != "" {
				fmt.Fprintf(bw, "; STALE OR FAILED: %s", w.firstStale)
			}
			fmt.Fprintln(bw)
		}
	}
}

// printStormVerdict compares the quiet cached cells with issue 12's
// target: 5,000 requests per second and no statement per request.
func printStormVerdict(w io.Writer, rows []stormRow) {
	fmt.Fprintln(w)
	for _, r := range rows {
		if r.write || len(r.cells) == 0 {
			continue
		}
		c := r.cells[0]
		verdict := "reached"
		if c.perSecond() < 5000 || c.statements > 0 {
			verdict = "NOT reached"
		}
		fmt.Fprintf(w, "target (≥ 5000 req/s, 0 statements/request while nothing changes) at %d clients with the page cache: %s (%.0f req/s, %d statements in %d answers)\n",
			r.clients, verdict, c.perSecond(), c.statements, c.ok+c.failed)
		if per := c.cpuPerAnswer(); per > 0 {
			fmt.Fprintf(w, "    the process was given %.1f of %d CPUs; at %s of CPU per answer (server and clients), all %d would make ≈ %.0f req/s (an estimate: measure on a quiet machine)\n",
				c.cpu.Seconds()/c.elapsed.Seconds(), runtime.NumCPU(), us(per), runtime.NumCPU(), float64(runtime.NumCPU())/per.Seconds())
		}
	}
}
