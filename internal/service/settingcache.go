package service

import (
	"context"
	"sync"
)

// kept holds a value read from the instance settings while the content
// generation it was read at is current: every page reads the settings,
// and they change once in a long while. instance_settings is a content
// table, so any commit that writes it moves the generation on (here, or
// on another node heard through FollowChanges); while the generation
// cannot be trusted, nothing is kept.
type kept[T any] struct {
	mu  sync.Mutex
	gen uint64
	ok  bool
	v   T
}

// get returns the kept value, or reads it again with read. The generation
// is taken before the read, so a write committed during the read leaves
// a value that the next call reads again.
func (k *kept[T]) get(ctx context.Context, g *generation, read func(context.Context) (T, error)) (T, error) {
	n, trusted := g.n.Load(), !g.blind.Load()
	if trusted {
		k.mu.Lock()
		if k.ok && k.gen == n {
			v := k.v
			k.mu.Unlock()
			return v, nil
		}
		k.mu.Unlock()
	}
	v, err := read(ctx)
	if err != nil || !trusted {
		return v, err
	}
	k.mu.Lock()
	k.gen, k.ok, k.v = n, true, v
	k.mu.Unlock()
	return v, nil
}
