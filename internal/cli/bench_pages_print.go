package cli

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
)

// printPageBench prints one engine's runs side by side, one table per
// number of clients; ×p50 is each page's p50 over its p50 on the first
// (smallest) instance of the run.
func printPageBench(w io.Writer, engine string, clients []int, runs []*pageBenchRun) {
	if len(runs) == 0 {
		return
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	name := map[string]string{"sqlite": "SQLite", "postgres": "PostgreSQL"}[engine]
	base := runs[0]
	for _, c := range clients {
		fmt.Fprintf(bw, "\n%s, %d concurrent client(s): p50, p99, requests per second", name, c)
		if c == 1 {
			fmt.Fprint(bw, ", named statements per request")
		}
		fmt.Fprintf(bw, "; ×p50 = p50 / p50 at %s events\n", thousands(base.n))
		fmt.Fprintf(bw, "%-26s", "page")
		for i, r := range runs {
			head := thousands(r.n) + " events"
			width := 27
			if c == 1 {
				width += 7
			}
			if i > 0 {
				width += 8
			}
			fmt.Fprintf(bw, "%*s", width, head)
		}
		fmt.Fprintln(bw)
		for _, p := range base.pages {
			fmt.Fprintf(bw, "%-26s", p.name)
			b := base.figs[p.name][c]
			for i, r := range runs {
				f := r.figs[p.name][c]
				if f == nil || f.skipped {
					fmt.Fprintf(bw, "%27s", "(too slow)")
					if c == 1 {
						fmt.Fprintf(bw, "%7s", "")
					}
					if i > 0 {
						fmt.Fprintf(bw, "%8s", "")
					}
					continue
				}
				fmt.Fprintf(bw, "%9s%9s%9.1f", dur(f.p50), dur(f.p99), f.rps)
				if c == 1 {
					fmt.Fprintf(bw, "%7.0f", f.statements)
				}
				if i > 0 {
					fmt.Fprintf(bw, "%7.1f×", float64(f.p50)/float64(max(b.p50, 1)))
				}
			}
			fmt.Fprintln(bw)
		}
		fmt.Fprintf(bw, "%-26s", "requests per page")
		for _, r := range runs {
			lo, hi := 0, 0
			for _, p := range r.pages {
				if f := r.figs[p.name][c]; f != nil && !f.skipped {
					if lo == 0 || f.n < lo {
						lo = f.n
					}
					hi = max(hi, f.n)
				}
			}
			fmt.Fprintf(bw, "  %s: %d to %d", thousands(r.n), lo, hi)
		}
		fmt.Fprintln(bw, " (p99 of fewer than 100 is the slowest)")
	}
	for _, r := range runs {
		for _, p := range r.pages {
			for _, c := range clients {
				if f := r.figs[p.name][c]; f != nil && f.errs > 0 {
					fmt.Fprintf(bw, "%s, %s events, %s, %d clients: %d of %d requests failed, last: %s\n",
						name, thousands(r.n), p.name, c, f.errs, f.n, f.lastErr)
				}
			}
		}
	}
}

// dur prints a latency with three significant figures.
func dur(d time.Duration) string {
	ms := float64(d) / 1e6
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2fms", ms)
	case ms < 1000:
		return fmt.Sprintf("%.0fms", ms)
	}
	return fmt.Sprintf("%.2fs", ms/1000)
}

// thousands writes 1000000 as "1,000,000".
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
