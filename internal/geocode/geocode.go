// Package geocode asks a street geocoder the operator hosts (Addok,
// Photon or Nominatim) for the position of an address, through the
// SSRF-guarded client of internal/fetch. It is optional: without it,
// places get their commune's centre from the embedded gazetteer.
package geocode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"codeberg.org/cortege/cortege/internal/fetch"
)

// Kinds of geocoder.
const (
	Addok     = "addok"
	Photon    = "photon"
	Nominatim = "nominatim"
)

// maxResponse is the largest answer read: one result is a few KB.
const maxResponse = 256 << 10

// Client asks one geocoder.
type Client struct {
	kind string
	base *url.URL
	f    *fetch.Client
}

// New returns a client for the geocoder of that kind at baseURL (the root
// its API lives under: https://addok.example.org, https://photon.example.org,
// https://nominatim.example.org). f is the outbound client; nil makes one
// with a 4 s total time and a 256 KB body limit.
func New(kind, baseURL string, f *fetch.Client) (*Client, error) {
	return newClient(kind, baseURL, f, nil)
}

// ForOperator is New for the geocoder the operator configured: its host
// is resolved now and those addresses alone are let through the guard, so
// a geocoder on the operator's own network (or this machine) is reached
// while every other private address stays refused.
func ForOperator(ctx context.Context, kind, baseURL string) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return nil, fmt.Errorf("geocode: %q is not an http(s) URL", baseURL)
	}
	addrs, err := net.DefaultResolver.LookupNetIP(ctx, "ip", u.Hostname())
	if err != nil {
		return nil, fmt.Errorf("geocode: resolve %s: %w", u.Hostname(), err)
	}
	return newClient(kind, baseURL, nil, addrs)
}

func newClient(kind, baseURL string, f *fetch.Client, allow []netip.Addr) (*Client, error) {
	switch kind {
	case Addok, Photon, Nominatim:
	default:
		return nil, fmt.Errorf("geocode: unknown geocoder %q (want addok, photon or nominatim)", kind)
	}
	u, err := url.Parse(strings.TrimRight(baseURL, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("geocode: %q is not an http(s) URL without credentials, query or fragment", baseURL)
	}
	if f == nil {
		f = fetch.New(fetch.Options{Timeout: 4 * time.Second, MaxBody: maxResponse, UserAgent: "Cortège geocoder client", Allow: allow})
	}
	return &Client{kind: kind, base: u, f: f}, nil
}

// Geocode returns the position of street in the commune of that postal
// code and name; ok false when the geocoder found nothing good enough.
func (c *Client) Geocode(ctx context.Context, street, postal, city string) (lat, lon float64, ok bool, err error) {
	street = strings.TrimSpace(street)
	if street == "" {
		return 0, 0, false, nil
	}
	u := *c.base
	q := url.Values{}
	switch c.kind {
	case Addok:
		u.Path += "/search/"
		q.Set("q", strings.TrimSpace(street+" "+city))
		q.Set("limit", "1")
		if postal != "" {
			q.Set("postcode", postal)
		}
	case Photon:
		u.Path += "/api"
		q.Set("q", strings.TrimSpace(street+", "+postal+" "+city))
		q.Set("limit", "1")
		q.Set("lang", "fr")
	case Nominatim:
		u.Path += "/search"
		q.Set("street", street)
		q.Set("city", city)
		if postal != "" {
			q.Set("postalcode", postal)
		}
		q.Set("countrycodes", "fr")
		q.Set("format", "jsonv2")
		q.Set("limit", "1")
	}
	u.RawQuery = q.Encode()
	resp, err := c.f.Get(ctx, u.String(), http.Header{"Accept": {"application/json"}})
	if err != nil {
		return 0, 0, false, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, 0, false, fmt.Errorf("geocode: %s answered %d", c.kind, resp.StatusCode)
	}
	switch c.kind {
	case Nominatim:
		return ParseNominatim(resp.Body)
	case Addok:
		return ParseGeoJSON(resp.Body, true)
	default:
		return ParseGeoJSON(resp.Body, false)
	}
}

// minAddokScore is the score below which Addok's best guess is ignored.
const minAddokScore = 0.5

// ParseGeoJSON reads the first feature of an Addok or Photon answer (a
// GeoJSON FeatureCollection whose coordinates are [lon, lat]); with
// scored (Addok), a feature scoring under 0.5 does not count.
func ParseGeoJSON(b []byte, scored bool) (lat, lon float64, ok bool, err error) {
	var fc struct {
		Features []struct {
			Geometry struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties struct {
				Score *float64 `json:"score"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := decode(b, &fc); err != nil {
		return 0, 0, false, err
	}
	if len(fc.Features) == 0 {
		return 0, 0, false, nil
	}
	f := fc.Features[0]
	if f.Geometry.Type != "Point" || len(f.Geometry.Coordinates) < 2 {
		return 0, 0, false, errors.New("geocode: the first feature is not a point")
	}
	if scored && (f.Properties.Score == nil || *f.Properties.Score < minAddokScore) {
		return 0, 0, false, nil
	}
	return position(f.Geometry.Coordinates[1], f.Geometry.Coordinates[0])
}

// ParseNominatim reads the first result of a Nominatim search answer
// (format=jsonv2: an array whose lat and lon are strings).
func ParseNominatim(b []byte) (lat, lon float64, ok bool, err error) {
	var rs []struct {
		Lat string `json:"lat"`
		Lon string `json:"lon"`
	}
	if err := decode(b, &rs); err != nil {
		return 0, 0, false, err
	}
	if len(rs) == 0 {
		return 0, 0, false, nil
	}
	la, err1 := strconv.ParseFloat(rs[0].Lat, 64)
	lo, err2 := strconv.ParseFloat(rs[0].Lon, 64)
	if err1 != nil || err2 != nil {
		return 0, 0, false, errors.New("geocode: lat/lon are not numbers")
	}
	return position(la, lo)
}

// decode reads JSON within the size limit, refusing trailing data.
func decode(b []byte, v any) error {
	if len(b) > maxResponse {
		return errors.New("geocode: answer too large")
	}
	d := json.NewDecoder(bytes.NewReader(b))
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("geocode: %w", err)
	}
	if d.More() {
		return errors.New("geocode: trailing data")
	}
	return nil
}

func position(lat, lon float64) (float64, float64, bool, error) {
	if math.IsNaN(lat) || math.IsNaN(lon) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return 0, 0, false, errors.New("geocode: position out of range")
	}
	return lat, lon, true, nil
}
