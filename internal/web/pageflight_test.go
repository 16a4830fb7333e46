package web_test

import (
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestPageCacheStampede: after a write retires a page, many visitors
// asking for it at once cost one rendering, not one each: they wait for
// the rendering under way and get its page.
func TestPageCacheStampede(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}})
	page := "/events/" + id

	a.editTitle(org, id, "Marche du samedi")
	one := a.statementsOf(func() { a.raw(page, nil) }) // one rendering
	if one == 0 {
		t.Fatal("the page after an edit cost no statement")
	}
	a.editTitle(org, id, "Marche du dimanche")
	const visitors = 40
	var wg sync.WaitGroup
	start := make(chan struct{})
	bodies := make([]string, visitors)
	n := a.statementsOf(func() {
		for i := range visitors {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				bodies[i] = a.raw(page, nil).body
			}()
		}
		close(start)
		wg.Wait()
	})
	if n > one {
		t.Errorf("%d visitors at once after a write cost %d statements, one rendering %d", visitors, n, one)
	}
	if !strings.Contains(bodies[0], "Marche du dimanche") {
		t.Error("the visitors did not get the page as edited")
	}
	for i, b := range bodies {
		if b != bodies[0] || len(b) == 0 {
			t.Fatalf("visitor %d got another page (%d bytes, the first %d)", i, len(b), len(bodies[0]))
		}
	}
}
