package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// Colours of the instance card: the brand blue of the pages and the logo.
var (
	cardBrand = color.RGBA{0x27, 0x40, 0x8b, 0xff}
	cardSoft  = color.RGBA{0xe7, 0xeb, 0xf7, 0xff}
	cardFaint = color.RGBA{0xbf, 0xc9, 0xea, 0xff}
)

const cardMargin = 80

// InstanceCard draws the picture a link preview shows for a page that has
// none of its own: the logo, the instance's name, its tagline and host on
// the brand colour, CardWidth×CardHeight, as PNG. Text is set in the Go
// fonts (embedded, so nothing is read from the system); long names shrink
// and wrap, long taglines end with an ellipsis.
func InstanceCard(name, tagline, host string) (*Result, error) {
	dst := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(cardBrand), image.Point{}, draw.Src)
	drawLogo(dst, cardMargin, cardMargin, 120)

	width := CardWidth - 2*cardMargin
	y := 300
	size := 84.0
	var lines []string
	var face font.Face
	for ; ; size -= 8 {
		f, err := fontFace(gobold.TTF, size)
		if err != nil {
			return nil, err
		}
		face = f
		lines = wrap(face, name, width, 0)
		if len(lines) <= 2 || size <= 44 {
			break
		}
	}
	lines = wrap(face, name, width, 2)
	for _, l := range lines {
		text(dst, face, cardMargin, y, l, color.White)
		y += int(size * 1.15)
	}
	if tagline != "" {
		f, err := fontFace(goregular.TTF, 36)
		if err != nil {
			return nil, err
		}
		y += 8
		for _, l := range wrap(f, tagline, width, max(1, (CardHeight-110-y)/44)) {
			text(dst, f, cardMargin, y, l, cardSoft)
			y += 44
		}
	}
	if host != "" {
		f, err := fontFace(goregular.TTF, 30)
		if err != nil {
			return nil, err
		}
		text(dst, f, cardMargin, CardHeight-60, host, cardFaint)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	return result(buf.Bytes(), "image/png", ".png", dst.Bounds()), nil
}

func fontFace(ttf []byte, size float64) (font.Face, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, err
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// text writes s with its baseline at y.
func text(dst draw.Image, face font.Face, x, y int, s string, c color.Color) {
	d := font.Drawer{Dst: dst, Src: image.NewUniform(c), Face: face, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// wrap breaks s into lines no wider than width, at spaces (a word wider
// than a line is broken where it must). With maxLines > 0, what does not
// fit ends the last line with an ellipsis.
func wrap(face font.Face, s string, width, maxLines int) []string {
	fits := func(l string) bool { return font.MeasureString(face, l).Ceil() <= width }
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		next := strings.TrimSpace(cur + " " + w)
		if fits(next) {
			cur = next
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		cur = w
		for !fits(cur) {
			r := []rune(cur)
			n := len(r) - 1
			for n > 1 && !fits(string(r[:n])) {
				n--
			}
			lines = append(lines, string(r[:n]))
			cur = string(r[n:])
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if maxLines > 0 && len(lines) > maxLines {
		last := []rune(lines[maxLines-1])
		for len(last) > 0 && !fits(string(last)+"…") {
			last = last[:len(last)-1]
		}
		lines = append(lines[:maxLines-1], strings.TrimRight(string(last), " ,;:.")+"…")
	}
	return lines
}

// drawLogo draws Cortège's logo (icon.svg: a rounded square, a marching
// arc and three heads), inverted to white on the brand colour, side px
// wide with its corner at x, y.
func drawLogo(dst *image.RGBA, x, y, side int) {
	k := float32(side) / 32
	at := func(px, py float32) (float32, float32) { return float32(x) + px*k, float32(y) + py*k }
	r := vector.NewRasterizer(CardWidth, CardHeight)
	roundedRect(r, at, 32, 8)
	r.Draw(dst, dst.Bounds(), image.NewUniform(color.White), image.Point{})

	r = vector.NewRasterizer(CardWidth, CardHeight)
	// The arc M8 22 c3-7 5-10 8-10 s5 3 8 10, stroked 2.4 wide with round
	// caps: discs stamped along the two Bézier curves.
	for _, c := range [][4][2]float32{{{8, 22}, {11, 15}, {13, 12}, {16, 12}}, {{16, 12}, {19, 12}, {21, 15}, {24, 22}}} {
		for i := 0; i <= 48; i++ {
			t := float32(i) / 48
			px, py := bezier(c, t)
			disc(r, at, px, py, 1.2)
		}
	}
	for _, c := range [][3]float32{{10, 11, 2.2}, {16, 8.5, 2.2}, {22, 11, 2.2}} {
		disc(r, at, c[0], c[1], c[2])
	}
	r.Draw(dst, dst.Bounds(), image.NewUniform(cardBrand), image.Point{})
}

func bezier(c [4][2]float32, t float32) (float32, float32) {
	u := 1 - t
	a, b, d, e := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
	return a*c[0][0] + b*c[1][0] + d*c[2][0] + e*c[3][0], a*c[0][1] + b*c[1][1] + d*c[2][1] + e*c[3][1]
}

// kappa places the control points of a cubic Bézier quarter circle.
const kappa = 0.5523

func disc(r *vector.Rasterizer, at func(x, y float32) (float32, float32), cx, cy, rad float32) {
	q := rad * kappa
	r.MoveTo(at(cx+rad, cy))
	cube(r, at, cx+rad, cy+q, cx+q, cy+rad, cx, cy+rad)
	cube(r, at, cx-q, cy+rad, cx-rad, cy+q, cx-rad, cy)
	cube(r, at, cx-rad, cy-q, cx-q, cy-rad, cx, cy-rad)
	cube(r, at, cx+q, cy-rad, cx+rad, cy-q, cx+rad, cy)
	r.ClosePath()
}

func roundedRect(r *vector.Rasterizer, at func(x, y float32) (float32, float32), side, rad float32) {
	q := rad * (1 - kappa)
	r.MoveTo(at(rad, 0))
	r.LineTo(at(side-rad, 0))
	cube(r, at, side-q, 0, side, q, side, rad)
	r.LineTo(at(side, side-rad))
	cube(r, at, side, side-q, side-q, side, side-rad, side)
	r.LineTo(at(rad, side))
	cube(r, at, q, side, 0, side-q, 0, side-rad)
	r.LineTo(at(0, rad))
	cube(r, at, 0, q, q, 0, rad, 0)
	r.ClosePath()
}

func cube(r *vector.Rasterizer, at func(x, y float32) (float32, float32), x1, y1, x2, y2, x3, y3 float32) {
	ax, ay := at(x1, y1)
	bx, by := at(x2, y2)
	cx, cy := at(x3, y3)
	r.CubeTo(ax, ay, bx, by, cx, cy)
}
