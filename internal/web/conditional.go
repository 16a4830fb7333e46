package web

import (
	"net/http"
	"time"
)

// datable reports whether a page rendered at start, while the content
// was as it has been since changed (service.ContentChanged), may answer
// If-Modified-Since. Last-Modified has a precision of one second: a page
// rendered in the very second the content changed carries the same date
// as the pages of the state before, so a client holding one of those
// would wrongly be told its copy is current. Such a page keeps its
// Last-Modified, but only its ETag makes it a 304.
func datable(changed, start time.Time) bool {
	return changed.Truncate(time.Second).Before(start.Truncate(time.Second))
}

// notModified reports whether the client's copy of p is current: its
// If-None-Match names p's ETag or, when it sends none, p was not modified
// after its If-Modified-Since (RFC 9110, 13.2.2).
func (p *cachedPage) notModified(r *http.Request) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagMatches(inm, p.etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || !p.datable {
		return false
	}
	t, err := http.ParseTime(ims)
	return err == nil && !p.lastMod.After(t)
}
