package httpx

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

// FuzzClientIP: the client's address is the connection's peer, unless a
// trusted proxy is in front; then it is the last hop of the
// X-Forwarded-For list when that parses as an IP (written canonically),
// else the peer again. The list is every X-Forwarded-For header line
// in order (a proxy such as HAProxy adds its own line after the
// client's), so what the client wrote itself never wins.
func FuzzClientIP(f *testing.F) {
	f.Fuzz(func(t *testing.T, remote, first, second string, trust bool) {
		r := &http.Request{RemoteAddr: remote, Header: http.Header{}}
		for _, v := range []string{first, second} {
			if v != "" {
				r.Header.Add("X-Forwarded-For", v)
			}
		}
		peer := remote
		if host, _, err := net.SplitHostPort(remote); err == nil {
			peer = host
		}
		got := ClientIP(r, trust)
		want := peer
		if trust && (first != "" || second != "") {
			list := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			if ip := net.ParseIP(strings.TrimSpace(list[len(list)-1])); ip != nil {
				want = ip.String()
			}
		}
		if got != want {
			t.Fatalf("peer %q, X-Forwarded-For %q then %q, trusted %v: %q, want %q", remote, first, second, trust, got, want)
		}
	})
}
