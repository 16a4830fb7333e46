package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// waitCached fetches path on a until the second of two fetches in a row
// costs no statement: the page is kept, and the changes of other nodes
// that were still on their way have arrived.
func (a *evApp) waitCached(path string) res {
	a.t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		a.raw(path, nil)
		var r res
		if n := a.statementsOf(func() { r = a.raw(path, nil) }); n == 0 {
			return r
		}
	}
	a.t.Fatalf("%s is never kept", path)
	return res{}
}

// TestNodesShareOnePostgres: two serve nodes over one PostgreSQL database,
// each with its own pool and page cache. A page kept on B shows at once
// an edit made on A; a session opened on A is valid on B; the hits of a
// rate limit on A count on B.
func TestNodesShareOnePostgres(t *testing.T) {
	u := testkit.TestDatabaseURL(t)
	if u == "" {
		t.Skip("several nodes need PostgreSQL: set " + testkit.EnvDatabaseURL)
	}
	t.Parallel()
	a := &evApp{App: testkit.NewNode(t, u), t: t}
	b := &evApp{App: testkit.NewNode(t, u), t: t}

	org := a.signIn("orga@example.org") // the session is opened on A
	id := a.createEvent(org, url.Values{"title": {"Marche pour le climat"}, "place_area": {"Lyon"}})
	if r := b.raw("/events/"+id+"/edit", map[string]string{"Cookie": "cortege_session=" + org.secret}); r.code != 200 || !strings.Contains(r.body, `action="/logout"`) {
		t.Fatalf("A's session on B: %d\n%s", r.code, excerpt(r.body))
	}

	kept := b.waitCached("/events/" + id)
	if !strings.Contains(kept.body, "Marche pour le climat") {
		t.Fatalf("B's page:\n%s", excerpt(kept.body))
	}
	heard := b.Service.ChangesHeard()
	a.editTitle(org, id, "Marche pour le vivant")
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		r := b.raw("/events/"+id, nil)
		if strings.Contains(r.body, "Marche pour le vivant") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("B still serves the old page after A's edit (%d changes heard)", b.Service.ChangesHeard()-heard)
		}
	}
	if b.Service.ChangesHeard() == heard {
		t.Error("B heard nothing of A's edit")
	}
	// And back: an edit through B's pages reaches A's kept page (the
	// browser's cookie is the one A set: cookies do not know ports).
	a.waitCached("/events/" + id)
	b.editTitle(org, id, "Marche du vivant")
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(a.raw("/events/"+id, nil).body, "Marche du vivant"); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("A still serves the old page after B's edit")
		}
	}

	// A rate limit hit on A counts on B: the attempts of one address.
	ip := cortege.Actor{IP: "198.51.100.9"}
	for i := 0; i < 60; i++ {
		if _, _, err := a.Service.ConfirmLogin(context.Background(), ip, "bad"); cortege.ErrorCode(err) == cortege.ERATELIMIT {
			t.Fatalf("limited on A after %d attempts", i)
		}
	}
	if _, _, err := b.Service.ConfirmLogin(context.Background(), ip, "bad"); cortege.ErrorCode(err) != cortege.ERATELIMIT {
		t.Errorf("B does not count A's attempts: %v", err)
	}
}

// TestPageCacheBlind: a node that cannot hear the other nodes' changes
// (its listener cannot connect, or lost its connection) keeps no page:
// it could not know when one goes stale.
func TestPageCacheBlind(t *testing.T) {
	t.Parallel()
	a := newEvApp(t)
	org := a.signIn("orga@example.org")
	id := a.createEvent(org, url.Values{"title": {"Marche"}, "place_area": {"Lyon"}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		a.Service.FollowChanges(ctx, "postgres://nobody@127.0.0.1:1/none?connect_timeout=1")
	}()
	t.Cleanup(func() { cancel(); <-done })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, trusted := a.Service.ContentGeneration(); !trusted {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a node that cannot listen trusts its cache")
		}
	}
	for i := 0; i < 3; i++ {
		if n := a.statementsOf(func() { a.raw("/events/"+id, nil) }); n == 0 {
			t.Fatalf("view %d was served from the cache of a deaf node", i)
		}
	}
}
