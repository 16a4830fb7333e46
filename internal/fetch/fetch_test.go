package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func TestAllowed(t *testing.T) {
	for _, s := range []string{
		"127.0.0.1", "127.8.9.10", "::1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
		"169.254.169.254", "fe80::1", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "255.255.255.255",
		"224.0.0.1", "ff02::1", "::", "fc00::1", "fd12:3456::1", "64:ff9b::a00:1", "64:ff9b:1::1",
		"2002:c000:0204::1", "2001:0:4136:e378::1", "2001:db8::1", "192.0.2.1", "198.51.100.7", "203.0.113.9",
		"198.18.0.1", "192.88.99.1", "240.0.0.1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254",
		"fec0::1", "100::1",
	} {
		if Allowed(netip.MustParseAddr(s), false) {
			t.Errorf("%s allowed", s)
		}
	}
	for _, s := range []string{"93.184.215.14", "2a00:1450:4007:80c::200e", "8.8.8.8", "::ffff:8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1"} {
		if !Allowed(netip.MustParseAddr(s), false) {
			t.Errorf("%s refused", s)
		}
	}
	if !Allowed(netip.MustParseAddr("127.0.0.1"), true) || !Allowed(netip.MustParseAddr("::1"), true) || Allowed(netip.MustParseAddr("10.0.0.1"), true) {
		t.Error("AllowLoopback opens loopback only")
	}
}

// TestRefusedAtDial: without AllowLoopback the client cannot reach a
// server on this machine, by address or by name, directly or through a
// redirect from an allowed one.
func TestRefusedAtDial(t *testing.T) {
	hits := 0
	local := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer local.Close()
	c := New(Options{})
	for _, u := range []string{local.URL, strings.Replace(local.URL, "127.0.0.1", "localhost", 1), strings.Replace(local.URL, "127.0.0.1", "[::ffff:127.0.0.1]", 1)} {
		if _, err := c.Get(context.Background(), u, nil); !errors.Is(err, ErrRefused) {
			t.Errorf("%s: %v, want refused", u, err)
		}
	}
	// Through a redirect: the first hop is allowed (test client), the
	// second (a refusing client's own dial) is not.
	redir := httptest.NewServer(http.RedirectHandler(local.URL+"/x", http.StatusFound))
	defer redir.Close()
	if _, err := New(Options{AllowLoopback: true}).Get(context.Background(), redir.URL, nil); err != nil {
		t.Fatal(err)
	}
	if hits != 1 {
		t.Fatalf("%d hits", hits)
	}
	if _, err := c.Get(context.Background(), redir.URL, nil); !errors.Is(err, ErrRefused) {
		t.Errorf("redirect: %v", err)
	}
	if hits != 1 {
		t.Errorf("the refusing client reached the server (%d hits)", hits)
	}
	// The exact address of an operator's server is let through, and only it.
	lo := netip.MustParseAddr("127.0.0.1")
	if _, err := New(Options{Allow: []netip.Addr{lo}}).Get(context.Background(), local.URL, nil); err != nil || hits != 2 {
		t.Errorf("allowed address: %v (%d hits)", err, hits)
	}
	if _, err := New(Options{Allow: []netip.Addr{netip.MustParseAddr("127.0.0.2")}}).Get(context.Background(), local.URL, nil); !errors.Is(err, ErrRefused) {
		t.Errorf("another address: %v", err)
	}
	for _, u := range []string{"file:///etc/passwd", "gopher://x/", "ftp://example.org/", "http://user:pw@example.org/"} {
		if _, err := c.Get(context.Background(), u, nil); err == nil || errors.Is(err, ErrRefused) && !strings.HasPrefix(u, "http") {
			t.Errorf("%s: %v", u, err)
		}
	}
}

func TestRedirectCap(t *testing.T) {
	n := 0
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n++
		if r.URL.Path == "/end" {
			fmt.Fprint(w, "ok")
			return
		}
		var k int
		fmt.Sscanf(r.URL.Path, "/r%d", &k)
		if k <= 1 {
			http.Redirect(w, r, "/end", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/r%d", k-1), http.StatusFound)
	}))
	defer srv.Close()
	c := New(Options{AllowLoopback: true, MaxRedirects: 3})
	if r, err := c.Get(context.Background(), srv.URL+"/r3", nil); err != nil || string(r.Body) != "ok" || r.URL.Path != "/end" {
		t.Fatalf("3 redirects: %v %v", r, err)
	}
	n = 0
	if _, err := c.Get(context.Background(), srv.URL+"/r4", nil); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("4 redirects: %v", err)
	}
	if n != 4 {
		t.Errorf("%d requests for 4 redirects capped at 3", n)
	}
	if _, err := New(Options{AllowLoopback: true, MaxRedirects: -1}).Get(context.Background(), srv.URL+"/r1", nil); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("no redirects: %v", err)
	}
	// A redirect to another scheme is refused.
	other := httptest.NewServer(http.RedirectHandler("file:///etc/passwd", http.StatusFound))
	defer other.Close()
	if _, err := c.Get(context.Background(), other.URL, nil); !errors.Is(err, ErrUnsupportedScheme) {
		t.Errorf("file redirect: %v", err)
	}
}

func TestBodyCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, strings.Repeat("a", 1000))
	}))
	defer srv.Close()
	if _, err := New(Options{AllowLoopback: true, MaxBody: 999}).Get(context.Background(), srv.URL, nil); !errors.Is(err, ErrTooLarge) {
		t.Errorf("999: %v", err)
	}
	r, err := New(Options{AllowLoopback: true, MaxBody: 1000}).Get(context.Background(), srv.URL, http.Header{"Accept": {"text/plain"}})
	if err != nil || len(r.Body) != 1000 || r.StatusCode != 200 {
		t.Errorf("1000: %v", err)
	}
}

// TestTotalTime: a server that answers slowly is cut off at the timeout.
func TestTotalTime(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		w.(http.Flusher).Flush()
		<-release
	}))
	defer srv.Close()
	defer close(release)
	c := New(Options{AllowLoopback: true, Timeout: 200_000_000}) // 0.2 s
	if _, err := c.Get(context.Background(), srv.URL, nil); err == nil {
		t.Error("a body that never ends was read")
	}
}
