package web

import (
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/httpx"
	"codeberg.org/cortege/cortege/internal/service"
)

// Chart sizes, in the SVG's own units (it scales to its box).
const (
	chartWidth      = 400
	chartDayHeight  = 220
	chartRowHeight  = 26
	chartMaxDays    = 366 // the by-day chart draws the last year at most
	chartDepsDrawn  = 25  // the by-département chart draws the first 25
	chartLabelWidth = 160
)

// petitionCharts is the view model of the charts page: two SVG drawings
// made here (no script, no chart library) and the same figures as tables.
type petitionCharts struct {
	*PetitionTool
	Days     []chartDay
	Deps     []service.DepartementCount
	DayChart template.HTML
	DepChart template.HTML
}

// chartDay is one row of the by-day table.
type chartDay struct {
	service.PetitionDay
	Label string
}

// handlePetitionCharts shows the counts by day and by département.
func (w *Web) handlePetitionCharts(rw http.ResponseWriter, r *http.Request) error {
	t, err := w.organisedPetition(r, "counts")
	if err != nil {
		return err
	}
	a := httpx.Actor(r.Context())
	days, err := w.svc.PetitionDays(r.Context(), a, t.P().ID)
	if err != nil {
		return err
	}
	deps, err := w.svc.PetitionDepartements(r.Context(), a, t.P().ID)
	if err != nil {
		return err
	}
	lang := info(r).lang
	d := &petitionCharts{PetitionTool: t, Deps: deps,
		DayChart: dayChart(days, w.cat.T(lang, "ptools.counts.by_day"), w.cat.T(lang, "ptools.counts.by_day_desc"), w.cat.T(lang, "ptools.counts.bar"), lang),
		DepChart: depChart(deps, w.cat.T(lang, "ptools.counts.by_dep"), w.cat.T(lang, "ptools.counts.by_dep_desc"))}
	for _, x := range days {
		d.Days = append(d.Days, chartDay{PetitionDay: x, Label: dayLabel(x.Day, lang)})
	}
	return w.render(rw, r, http.StatusOK, "petition_counts", "ptools.counts.title", d, nil)
}

// esc escapes text for SVG markup.
func esc(s string) string { return template.HTMLEscapeString(s) }

// niceMax rounds a chart's largest value up to 1, 2 or 5 times a power
// of ten, for a readable scale.
func niceMax(n int) int {
	if n <= 1 {
		return 1
	}
	p := 1
	for p*10 < n {
		p *= 10
	}
	for _, m := range []int{1, 2, 5, 10} {
		if m*p >= n {
			return m * p
		}
	}
	return 10 * p
}

// dayLabel writes a day as the language writes it.
func dayLabel(t time.Time, lang string) string {
	if lang == "fr" {
		return t.Format("02/01/2006")
	}
	return t.Format("2006-01-02")
}

// dayChart draws the confirmed signatures gained each day as bars (online
// and paper stacked), every day from the first to the last, each with its
// figures in a <title>; role="img" with a title and a description, the
// table beside it carrying the same figures for those who cannot see it.
// barFmt writes a bar's title from its day, online and paper figures.
func dayChart(days []service.PetitionDay, title, desc, barFmt, lang string) template.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-day-t chart-day-d" xmlns="http://www.w3.org/2000/svg">`, chartWidth, chartDayHeight)
	fmt.Fprintf(&b, `<title id="chart-day-t">%s</title><desc id="chart-day-d">%s</desc>`, esc(title), esc(desc))
	if len(days) == 0 {
		b.WriteString(`</svg>`)
		return template.HTML(b.String())
	}
	byDay := map[string]service.PetitionDay{}
	for _, d := range days {
		byDay[d.Day.Format(time.DateOnly)] = d
	}
	first, last := days[0].Day, days[len(days)-1].Day
	if n := int(last.Sub(first).Hours()/24) + 1; n > chartMaxDays {
		first = last.AddDate(0, 0, -(chartMaxDays - 1))
	}
	var all []service.PetitionDay
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		x, ok := byDay[d.Format(time.DateOnly)]
		if !ok {
			x = service.PetitionDay{Day: d}
		}
		all = append(all, x)
	}
	top := 0
	for _, d := range all {
		top = max(top, d.AddedOnline+d.AddedPaper)
	}
	top = niceMax(top)
	const left, bottom, upper = 44, 26, 14
	plotW, plotH := float64(chartWidth-left-8), float64(chartDayHeight-bottom-upper)
	fmt.Fprintf(&b, `<g class="chart-axis" fill="currentColor" font-size="14"><text x="%d" y="%d" text-anchor="end">%d</text><text x="%d" y="%d" text-anchor="end">0</text>`, left-6, upper+4, top, left-6, chartDayHeight-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text><text x="%d" y="%d" text-anchor="end">%s</text></g>`, left, chartDayHeight-6, esc(dayLabel(all[0].Day, lang)), chartWidth-8, chartDayHeight-6, esc(dayLabel(all[len(all)-1].Day, lang)))
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="currentColor" stroke-width="1"/>`, left, chartDayHeight-bottom, chartWidth-8, chartDayHeight-bottom)
	step := plotW / float64(len(all))
	barW := max(step*0.8, 1)
	for i, d := range all {
		x := float64(left) + float64(i)*step + (step-barW)/2
		on := plotH * float64(d.AddedOnline) / float64(top)
		pa := plotH * float64(d.AddedPaper) / float64(top)
		base := float64(chartDayHeight - bottom)
		fmt.Fprintf(&b, `<g><title>%s</title>`, esc(fmt.Sprintf(barFmt, dayLabel(d.Day, lang), d.AddedOnline, d.AddedPaper)))
		if on > 0 {
			fmt.Fprintf(&b, `<rect class="chart-online" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="currentColor"/>`, x, base-on, barW, on)
		}
		if pa > 0 {
			fmt.Fprintf(&b, `<rect class="chart-paper" x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="currentColor" fill-opacity="0.45"/>`, x, base-on-pa, barW, pa)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// depChart draws the confirmed signatures of the départements with the
// most as horizontal bars, each labelled with its code, name and figure.
func depChart(deps []service.DepartementCount, title, desc string) template.HTML {
	drawn := deps[:min(len(deps), chartDepsDrawn)]
	h := max(len(drawn)*chartRowHeight+8, 30)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" width="100%%" viewBox="0 0 %d %d" role="img" aria-labelledby="chart-dep-t chart-dep-d" xmlns="http://www.w3.org/2000/svg">`, chartWidth, h)
	fmt.Fprintf(&b, `<title id="chart-dep-t">%s</title><desc id="chart-dep-d">%s</desc>`, esc(title), esc(desc))
	top := 1
	for _, d := range drawn {
		top = max(top, d.Count)
	}
	plotW := float64(chartWidth - chartLabelWidth - 50)
	for i, d := range drawn {
		y := 4 + i*chartRowHeight
		bw := max(plotW*float64(d.Count)/float64(top), 1)
		label := d.Code
		if d.Name != "" {
			label += " " + d.Name
		}
		if len([]rune(label)) > 16 {
			label = string([]rune(label)[:15]) + "…"
		}
		fmt.Fprintf(&b, `<g fill="currentColor" font-size="14"><text x="%d" y="%d" text-anchor="end">%s</text>`, chartLabelWidth-8, y+18, esc(label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d"/>`, chartLabelWidth, y+3, bw, chartRowHeight-6)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d">%d</text></g>`, float64(chartLabelWidth)+bw+6, y+18, d.Count)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
