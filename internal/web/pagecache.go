package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// DefaultPageCacheMaxAge is how long a cached page may be served at most,
// even when nothing was written: pages say "in 2 hours" and list what is
// still to come, which time alone changes.
const DefaultPageCacheMaxAge = time.Minute

// pageCache keeps the public pages as a visitor without an account gets
// them (home, event, group, feeds), so a reload storm on one page costs
// no database work. A page is served from it only while the content
// generation it was rendered at is current (service.ContentGeneration:
// every write to a content table moves it on, on any node) and it is
// younger than maxAge. It holds at most limit bytes, least recently used
// pages leaving first.
type pageCache struct {
	mu      sync.Mutex
	limit   int64
	size    int64
	maxAge  time.Duration
	order   list.List // of *cachedPage, most recently used first
	entries map[string]*list.Element
	now     func() time.Time
	stale   int // entries left by pages no longer served (see get)
	flights pageFlights
	// hits and misses count the answers to requests that qualified:
	// served from the cache, or rendered.
	hits, misses atomic.Uint64
}

// cachedPage is one answer, ready to be written again.
type cachedPage struct {
	key    string
	gen    uint64
	at     time.Time
	header http.Header // everything but Content-Length and Content-Encoding
	body   []byte
	gz     []byte // body gzipped, nil when that saves nothing
	etag   string
	// bodyLen and gzLen are the Content-Length values, made once.
	bodyLen, gzLen []string
	// lastMod is the Last-Modified date (the render's second); datable
	// says whether If-Modified-Since may rely on it (see datable).
	lastMod time.Time
	datable bool
	// stale marks what is left of a page no longer served: its ETag and
	// date, for the next one.
	stale bool
	// maxAge, when not zero, is this page's own (shorter) limit: a live
	// page, whose counter moves without the content generation.
	maxAge time.Duration
}

// follow dates p, the page rendered after old for the same key: the same
// bytes keep old's date, so that If-Modified-Since still answers 304
// after the cache rendered the page again; other bytes in the same second
// as old's date may not answer If-Modified-Since (see datable).
func (p *cachedPage) follow(old *cachedPage) {
	switch {
	case old.etag == p.etag && old.datable:
		p.lastMod, p.datable = old.lastMod, true
		p.header["Last-Modified"] = []string{p.lastMod.Format(http.TimeFormat)}
	case !old.lastMod.Before(p.lastMod):
		p.datable = false
	}
}

func (p *cachedPage) bytes() int64 {
	return int64(len(p.key) + len(p.body) + len(p.gz) + 512) // headers, roughly
}

func newPageCache(limit int64, maxAge time.Duration, now func() time.Time) *pageCache {
	if maxAge <= 0 {
		maxAge = DefaultPageCacheMaxAge
	}
	return &pageCache{limit: limit, maxAge: maxAge, entries: map[string]*list.Element{}, now: now}
}

// get returns the page kept for key if it is still good at generation gen.
func (c *pageCache) get(key string, gen uint64) *cachedPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entries[key]
	if e == nil {
		return nil
	}
	p := e.Value.(*cachedPage)
	limit := c.maxAge
	if p.maxAge > 0 && p.maxAge < limit {
		limit = p.maxAge
	}
	if age := c.now().Sub(p.at); p.stale || p.gen != gen || age < 0 || age >= limit {
		if !p.stale {
			// Its date stays, for the page rendered next (see put).
			t := &cachedPage{key: p.key, etag: p.etag, lastMod: p.lastMod, datable: p.datable, stale: true}
			c.size += t.bytes() - p.bytes()
			c.stale++
			e.Value = t
		}
		return nil
	}
	c.order.MoveToFront(e)
	return p
}

// put keeps p, evicting the least recently used pages past the limit. A
// page above an eighth of the limit is not kept.
func (c *pageCache) put(p *cachedPage) {
	n := p.bytes()
	if n > c.limit/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e := c.entries[p.key]; e != nil {
		p.follow(e.Value.(*cachedPage))
		c.drop(e)
	}
	c.entries[p.key] = c.order.PushFront(p)
	c.size += n
	for c.size > c.limit {
		c.drop(c.order.Back())
	}
}

func (c *pageCache) drop(e *list.Element) {
	p := c.order.Remove(e).(*cachedPage)
	delete(c.entries, p.key)
	c.size -= p.bytes()
	if p.stale {
		c.stale--
	}
}

// stats reports how many pages the cache holds that may still be served
// (not counting what is left of the others), and the bytes of all.
func (c *pageCache) stats() (pages int, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries) - c.stale, c.size
}

