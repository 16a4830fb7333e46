package cli

import (
	"bufio"
	"fmt"
	"io"
	"time"
)

// printSignCells prints one line per node, the first's ratio to the
// others' after them.
func printSignCells(w io.Writer, clients int, names []string, cells []*signCell) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	fmt.Fprintf(bw, "\n%-40s %7s | %-34s | %-34s | %8s | %9s | %-22s\n", "node", "clients",
		"submitted/s, p50, p99", "confirmed/s, p50, p99", "mails/s", "tx/commit", "counter lag p99, max")
	for i, c := range cells {
		per := "-"
		if c.commits > 0 {
			per = fmt.Sprintf("%.1f", float64(c.members)/float64(c.commits))
		}
		secs := c.elapsed.Seconds()
		lag := "not seen"
		if c.lagSeen > 0 {
			lag = fmt.Sprintf("%s, %s", lagText(c.lagP99), lagText(c.lagMax))
		}
		fmt.Fprintf(bw, "%-40s %7d | %8.0f %12s %12s | %8.0f %12s %12s | %8.0f | %9s | %-22s\n", names[i], clients,
			float64(c.submitted)/secs, ms(pct(c.submitLat, .5)), ms(pct(c.submitLat, .99)),
			float64(c.confirmed)/secs, ms(pct(c.confirmLat, .5)), ms(pct(c.confirmLat, .99)),
			float64(c.mails)/secs, per, lag)
	}
	for i := 1; i < len(cells); i++ {
		a, b := cells[0], cells[i]
		if b.submitted > 0 && b.confirmed > 0 {
			fmt.Fprintf(bw, "%s ÷ %s: submitted %.1f×, confirmed %.1f×\n", names[0], names[i],
				float64(a.submitted)/float64(b.submitted)*b.elapsed.Seconds()/a.elapsed.Seconds(),
				float64(a.confirmed)/float64(b.confirmed)*b.elapsed.Seconds()/a.elapsed.Seconds())
		}
	}
}

func lagText(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }
