package cli

import (
	"bufio"
	"fmt"
	"io"
)

// printVoteCells prints a line per box and number of clients, the batch
// writer's ratio to the baseline, and the blind-signing rate.
func printVoteCells(w io.Writer, eng string, boxes []voteBox, cells [][]*voteCell, sign *voteSignCell) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	fmt.Fprintf(bw, "\n%-10s %-28s %7s | %9s %12s %12s | %14s\n", "engine", "box", "clients", "ballots/s", "p50", "p99", "ballots/commit")
	for i, row := range cells {
		for _, c := range row {
			per := "-"
			if c.commits > 0 {
				per = fmt.Sprintf("%.1f", float64(c.cast)/float64(c.commits))
			}
			fmt.Fprintf(bw, "%-10s %-28s %7d | %9.0f %12s %12s | %14s\n", eng, boxes[i].name, c.clients,
				float64(c.cast)/c.elapsed.Seconds(), ms(pct(c.lat, .5)), ms(pct(c.lat, .99)), per)
		}
	}
	if len(cells) > 1 {
		for k, a := range cells[0] {
			if k < len(cells[1]) && cells[1][k].cast > 0 {
				b := cells[1][k]
				fmt.Fprintf(bw, "%s ÷ %s at %d clients: %.1f×\n", boxes[0].name, boxes[1].name, a.clients,
					float64(a.cast)/a.elapsed.Seconds()/(float64(b.cast)/b.elapsed.Seconds()))
			}
		}
	}
	if sign != nil && len(sign.lat) > 0 {
		fmt.Fprintf(bw, "%-10s blind sign-offs, %d clients: %.0f/s, p50 %s, p99 %s (%d sign-offs)\n", eng, sign.clients,
			float64(len(sign.lat))/sign.elapsed.Seconds(), ms(pct(sign.lat, .5)), ms(pct(sign.lat, .99)), len(sign.lat))
	}
}
