package config

import (
	"strings"
	"testing"
)

func TestMapTiles(t *testing.T) {
	c, err := load(t, nil, "")
	if err != nil || c.MapTiles != "" || c.MapOrigin() != "" || c.MapMaxZoom != 19 {
		t.Fatalf("default: %+v %v", c, err)
	}
	for _, tc := range []struct{ tiles, origin string }{
		{"https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"},
		{"https://Tiles.Example.org:8443/osm/{z}/{x}/{y}@2x.png?key=abc", "https://tiles.example.org:8443"},
		{"http://tilesxyz.onion/{z}/{y}/{x}.webp", "http://tilesxyz.onion"},
		{"https://[2001:db8::1]/t?z={z}&x={x}&y={y}", "https://[2001:db8::1]"},
	} {
		c, err := load(t, map[string]string{"CORTEGE_MAP_TILES": tc.tiles}, "")
		if err != nil || c.MapOrigin() != tc.origin {
			t.Errorf("%s: origin %q, err %v; want %q", tc.tiles, c.MapOrigin(), err, tc.origin)
		}
	}
	c, err = load(t, nil, "map_tiles = \"https://t.example.org/{z}/{x}/{y}.png\"\nmap_attribution = \"© OpenStreetMap\"\nmap_max_zoom = 14\n")
	if err != nil || c.MapAttribution != "© OpenStreetMap" || c.MapMaxZoom != 14 || c.MapOrigin() != "https://t.example.org" {
		t.Fatalf("toml: %+v %v", c, err)
	}
}

func TestMapTilesInvalid(t *testing.T) {
	for _, tc := range []struct{ tiles, want string }{
		{"https://tiles.example.org/{z}/{x}.png", "{y}"},
		{"https://tiles.example.org/{z}/{x}/{y}/{y}.png", "{y}"},
		{"https://{s}.tiles.example.org/{z}/{x}/{y}.png", "placeholders"},
		{"https://{z}.example.org/{x}/{y}.png", "host"},
		{"ftp://tiles.example.org/{z}/{x}/{y}.png", "http(s)"},
		{"//tiles.example.org/{z}/{x}/{y}.png", "http(s)"},
		{"https:///{z}/{x}/{y}.png", "http(s)"},
		{"https://user:pw@tiles.example.org/{z}/{x}/{y}.png", "user"},
		{"https://tiles.example.org/{z}/{x}/{y}.png#f", "fragment"},
		{"https://tiles.example.org/{z}/{x}/{y}.png\" onload=\"x", "placeholders"},
		{"https://tiles.example.org/{z}/{x}/{y}.png; script-src *", "placeholders"},
		{"https://a,b.example.org/{z}/{x}/{y}.png", "host"},
		{"https://a_b.example.org/{z}/{x}/{y}.png", "host"},
	} {
		_, err := load(t, nil, "", "--map-tiles", tc.tiles)
		if err == nil || !strings.Contains(err.Error(), "--map-tiles") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err %v, want mention of %q", tc.tiles, err, tc.want)
		}
	}
	for _, z := range []string{"0", "23", "-1"} {
		if _, err := load(t, nil, "", "--map-max-zoom", z); err == nil || !strings.Contains(err.Error(), "--map-max-zoom") {
			t.Errorf("zoom %s: %v", z, err)
		}
	}
}

func TestGeocoderSettings(t *testing.T) {
	c, err := load(t, nil, "")
	if err != nil || c.Geocoder != "" || c.GeocoderURL != "" {
		t.Fatalf("default: %+v %v", c, err)
	}
	c, err = load(t, map[string]string{"CORTEGE_GEOCODER": "addok", "CORTEGE_GEOCODER_URL": "http://127.0.0.1:7878"}, "")
	if err != nil || c.Geocoder != "addok" || c.GeocoderURL != "http://127.0.0.1:7878" {
		t.Errorf("env: %+v %v", c, err)
	}
	c, err = load(t, nil, "geocoder = \"nominatim\"\ngeocoder_url = \"https://nominatim.example.org\"\n")
	if err != nil || c.Geocoder != "nominatim" {
		t.Errorf("toml: %+v %v", c, err)
	}
	for _, args := range [][]string{
		{"--geocoder", "google", "--geocoder-url", "https://x.example"},
		{"--geocoder", "photon"},
		{"--geocoder-url", "https://x.example"},
		{"--geocoder", "photon", "--geocoder-url", "ftp://x.example"},
		{"--geocoder", "photon", "--geocoder-url", "https://u:p@x.example"},
	} {
		if _, err := load(t, nil, "", args...); err == nil || !strings.Contains(err.Error(), "--geocoder") {
			t.Errorf("%v: %v", args, err)
		}
	}
}
