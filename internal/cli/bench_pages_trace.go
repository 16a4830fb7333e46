package cli

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// trace fetches p once more (warm) and returns its named statements in
// order, each with the time until the next one started (or the answer
// ended): what --trace prints under a page, to find the statement that
// grows with the instance. The time of a statement includes the Go work
// that follows it before the next one.
func (b *benchInstance) trace(ctx context.Context, client *http.Client, p benchPage) (string, error) {
	var mu sync.Mutex
	var names []string
	var starts []time.Time
	b.db.WatchStatements(func(name string) {
		mu.Lock()
		names, starts = append(names, name), append(starts, time.Now())
		mu.Unlock()
	})
	t0 := time.Now()
	_, err := b.fetch(ctx, client, p)
	end := time.Now()
	b.db.WatchStatements(nil)
	if err != nil {
		return "", err
	}
	mu.Lock()
	defer mu.Unlock()
	var sb strings.Builder
	fmt.Fprintf(&sb, "  %s: %v,", p.name, end.Sub(t0).Round(10*time.Microsecond))
	for i, n := range names {
		next := end
		if i+1 < len(starts) {
			next = starts[i+1]
		}
		fmt.Fprintf(&sb, " %s %v", n, next.Sub(starts[i]).Round(10*time.Microsecond))
	}
	return sb.String(), nil
}
