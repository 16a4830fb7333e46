package places

import (
	"bytes"
	"encoding/xml"
	"math"
	"strconv"
	"testing"
)

func TestTilePixel(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		z        int
		x, y     float64
	}{
		{0, 0, 0, 128, 128},
		{0, 0, 1, 256, 256},
		{maxMercatorLat, -180, 3, 0, 0},
		{-maxMercatorLat, 180, 2, 1024, 1024},
		{89.9, 0, 0, 128, 0}, // clamped to the square world
	} {
		x, y := TilePixel(c.lat, c.lon, c.z)
		if math.Abs(x-c.x) > 1e-6 || math.Abs(y-c.y) > 1e-6 {
			t.Errorf("%v,%v at z%d: %.6f, %.6f; want %v, %v", c.lat, c.lon, c.z, x, y, c.x, c.y)
		}
	}
	// Paris's Hôtel de Ville is in tile 16/33196/22546 (OpenStreetMap's
	// slippy map numbering).
	x, y := TilePixel(48.8566, 2.3522, 16)
	if int(x)/TileSize != 33196 || int(y)/TileSize != 22546 {
		t.Errorf("Paris is in tile %d/%d", int(x)/TileSize, int(y)/TileSize)
	}
}

// tileImages parses a tile map and returns its <image> elements.
func tileImages(t *testing.T, b []byte) []xml.StartElement {
	t.Helper()
	wellFormed(t, b)
	var out []xml.StartElement
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		if s, ok := tok.(xml.StartElement); ok && s.Name.Local == "image" {
			out = append(out, s.Copy())
		}
	}
}

func TestTileMapCoversTheView(t *testing.T) {
	v := TileView{Template: "https://tiles.example.org/{z}/{x}/{y}.png?k=1&s=a", Lat: 48.8566, Lon: 2.3522, Zoom: 16, Width: 512, Height: 288, Label: "Paris & <co>"}
	b := TileMap(v)
	root, title := wellFormed(t, b)
	if title != v.Label || attr(root, "role") != "img" || attr(root, "viewBox") != "0 0 512 288" {
		t.Errorf("root %v title %q", root.Attr, title)
	}
	imgs := tileImages(t, b)
	if len(imgs) < 2 || len(imgs) > 9 {
		t.Fatalf("%d tiles", len(imgs))
	}
	px, py := TilePixel(v.Lat, v.Lon, v.Zoom)
	ox, oy := int(math.Round(px))-256, int(math.Round(py))-144
	covered := map[[2]int]bool{}
	for _, im := range imgs {
		x, _ := strconv.Atoi(attr(im, "x"))
		y, _ := strconv.Atoi(attr(im, "y"))
		tx, ty := (x+ox)/TileSize, (y+oy)/TileSize
		if (x+ox)%TileSize != 0 || (y+oy)%TileSize != 0 {
			t.Errorf("tile at %d,%d is not aligned", x, y)
		}
		if want := TileURL(v.Template, 16, tx, ty); attr(im, "href") != want {
			t.Errorf("href %q, want %q", attr(im, "href"), want)
		}
		for px := max(0, x); px < min(512, x+256); px += 16 {
			for py := max(0, y); py < min(288, y+256); py += 16 {
				covered[[2]int{px / 16, py / 16}] = true
			}
		}
	}
	if len(covered) != 32*18 {
		t.Errorf("tiles cover %d of %d cells", len(covered), 32*18)
	}
	if bytes.Contains(b, []byte("style=")) || bytes.Contains(b, []byte("<script")) {
		t.Error("inline style or script")
	}
}

func TestTileMapMarker(t *testing.T) {
	v := TileView{Template: "https://t.example/{z}/{x}/{y}.png", Lat: 45.76, Lon: 4.84, Zoom: 11, Width: 512, Height: 288, Label: "Lyon"}
	if b := TileMap(v); !bytes.Contains(b, []byte("tilemap-pin")) || bytes.Contains(b, []byte("tilemap-area")) {
		t.Errorf("exact position: %s", b)
	}
	v.Radius = 5000
	b := TileMap(v)
	if !bytes.Contains(b, []byte("tilemap-area")) || bytes.Contains(b, []byte("tilemap-pin")) {
		t.Errorf("approximate position: %s", b)
	}
	// 5 km at zoom 11 and 45.76° N is about 5000 / 53.3 ≈ 94 pixels.
	if !bytes.Contains(b, []byte(`r="94"`)) {
		t.Errorf("radius: %s", b)
	}
}

func TestTileMapEdges(t *testing.T) {
	// Near the antimeridian the tiles wrap around; near the pole none is
	// outside the world.
	b := TileMap(TileView{Template: "https://t.example/{z}/{x}/{y}.png", Lat: 85, Lon: 179.99, Zoom: 2, Width: 512, Height: 288})
	for _, im := range tileImages(t, b) {
		h := attr(im, "href")
		if h != "https://t.example/2/3/0.png" && h != "https://t.example/2/0/0.png" {
			t.Errorf("tile %s", h)
		}
	}
	for _, v := range []TileView{{Zoom: -1, Width: 1, Height: 1}, {Zoom: 23, Width: 1, Height: 1}, {Width: 0, Height: 1}, {Lat: math.NaN(), Width: 1, Height: 1}, {Lat: 91, Width: 1, Height: 1}} {
		if TileMap(v) != nil {
			t.Errorf("%+v drawn", v)
		}
	}
}

func FuzzTileMap(f *testing.F) {
	f.Add(48.8566, 2.3522, 16, "Paris", 0.0)
	f.Add(-33.9, 151.2, 3, "<x>&", 5000.0)
	f.Fuzz(func(t *testing.T, lat, lon float64, zoom int, label string, radius float64) {
		b := TileMap(TileView{Template: "https://t.example/{z}/{x}/{y}.png?a=1&b=2", Lat: lat, Lon: lon, Zoom: zoom, Width: 512, Height: 288, Label: label, Radius: radius})
		if b == nil {
			return
		}
		if n := len(tileImages(t, b)); n > 9 { // 3 × 3 when the view straddles tiles both ways
			t.Fatalf("%d tiles", n)
		}
	})
}
