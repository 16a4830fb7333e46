package web

import (
	"fmt"
	"html/template"
	"strings"
)

// Sizes of the results' charts, in the SVG's own units (it scales to its
// box, so it fits a 390-pixel screen as a wide one).
const (
	voteChartWidth = 400
	voteChartRow   = 30
	voteChartLabel = 130
	voteChartRight = 115 // room for the figure after the bar
	voteLabelRunes = 16
)

// chartLabel shortens an option's label to fit the chart's left column
// (the table beside it has it whole).
func chartLabel(s string) string {
	if r := []rune(s); len(r) > voteLabelRunes {
		return string(r[:voteLabelRunes-1]) + "…"
	}
	return s
}

// chartBar is one bar of a chart: its label, its value (what its length
// is drawn from), the figure written after it and its tooltip.
type chartBar struct {
	Label  string
	Value  int64
	Text   string
	Title  string
	Strong bool // a winner: drawn full
}

// countsChart draws a plurality or approval count as horizontal bars, one
// per option, each with its count and share written after it and in a
// <title>. barFmt writes a bar's title from the option, count and share.
func countsChart(id, title string, rows []resultRow, barFmt string) template.HTML {
	bars := make([]chartBar, len(rows))
	for i, r := range rows {
		bars[i] = chartBar{Label: r.Option, Value: int64(r.Count), Text: fmt.Sprintf("%d · %s %%", r.Count, r.Share),
			Title: fmt.Sprintf(barFmt, r.Option, r.Count, r.Share), Strong: r.Winner}
	}
	return barsChart(id, title, bars)
}

// barsChart draws horizontal bars, one per row, each with its figure
// written after it and in a <title>; role="img" with a title, and the
// table beside it carries the same figures.
func barsChart(id, title string, bars []chartBar) template.HTML {
	h := max(len(bars)*voteChartRow+8, 30)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart vote-chart" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg">`, voteChartWidth, h, esc(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, esc(id), esc(title))
	top := int64(1)
	for _, r := range bars {
		top = max(top, r.Value)
	}
	plotW := float64(voteChartWidth - voteChartLabel - voteChartRight)
	for i, r := range bars {
		y := 4 + i*voteChartRow
		bw := max(plotW*float64(max(r.Value, 0))/float64(top), 1)
		opacity := "0.55"
		if r.Strong {
			opacity = "1"
		}
		fmt.Fprintf(&b, `<g fill="currentColor" font-size="14"><title>%s</title>`, esc(r.Title))
		fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%s</text>`, voteChartLabel-8, y+19, esc(chartLabel(r.Label)))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill-opacity="%s"/>`, voteChartLabel, y+4, bw, voteChartRow-8, opacity)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%s</text></g>`, float64(voteChartLabel)+bw+6, y+19, esc(r.Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// gradesChart draws majority judgement's grade profile: one bar per
// option, split into its grades from the best (left, darkest) to the
// worst, each part as wide as its share of the valid answers, with a line
// at the middle where the majority grade is read.
func gradesChart(id, title string, rows []judgementRow, grades []string, valid int) template.HTML {
	h := max(len(rows)*voteChartRow+30, 40)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart vote-chart" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t" xmlns="http://www.w3.org/2000/svg">`, voteChartWidth, h, esc(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title>`, esc(id), esc(title))
	plotW := float64(voteChartWidth - voteChartLabel - 10)
	for i, r := range rows {
		y := 4 + i*voteChartRow
		fmt.Fprintf(&b, `<g fill="currentColor" font-size="14"><text x="%d" y="%d" text-anchor="end">%s</text>`, voteChartLabel-8, y+19, esc(chartLabel(r.Option)))
		x := float64(voteChartLabel)
		for g, n := range r.Distribution {
			if n == 0 || valid == 0 {
				continue
			}
			wd := plotW * float64(n) / float64(valid)
			op := 1 - 0.8*float64(g)/float64(max(len(grades)-1, 1))
			label := ""
			if g < len(grades) {
				label = grades[g]
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill-opacity="%.2f"><title>%s</title></rect>`, x, y+4, wd, voteChartRow-8, op, esc(fmt.Sprintf("%s: %s, %d", r.Option, label, n)))
			x += wd
		}
		b.WriteString(`</g>`)
	}
	mid := float64(voteChartLabel) + plotW/2
	fmt.Fprintf(&b, `<line x1="%.1f" y1="0" x2="%.1f" y2="%d" stroke="currentColor" stroke-width="2" stroke-dasharray="4 3"/>`, mid, mid, h-22)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="currentColor" font-size="12" text-anchor="middle">50 %%</text>`, mid, h-6)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