// PageCacheStats is what the page cache did since the process started.
type PageCacheStats struct {
	On           bool   // false: --page-cache-mb 0, every other field is 0
	Hits, Misses uint64 // answers served from the cache (or from a rendering they waited for), answers rendered
	Pages        int    // pages held now
	Bytes        int64  // their size (the bound applies to it)
}

// PageCacheStats reports the page cache's counters, for the metrics and
// the benches.
func (w *Web) PageCacheStats() PageCacheStats {
	c := w.pageCache
	if c == nil {
		return PageCacheStats{}
	}
	pages, size := c.stats()
	return PageCacheStats{On: true, Hits: c.hits.Load(), Misses: c.misses.Load(), Pages: pages, Bytes: size}
}

// cached serves next's answers to visitors without an account from the
// page cache, and makes every such answer conditional (ETag and
// Last-Modified, 304). A
// request qualifies only when nothing in it is personal: GET or HEAD, no
// cookie but the language one, no Authorization, no query but ?lang=.
// Anything else, signed-in visitors first, goes straight to next and
// neither reads nor fills the cache. An answer is kept only when it is a
// 200 that sets no cookie and does not say no-store. Requests for a page
// being rendered wait for that rendering (pageFlights).
func (w *Web) cached(next http.HandlerFunc) http.HandlerFunc {
	return w.cachedFor(0, next)
}

// cachedLive is cached for a page showing live tables (a petition's page,
// its widget, its log; see service.LivePageMaxAge): writes to those move no
// generation, so the page is kept LivePageMaxAge at most, and answers
// If-None-Match only (its date says nothing of its counter).
func (w *Web) cachedLive(next http.HandlerFunc) http.HandlerFunc {
	return w.cachedFor(service.LivePageMaxAge, next)
}

// cachedFor is cached with a page's own maximum age (0: the cache's).
func (w *Web) cachedFor(maxAge time.Duration, next http.HandlerFunc) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		key, ok := w.pageKey(r)
		if !ok {
			next(rw, r)
			return
		}
		gen, trusted := w.svc.ContentGeneration()
		changed := w.svc.ContentChanged() // read after gen: as late or later
		land := func(*cachedPage) {}      // hands the page rendered here to those waiting
		if w.pageCache != nil && trusted {
			if p := w.pageCache.get(key, gen); p != nil {
				w.pageCache.hits.Add(1)
				servePage(rw, r, p)
				return
			}
			fl, lead := w.pageCache.flights.join(key, gen)
			if !lead {
				select {
				case <-fl.done:
				case <-r.Context().Done():
					return // the client left
				}
				if fl.page != nil {
					w.pageCache.hits.Add(1)
					servePage(rw, r, fl.page)
					return
				}
			} else {
				landed := false
				land = func(p *cachedPage) {
					if !landed {
						landed = true
						w.pageCache.flights.land(key, fl, p)
					}
				}
				defer land(nil) // no page, or a panic: they render their own
			}
		}
		if w.pageCache != nil {
			w.pageCache.misses.Add(1)
		}
		rec := &pageRecorder{h: rw.Header()}
		start := w.svc.Now()
		next(rec, r)
		keep := w.pageCache != nil && trusted
		p := rec.page(key, gen, start, keep)
		if p == nil {
			rec.replay(rw)
			return
		}
		p.datable = trusted && maxAge == 0 && datable(changed, start)
		if maxAge > 0 {
			p.maxAge = maxAge
			delete(p.header, "Last-Modified")
		}
		if keep {
			w.pageCache.put(p)
			land(p)
		}
		servePage(rw, r, p)
	}
}

// cachedAt is cached for the routes under /@handle/: only a group's or a
// profile's page and the group's feeds qualify.
func (w *Web) cachedAt(next http.HandlerFunc) http.HandlerFunc {
	c := w.cached(next)
	return func(rw http.ResponseWriter, r *http.Request) {
		if !cacheableAt(r.URL.Path) {
			next(rw, r)
			return
		}
		c(rw, r)
	}
}

// cacheableAt reports whether path is /@handle or one of its feeds.
func cacheableAt(path string) bool {
	rest, ok := strings.CutPrefix(path, "/@")
	if !ok || rest == "" {
		return false
	}
	handle, file, sub := strings.Cut(rest, "/")
	if handle == "" {
		return false
	}
	return !sub || file == "events.ics" || file == "events.atom" || file == "feed.atom"
}

