package places

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// TileSize is the side of a raster tile in pixels (the "slippy map"
// convention of OpenStreetMap and every XYZ tile server).
const TileSize = 256

// TileView is a map to draw from an XYZ raster tile server.
type TileView struct {
	// Template is the tiles' URL with {z}, {x} and {y}, say
	// https://tiles.example.org/{z}/{x}/{y}.png.
	Template      string
	Lat, Lon      float64
	Zoom          int
	Width, Height int // pixels of the map
	Label         string
	// Radius, in metres, draws a circle around an approximate position
	// instead of a pin on an exact one; 0 draws the pin.
	Radius float64
}

// maxMercatorLat is where Web Mercator's square world ends.
const maxMercatorLat = 85.0511287798

// TilePixel returns the position in global pixel coordinates at zoom z
// (Web Mercator, EPSG:3857, 256-pixel tiles).
func TilePixel(lat, lon float64, z int) (x, y float64) {
	lat = math.Max(-maxMercatorLat, math.Min(maxMercatorLat, lat))
	world := float64(TileSize) * math.Exp2(float64(z))
	phi := lat * math.Pi / 180
	x = (lon + 180) / 360 * world
	y = (1 - math.Log(math.Tan(phi)+1/math.Cos(phi))/math.Pi) / 2 * world
	return x, y
}

// TileURL fills a template's {z}, {x} and {y}.
func TileURL(template string, z, x, y int) string {
	return strings.NewReplacer("{z}", strconv.Itoa(z), "{x}", strconv.Itoa(x), "{y}", strconv.Itoa(y)).Replace(template)
}

// TileMap draws the map as an inline SVG: the tiles covering the view as
// <image> elements placed to the pixel (so no inline style and no script
// is needed), the position at the centre. The browser fetches the tiles
// from the template's origin, which the page's CSP must allow in img-src.
// It returns nil for a view it cannot draw.
func TileMap(v TileView) []byte {
	if v.Zoom < 0 || v.Zoom > 22 || v.Width <= 0 || v.Height <= 0 || math.IsNaN(v.Lat) || math.IsNaN(v.Lon) || v.Lat < -90 || v.Lat > 90 || v.Lon < -180 || v.Lon > 180 {
		return nil
	}
	px, py := TilePixel(v.Lat, v.Lon, v.Zoom)
	ox, oy := int(math.Round(px))-v.Width/2, int(math.Round(py))-v.Height/2
	n := 1 << v.Zoom
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="tilemap" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="tilemap-title">`, v.Width, v.Height, v.Width, v.Height)
	b.WriteString(`<title id="tilemap-title">`)
	xml.EscapeText(&b, []byte(v.Label))
	b.WriteString(`</title>`)
	fmt.Fprintf(&b, `<rect class="tilemap-bg" width="%d" height="%d" fill="#e4e1d8"/>`, v.Width, v.Height)
	for ty := floorDiv(oy, TileSize); ty <= floorDiv(oy+v.Height-1, TileSize); ty++ {
		if ty < 0 || ty >= n {
			continue
		}
		for tx := floorDiv(ox, TileSize); tx <= floorDiv(ox+v.Width-1, TileSize); tx++ {
			b.WriteString(`<image href="`)
			xml.EscapeText(&b, []byte(TileURL(v.Template, v.Zoom, ((tx%n)+n)%n, ty)))
			fmt.Fprintf(&b, `" x="%d" y="%d" width="%d" height="%d"/>`, tx*TileSize-ox, ty*TileSize-oy, TileSize, TileSize)
		}
	}
	cx, cy := v.Width/2, v.Height/2
	if v.Radius > 0 {
		mpp := 156543.03392 * math.Cos(v.Lat*math.Pi/180) / float64(n)
		r := max(12, int(math.Round(v.Radius/mpp)))
		fmt.Fprintf(&b, `<circle class="tilemap-area" cx="%d" cy="%d" r="%d" fill="#b42318" fill-opacity="0.15" stroke="#b42318" stroke-width="3" stroke-dasharray="8 6"/>`, cx, cy, r)
	} else {
		// A pin whose tip is the position.
		fmt.Fprintf(&b, `<path class="tilemap-pin" transform="translate(%d %d)" d="M0 0C-4-10-13-16-13-26a13 13 0 1 1 26 0C13-16 4-10 0 0z" fill="#b42318" stroke="#ffffff" stroke-width="2.5"/><circle cx="%d" cy="%d" r="4.5" fill="#ffffff"/>`, cx, cy, cx, cy-26)
	}
	b.WriteString(`</svg>`)
	return []byte(b.String())
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
