package cli

import (
	"github.com/prometheus/client_golang/prometheus"

	"codeberg.org/cortege/cortege/internal/web"
)

// pageCacheCollector exports the page cache's counters (web.PageCacheStats),
// read at scrape time: the hit ratio an operator sizes --page-cache-mb by.
type pageCacheCollector struct {
	stats         func() web.PageCacheStats
	answers       *prometheus.Desc
	pages, nbytes *prometheus.Desc
}

func newPageCacheCollector(stats func() web.PageCacheStats) *pageCacheCollector {
	return &pageCacheCollector{
		stats: stats,
		answers: prometheus.NewDesc("cortege_page_cache_answers_total",
			"Answers to visitors without an account on cacheable pages, by whether the page cache served them (hit) or they were rendered (miss).", []string{"result"}, nil),
		pages:  prometheus.NewDesc("cortege_page_cache_pages", "Pages held in the page cache.", nil, nil),
		nbytes: prometheus.NewDesc("cortege_page_cache_bytes", "Bytes held in the page cache (bounded by --page-cache-mb).", nil, nil),
	}
}

func (c *pageCacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.answers
	ch <- c.pages
	ch <- c.nbytes
}

func (c *pageCacheCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	if !s.On {
		return
	}
	ch <- prometheus.MustNewConstMetric(c.answers, prometheus.CounterValue, float64(s.Hits), "hit")
	ch <- prometheus.MustNewConstMetric(c.answers, prometheus.CounterValue, float64(s.Misses), "miss")
	ch <- prometheus.MustNewConstMetric(c.pages, prometheus.GaugeValue, float64(s.Pages))
	ch <- prometheus.MustNewConstMetric(c.nbytes, prometheus.GaugeValue, float64(s.Bytes))
}
