// Package fetch is Cortège's one outbound HTTP client: nothing else dials
// out. It resolves names itself and refuses, at dial time (so a name that
// resolves twice, or a redirect, cannot slip through), every address that
// is not public unicast: loopback, private, link-local, CGNAT, NAT64,
// 6to4, Teredo, documentation, benchmarking, multicast and other special
// ranges. It caps redirects, the body's size and the total time.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"syscall"
	"time"
)

// Errors a caller may tell apart.
var (
	ErrRefused           = errors.New("fetch: address refused")
	ErrTooLarge          = errors.New("fetch: body over the limit")
	ErrTooManyRedirects  = errors.New("fetch: too many redirects")
	ErrUnsupportedScheme = errors.New("fetch: only http and https")
)

// Options bound a client; zero values take the defaults.
type Options struct {
	Timeout      time.Duration // whole request, redirects and body included; default 10 s
	MaxBody      int64         // default 2 MiB
	MaxRedirects int           // default 3; -1 follows none
	UserAgent    string        // default "Cortège"
	// AllowLoopback lets 127.0.0.0/8 and ::1 through: for tests against
	// httptest servers only, never in a configuration.
	AllowLoopback bool
	// Allow are exact addresses let through whatever their range: the
	// addresses of a server the operator configured (a geocoder on their
	// own network), resolved once at start. Nothing a user typed goes here.
	Allow []netip.Addr
}

// Client is an SSRF-guarded HTTP client. It is safe for concurrent use.
type Client struct {
	hc  *http.Client
	opt Options
}

// New returns a client with the given limits.
func New(o Options) *Client {
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 2 << 20
	}
	if o.MaxRedirects == 0 {
		o.MaxRedirects = 3
	}
	if o.UserAgent == "" {
		o.UserAgent = "Cortège"
	}
	allowLoopback := o.AllowLoopback
	exact := map[netip.Addr]bool{}
	for _, a := range o.Allow {
		exact[a.Unmap()] = true
	}
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		// Control runs once the address is resolved and before connect:
		// a refused address is never sent a packet.
		Control: func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil || !exact[ap.Addr().Unmap()] && !Allowed(ap.Addr(), allowLoopback) {
				return fmt.Errorf("%w: %s", ErrRefused, address)
			}
			return nil
		},
	}
	tr := &http.Transport{
		Proxy:                  nil, // never through an environment proxy: it would dial for us
		DialContext:            dialer.DialContext,
		ForceAttemptHTTP2:      true,
		MaxIdleConns:           10,
		IdleConnTimeout:        30 * time.Second,
		TLSHandshakeTimeout:    5 * time.Second,
		ResponseHeaderTimeout:  o.Timeout,
		MaxResponseHeaderBytes: 64 << 10,
	}
	maxRedirects := o.MaxRedirects
	hc := &http.Client{Transport: tr, Timeout: o.Timeout, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if maxRedirects < 0 || len(via) > maxRedirects {
			return ErrTooManyRedirects
		}
		if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
			return ErrUnsupportedScheme
		}
		return nil
	}}
	return &Client{hc: hc, opt: o}
}

// Response is a fetched resource, its body read whole within the limit.
type Response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	URL        *url.URL // after redirects
}

// Get fetches rawURL (http or https) with the given extra headers.
func (c *Client) Get(ctx context.Context, rawURL string, header http.Header) (*Response, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrUnsupportedScheme
	}
	if u.User != nil {
		return nil, fmt.Errorf("fetch: no credentials in URLs")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	resp, err := c.hc.Do(req)
	if err != nil {
		for _, e := range []error{ErrRefused, ErrTooManyRedirects, ErrUnsupportedScheme} {
			if errors.Is(err, e) {
				return nil, e
			}
		}
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBody+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > c.opt.MaxBody {
		return nil, ErrTooLarge
	}
	return &Response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, URL: resp.Request.URL}, nil
}

// refused are the special ranges Allowed turns down beyond what netip
// classifies (loopback, private, link-local, multicast, unspecified).
var refused = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // CGNAT (RFC 6598)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"192.88.99.0/24",  // 6to4 relay anycast
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"240.0.0.0/4",     // reserved, broadcast
		"64:ff9b::/96",    // NAT64 (RFC 6052)
		"64:ff9b:1::/48",  // local NAT64 (RFC 8215)
		"100::/64",        // discard
		"2001::/32",       // Teredo
		"2001:2::/48",     // benchmarking
		"2001:10::/28",    // ORCHID
		"2001:20::/28",    // ORCHIDv2
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4
		"3fff::/20",       // documentation (RFC 9637)
		"5f00::/16",       // segment routing
		"fec0::/10",       // site-local (deprecated)
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// Allowed says whether Cortège may connect to ip: public unicast only
// (IPv4-mapped IPv6 addresses are judged as the IPv4 they hold), and
// loopback when allowLoopback (tests).
func Allowed(ip netip.Addr, allowLoopback bool) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.Zone() != "" {
		return false
	}
	if ip.IsLoopback() {
		return allowLoopback
	}
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	for _, p := range refused {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}