// pageKey names the page r asks for as a visitor without an account sees
// it (language, ?lang= kept in links, path), or reports that r carries
// something personal.
func (w *Web) pageKey(r *http.Request) (string, bool) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead || r.Header.Get("Authorization") != "" {
		return "", false
	}
	if len(r.Header["Cookie"]) > 0 {
		for _, c := range r.Cookies() {
			if c.Name != w.langCookieName() {
				return "", false
			}
		}
	}
	if q := r.URL.RawQuery; q != "" {
		l, ok := strings.CutPrefix(q, "lang=")
		if !ok || !cortege.ValidLang(l) {
			return "", false
		}
	}
	ri := w.visitorInfo(r)
	return ri.lang + " " + ri.langQuery + " " + r.URL.Path, true
}

// pageRecorder holds an answer until it is known whether to keep it.
type pageRecorder struct {
	h      http.Header // the real writer's: what the server set is kept
	status int
	body   bytes.Buffer
}

func (p *pageRecorder) Header() http.Header { return p.h }

func (p *pageRecorder) WriteHeader(code int) {
	if p.status == 0 {
		p.status = code
	}
}

func (p *pageRecorder) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return p.body.Write(b)
}

// replay writes the answer as it was recorded.
func (p *pageRecorder) replay(rw http.ResponseWriter) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	rw.WriteHeader(p.status)
	rw.Write(p.body.Bytes())
}

// page turns a recorded answer into a page fit to keep, nil when it is
// not one: not a 200, setting a cookie, or marked no-store. A page to be
// kept is compressed as tightly as gzip can, once; one served only this
// time (no cache) as fast as it can.
func (p *pageRecorder) page(key string, gen uint64, now time.Time, keep bool) *cachedPage {
	if p.status != 0 && p.status != http.StatusOK || len(p.h["Set-Cookie"]) > 0 ||
		strings.Contains(p.h.Get("Cache-Control"), "no-store") {
		return nil
	}
	body := bytes.Clone(p.body.Bytes())
	sum := sha256.Sum256(body)
	pg := &cachedPage{key: key, gen: gen, at: now, body: body,
		etag: `W/"` + hex.EncodeToString(sum[:12]) + `"`, gz: gzipped(body, keep)}
	h := p.h.Clone()
	h.Del("Content-Length")
	h.Del("Date")
	h.Set("ETag", pg.etag)
	pg.lastMod = now.UTC().Truncate(time.Second)
	h.Set("Last-Modified", pg.lastMod.Format(http.TimeFormat))
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if pg.gz != nil {
		h.Set("Vary", strings.Join(append(h.Values("Vary"), "Accept-Encoding"), ", "))
	}
	for k, v := range h {
		h[k] = v[:len(v):len(v)] // shared by every answer: an append copies
	}
	pg.header = h
	pg.bodyLen = []string{strconv.Itoa(len(pg.body))}
	pg.gzLen = []string{strconv.Itoa(len(pg.gz))}
	return pg
}

// gzipped compresses a page once, when it is kept, so that every answer
// to a browser that accepts gzip costs a copy of fewer bytes; best is
// gzip's best compression, else its fastest.
func gzipped(b []byte, best bool) []byte {
	if len(b) < 1024 {
		return nil
	}
	level := gzip.BestSpeed
	if best {
		level = gzip.BestCompression
	}
	var buf bytes.Buffer
	z, _ := gzip.NewWriterLevel(&buf, level)
	z.Write(b)
	z.Close()
	if buf.Len() >= len(b) {
		return nil
	}
	return buf.Bytes()
}

var (
	gzipEncoding = []string{"gzip"}
	notModified  = http.StatusNotModified
)

// servePage writes a kept page: 304 when the client holds it already
// (If-None-Match, If-Modified-Since), gzipped when the client accepts it.
func servePage(rw http.ResponseWriter, r *http.Request, p *cachedPage) {
	h := rw.Header()
	for k, v := range p.header {
		h[k] = v
	}
	if p.notModified(r) {
		rw.WriteHeader(notModified)
		return
	}
	body, n := p.body, p.bodyLen
	if p.gz != nil && acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h["Content-Encoding"] = gzipEncoding
		body, n = p.gz, p.gzLen
	}
	h["Content-Length"] = n
	rw.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		rw.Write(body)
	}
}

// etagMatches is If-None-Match's weak comparison of a list of tags (or
// "*") with etag.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for t := range strings.SplitSeq(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding: gzip listed, and not with q=0.
func acceptsGzip(header string) bool {
	for part := range strings.SplitSeq(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}
