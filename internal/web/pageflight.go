package web

import "sync"

// pageFlights gathers the visitors who ask for a page while it is being
// rendered. A write retires every kept page at once; on a popular page
// the hundreds of requests that arrive before it is kept again would each
// render it (a stampede that, on a busy machine, costs a rendering per
// request for as long as one takes). They wait instead for the one
// rendering under way for the same key and generation, and are answered
// with its page as if it had been kept.
type pageFlights struct {
	mu sync.Mutex
	m  map[string]*pageFlight
}

// pageFlight is one rendering under way.
type pageFlight struct {
	gen  uint64
	done chan struct{} // closed when it landed
	page *cachedPage   // nil: its answer was no page to share
}

// join returns the rendering of key at gen under way, or starts one: lead
// is then true and the caller renders, and must land it.
func (f *pageFlights) join(key string, gen uint64) (fl *pageFlight, lead bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if fl := f.m[key]; fl != nil && fl.gen == gen {
		return fl, false
	}
	if f.m == nil {
		f.m = map[string]*pageFlight{}
	}
	fl = &pageFlight{gen: gen, done: make(chan struct{})}
	f.m[key] = fl // a rendering of an older generation lands for its own
	return fl, true
}

// land hands p (nil when the answer was no page to share) to those who
// wait for fl.
func (f *pageFlights) land(key string, fl *pageFlight, p *cachedPage) {
	fl.page = p
	f.mu.Lock()
	if f.m[key] == fl {
		delete(f.m, key)
	}
	f.mu.Unlock()
	close(fl.done)
}
