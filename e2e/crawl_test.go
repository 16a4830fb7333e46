package e2e

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestAuthorisationCrawl is the header and authorisation crawler of
// issue 11: every route the server registers is tried signed out and as
// five roles, with the objects of other groups and events put in its
// path (IDOR attempts) and its unsafe methods sent cross-origin. Each
// answer must carry the security headers, set no cookie for an
// anonymous visitor, never be a 500, leak no text its reader may not see
// (canaries), and allow or refuse as the oracle (crawl_oracle_test.go,
// written from docs/groups.md and docs/events.md) says. A route added
// without an entry in the crawl's tables fails the test.
//
// It prints its figures to standard output, so that CI's log shows them:
// go test -run TestAuthorisationCrawl -v ./e2e
func TestAuthorisationCrawl(t *testing.T) {
	start := time.Now()
	app := testkit.NewApp(t)
	table := crawlTable()
	checkRoutesClassified(t, app.Routes, table)
	if t.Failed() {
		return
	}
	c := runCrawl(t, app, table, nil)
	c.report(time.Since(start))
}

// runCrawl crawls the table's routes (those keep accepts, all when nil)
// over a world built in app, and returns the crawler with its figures and
// failures. wrap, when set, wraps the handler of each world (a defect
// planted by TestAuthorisationCrawlCatchesDefects).
func runCrawl(t *testing.T, app *testkit.App, table map[string]*crawlRoute, wrap func(http.Handler) http.Handler) *crawler {
	if wrap != nil {
		app.Handler = wrap(app.Handler)
	}
	w := buildCrawlWorld(t, app)
	c := newCrawler(t, w)
	patterns := make([]string, 0, len(table))
	for p := range table {
		patterns = append(patterns, p)
	}
	sort.Strings(patterns)

	// Reads first, then every write that must be refused (in the path,
	// the role or the origin), then the writes that must succeed, in
	// their order: the last ones end sessions.
	for _, p := range patterns {
		if crawlMethod(p) == "GET" {
			c.crawl(p, table[p], phaseRead)
		}
	}
	for _, p := range patterns {
		if crawlMethod(p) != "GET" {
			c.crawl(p, table[p], phaseRefused)
		}
	}
	// Allowed writes change the world: those of the pages on this one,
	// those of the API on a fresh one, since both do the same things
	// (accept this invitation, approve that request) once.
	allowed := func(api bool) {
		for tier := 0; tier <= maxTier; tier++ {
			for _, p := range patterns {
				if crawlMethod(p) != "GET" && table[p].tier == tier && strings.Contains(p, " /api/") == api {
					if tier >= sessionTiers {
						c.w.freshSessions(t)
					}
					c.crawl(p, table[p], phaseAllowed)
				}
			}
		}
	}
	allowed(false)
	fresh := testkit.NewApp(t)
	if wrap != nil {
		fresh.Handler = wrap(fresh.Handler)
	}
	c.w = buildCrawlWorld(t, fresh)
	allowed(true)
	c.settleGaps()
	return c
}

// checkRoutesClassified fails for a registered route the table lacks and
// for a table entry no route has: the crawl covers exactly what is
// served.
func checkRoutesClassified(t *testing.T, routes []string, table map[string]*crawlRoute) {
	for _, r := range routes {
		if _, ok := table[r]; !ok {
			t.Errorf("route %q is registered but not crawled: add it to the crawl's tables (e2e/crawl_routes_*_test.go) with its rule", r)
		}
	}
	for p := range table {
		if !slices.Contains(routes, p) {
			t.Errorf("the crawl's tables list %q, which is not registered", p)
		}
	}
}

// crawlMethod is the method of a pattern ("" for a pattern of any method).
func crawlMethod(pattern string) string {
	m, _, ok := strings.Cut(pattern, " ")
	if !ok {
		return "GET"
	}
	return m
}

// report prints the crawl's figures and fails on any failure.
func (c *crawler) report(d time.Duration) {
	routes := map[string]bool{}
	for _, r := range c.seen {
		routes[r] = true
	}
	line := fmt.Sprintf("authorisation crawl: %d routes × %d roles, %d requests (%d with another group's or event's objects in the path, %d cross-origin, %d with a token lacking a scope), %d failures, %d known gaps, in %s\n",
		len(routes), len(crawlRoles), c.requests, c.idor, c.cross, c.scoped, len(c.failures), len(c.gaps), d.Round(time.Second))
	fmt.Fprint(os.Stdout, line)
	for _, g := range c.gaps {
		fmt.Fprintf(os.Stdout, "  known gap: %s\n", g)
	}
	limit := 60
	if os.Getenv("CORTEGE_CRAWL_ALL") != "" {
		limit = len(c.failures)
	}
	for i, f := range c.failures {
		if i == limit {
			c.t.Errorf("… and %d more failures", len(c.failures)-i)
			break
		}
		c.t.Error(f)
	}
}
