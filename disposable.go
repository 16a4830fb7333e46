package cortege

import (
	_ "embed"
	"strings"
	"sync"
)

// disposableList is the list of throw-away mail domains, written by
// scripts/disposable/update.sh from the disposable-email-domains project
// (CC0 1.0); its header names the revision.
//
//go:embed disposable_domains.txt
var disposableList string

var disposableSet = sync.OnceValue(func() map[string]bool {
	set := map[string]bool{}
	for _, l := range strings.Split(disposableList, "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			set[l] = true
		}
	}
	return set
})

// DisposableDomain reports whether domain (ASCII, lower case, as in a
// CanonicalEmail key) or one of its parent domains is a throw-away mail
// service, whose addresses petitions refuse: anyone could sign a thousand
// times with them.
func DisposableDomain(domain string) bool {
	set := disposableSet()
	for d := domain; d != ""; {
		if set[d] {
			return true
		}
		i := strings.IndexByte(d, '.')
		if i < 0 {
			break
		}
		d = d[i+1:]
	}
	return false
}
