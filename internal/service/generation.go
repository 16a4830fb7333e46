package service

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
)

// ChangesChannel is the PostgreSQL channel on which the nodes over one
// database tell each other that public content changed.
const ChangesChannel = "cortege_changes"

// generation numbers the states of the public content: it moves on after
// every committed write to a content table (store.ChangesContent), here
// or, over PostgreSQL, on another node. The page cache keeps a page only
// while the generation it was rendered at is current.
type generation struct {
	n atomic.Uint64
	// changed is when n last moved (or the service started), in Unix
	// nanoseconds on the service's clock: what Last-Modified is made of.
	changed atomic.Int64
	now     func() time.Time
	// blind is set while changes of other nodes may be missed: a
	// PostgreSQL node whose listener is not (yet) connected.
	blind     atomic.Bool
	listening atomic.Bool   // FollowChanges's listener holds
	node      string        // this process, the payload of its broadcasts
	due       chan struct{} // a broadcast is due (capacity 1: coalesced)
	// heard counts the other nodes' broadcasts received (tests).
	heard atomic.Uint64
}

func newGeneration(db *store.DB, now func() time.Time) *generation {
	b := make([]byte, 8)
	rand.Read(b)
	g := &generation{node: hex.EncodeToString(b), due: make(chan struct{}, 1), now: now}
	g.changed.Store(now().UnixNano())
	db.OnCommit(func(changed []string) {
		if store.ChangesContent(changed) {
			g.bump()
			select {
			case g.due <- struct{}{}:
			default: // one is already due: it is sent after this commit too
			}
		}
	})
	return g
}

// bump moves the generation on, noting when: the time first, so that
// whoever reads the new generation reads this time or a later one.
func (g *generation) bump() {
	g.changed.Store(g.now().UnixNano())
	g.n.Add(1)
}

// ContentChanged is when the content generation last moved on this node
// (a commit here, a change heard from another node) or, before any, when
// the service started: no public page shows a state older than that.
func (s *Service) ContentChanged() time.Time {
	return time.Unix(0, s.gen.changed.Load()).UTC()
}

// ContentGeneration returns the current generation of the public content
// and whether it can be trusted: false while this node may miss other
// nodes' changes (see FollowChanges), when nothing may be cached.
func (s *Service) ContentGeneration() (uint64, bool) {
	return s.gen.n.Load(), !s.gen.blind.Load()
}

// Now is the service's clock: the page cache measures ages with it, so
// that time moved on in a test ages the pages too.
func (s *Service) Now() time.Time { return s.now() }

// Listening reports whether FollowChanges listens to the other nodes.
func (s *Service) Listening() bool { return s.gen.listening.Load() }

// ChangesHeard counts the changes of other nodes this one heard of.
func (s *Service) ChangesHeard() uint64 { return s.gen.heard.Load() }

// FollowChanges makes this node one of several over one PostgreSQL
// database (url): it broadcasts its own content changes and listens to
// the others', on a connection of its own, until ctx ends. Until the
// listener holds, and whenever it is lost, the node counts as blind
// (ContentGeneration's false) and every change is assumed: notifications
// may have been missed. Serve runs it on PostgreSQL; SQLite serves one
// node and needs none of it.
func (s *Service) FollowChanges(ctx context.Context, url string) error {
	g := s.gen
	g.blind.Store(true)
	go s.broadcastChanges(ctx)
	l := &store.Listener{URL: url, Channel: ChangesChannel,
		Heard: func(payload string) {
			if payload != g.node {
				g.heard.Add(1)
				g.bump()
			}
		},
		Up: func() {
			g.bump() // whatever happened while deaf is now assumed
			g.blind.Store(false)
			g.listening.Store(true)
		},
		Down: func() {
			g.listening.Store(false)
			g.blind.Store(true)
			g.bump()
			if ctx.Err() != nil {
				return // shutting down
			}
			s.log.Warn("lost the connection listening to other nodes' changes; pages are not cached until it is back")
		},
	}
	return l.Run(ctx)
}

// broadcastChanges tells the other nodes of this one's content changes,
// one notification for however many commits happened while the last was
// being sent; a failed one is tried again.
func (s *Service) broadcastChanges(ctx context.Context) {
	g := s.gen
	for {
		select {
		case <-ctx.Done():
			return
		case <-g.due:
		}
		for s.db.Q().Broadcast(ctx, ChangesChannel, g.node) != nil {
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("could not tell the other nodes of a change; trying again")
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
		}
	}
}

// LivePageMaxAge is how long a page showing live tables (a petition's
// page, widget or log: their counters move no generation) may be served
// from the page cache.
const LivePageMaxAge = store.LivePageMaxAge
