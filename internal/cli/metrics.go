package cli

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/store"
)

// queueCollector exports the job queue's depth by state and this process's
// job outcomes, read at scrape time.
type queueCollector struct {
	db      *store.DB
	runner  *jobs.Runner
	depth   *prometheus.Desc
	outcome *prometheus.Desc
	conns   *prometheus.Desc
	commits *prometheus.Desc
	txs     *prometheus.Desc
}

func newQueueCollector(db *store.DB, r *jobs.Runner) *queueCollector {
	return &queueCollector{
		db: db, runner: r,
		depth:   prometheus.NewDesc("cortege_jobs", "Jobs in the queue by state.", []string{"state"}, nil),
		outcome: prometheus.NewDesc("cortege_jobs_processed_total", "Jobs this process ran, by outcome.", []string{"outcome"}, nil),
		conns:   prometheus.NewDesc("cortege_db_open_connections", "Open database connections (writer pool).", nil, nil),
		commits: prometheus.NewDesc("cortege_db_commits_total", "Durable commits of write transactions since the process started.", nil, nil),
		txs: prometheus.NewDesc("cortege_db_transactions_total", "Write transactions committed since the process started, by whether they shared their commit with others (group commit).",
			[]string{"commit"}, nil),
	}
}

func (c *queueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.depth
	ch <- c.outcome
	ch <- c.conns
	ch <- c.commits
	ch <- c.txs
}

func (c *queueCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if counts, err := c.db.Q().CountJobsByState(ctx); err == nil {
		for _, s := range []string{store.JobQueued, store.JobRunning, store.JobDone, store.JobDead} {
			ch <- prometheus.MustNewConstMetric(c.depth, prometheus.GaugeValue, float64(counts[s]), s)
		}
	}
	done, retried, buried := c.runner.Counts()
	ch <- prometheus.MustNewConstMetric(c.outcome, prometheus.CounterValue, float64(done), "done")
	ch <- prometheus.MustNewConstMetric(c.outcome, prometheus.CounterValue, float64(retried), "retried")
	ch <- prometheus.MustNewConstMetric(c.outcome, prometheus.CounterValue, float64(buried), "buried")
	ch <- prometheus.MustNewConstMetric(c.conns, prometheus.GaugeValue, float64(c.db.Stats().OpenConnections))
	commits, txs := c.db.Commits()
	shared := c.db.SharedCommits()
	ch <- prometheus.MustNewConstMetric(c.commits, prometheus.CounterValue, float64(commits))
	ch <- prometheus.MustNewConstMetric(c.txs, prometheus.CounterValue, float64(shared), "shared")
	ch <- prometheus.MustNewConstMetric(c.txs, prometheus.CounterValue, float64(txs-shared), "alone")
}
