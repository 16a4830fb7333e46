package cli

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"math"
	"math/rand/v2"
)

// The demo's pictures are drawn here with the standard image package:
// gradients and simple shapes, anti-aliased, the same on every run (fixed
// seeds), so the uploads directory holds them once. They go through the
// service like any upload and are re-encoded there.

// canvas is an RGBA picture with blending drawing helpers.
type canvas struct{ *image.RGBA }

func newCanvas(w, h int) canvas { return canvas{image.NewRGBA(image.Rect(0, 0, w, h))} }

func rgb(hex uint32) color.RGBA {
	return color.RGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 255}
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}

// blend paints c over the pixel at x, y with coverage alpha (0…1).
func (c canvas) blend(x, y int, col color.RGBA, alpha float64) {
	if alpha <= 0 || !(image.Point{x, y}.In(c.Rect)) {
		return
	}
	if alpha > 1 {
		alpha = 1
	}
	i := c.PixOffset(x, y)
	p := c.Pix[i : i+4 : i+4]
	p[0] = uint8(float64(p[0]) + (float64(col.R)-float64(p[0]))*alpha + 0.5)
	p[1] = uint8(float64(p[1]) + (float64(col.G)-float64(p[1]))*alpha + 0.5)
	p[2] = uint8(float64(p[2]) + (float64(col.B)-float64(p[2]))*alpha + 0.5)
	p[3] = 255
}

// gradient fills the picture from top to bottom.
func (c canvas) gradient(top, bottom color.RGBA) {
	h := c.Rect.Dy()
	for y := 0; y < h; y++ {
		col := mix(top, bottom, float64(y)/float64(h-1))
		for x := 0; x < c.Rect.Dx(); x++ {
			c.SetRGBA(x, y, col)
		}
	}
}

// shape paints every pixel of the box whose signed distance d (negative
// inside) says it is in the shape, with a one-pixel soft edge.
func (c canvas) shape(x0, y0, x1, y1 float64, col color.RGBA, alpha float64, d func(x, y float64) float64) {
	for y := int(math.Floor(y0)) - 1; y <= int(math.Ceil(y1))+1; y++ {
		for x := int(math.Floor(x0)) - 1; x <= int(math.Ceil(x1))+1; x++ {
			cov := 0.5 - d(float64(x)+0.5, float64(y)+0.5)
			if cov > 0 {
				c.blend(x, y, col, math.Min(cov, 1)*alpha)
			}
		}
	}
}

func (c canvas) disc(cx, cy, r float64, col color.RGBA, alpha float64) {
	c.shape(cx-r, cy-r, cx+r, cy+r, col, alpha, func(x, y float64) float64 { return math.Hypot(x-cx, y-cy) - r })
}

func (c canvas) ring(cx, cy, r, width float64, col color.RGBA) {
	c.shape(cx-r-width, cy-r-width, cx+r+width, cy+r+width, col, 1, func(x, y float64) float64 {
		return math.Abs(math.Hypot(x-cx, y-cy)-r) - width/2
	})
}

// line draws a segment with round ends.
func (c canvas) line(ax, ay, bx, by, width float64, col color.RGBA) {
	w := width / 2
	dx, dy := bx-ax, by-ay
	l2 := dx*dx + dy*dy
	c.shape(math.Min(ax, bx)-w, math.Min(ay, by)-w, math.Max(ax, bx)+w, math.Max(ay, by)+w, col, 1, func(x, y float64) float64 {
		t := 0.0
		if l2 > 0 {
			t = math.Max(0, math.Min(1, ((x-ax)*dx+(y-ay)*dy)/l2))
		}
		return math.Hypot(x-(ax+t*dx), y-(ay+t*dy)) - w
	})
}

func (c canvas) rect(x0, y0, x1, y1 float64, col color.RGBA, alpha float64) {
	c.shape(x0, y0, x1, y1, col, alpha, func(x, y float64) float64 {
		return math.Max(math.Max(x0-x, x-x1), math.Max(y0-y, y-y1))
	})
}

// triangle fills a triangle (a roof, a tree top, a mountain).
func (c canvas) triangle(ax, ay, bx, by, cx, cy float64, col color.RGBA) {
	edge := func(px, py, qx, qy, x, y float64) float64 {
		nx, ny := qy-py, px-qx
		n := math.Hypot(nx, ny)
		return ((x-px)*nx + (y-py)*ny) / n
	}
	if (bx-ax)*(cy-ay)-(by-ay)*(cx-ax) < 0 {
		bx, by, cx, cy = cx, cy, bx, by
	}
	c.shape(math.Min(ax, math.Min(bx, cx)), math.Min(ay, math.Min(by, cy)), math.Max(ax, math.Max(bx, cx)), math.Max(ay, math.Max(by, cy)), col, 1,
		func(x, y float64) float64 {
			return math.Max(edge(ax, ay, bx, by, x, y), math.Max(edge(bx, by, cx, cy, x, y), edge(cx, cy, ax, ay, x, y)))
		})
}

// hills fills everything below a wavy horizon.
func (c canvas) hills(base, amp, freq, phase float64, col color.RGBA) {
	w, h := c.Rect.Dx(), c.Rect.Dy()
	for x := 0; x < w; x++ {
		top := base + amp*math.Sin(float64(x)*freq+phase)
		for y := int(top); y < h; y++ {
			c.blend(x, y, col, math.Min(1, float64(y)+1-top))
		}
	}
}

// bicycle draws a bike whose rear wheel touches the ground at x, y.
func (c canvas) bicycle(x, y, r float64, frame, wheel color.RGBA) {
	w := r / 7
	rx, fx, cy := x, x+2.6*r, y-r
	c.ring(rx, cy, r, w, wheel)
	c.ring(fx, cy, r, w, wheel)
	bx, by := x+1.1*r, cy       // bottom bracket
	sx, sy := x+0.8*r, cy-1.3*r // seat
	hx, hy := x+2.2*r, cy-1.4*r // handlebar
	c.line(rx, cy, bx, by, w*1.2, frame)
	c.line(rx, cy, sx, sy, w*1.2, frame)
	c.line(sx, sy, bx, by, w*1.2, frame)
	c.line(sx+0.1*r, sy+0.1*r, hx-0.1*r, hy+0.2*r, w*1.2, frame)
	c.line(bx, by, hx-0.1*r, hy+0.2*r, w*1.2, frame)
	c.line(hx, hy, fx, cy, w*1.2, frame)
	c.line(sx-0.25*r, sy, sx+0.25*r, sy, w*1.6, wheel)
	c.line(hx, hy, hx+0.3*r, hy-0.1*r, w*1.4, wheel)
	c.disc(bx, by, w*1.5, wheel, 1)
}

// person draws a simple standing figure whose feet are at x, y.
func (c canvas) person(x, y, h float64, body, skin color.RGBA) {
	c.line(x-h*0.07, y, x-h*0.05, y-h*0.4, h*0.09, mix(body, rgb(0x222222), 0.6))
	c.line(x+h*0.07, y, x+h*0.05, y-h*0.4, h*0.09, mix(body, rgb(0x222222), 0.6))
	c.line(x, y-h*0.45, x, y-h*0.72, h*0.24, body)
	c.line(x-h*0.12, y-h*0.7, x-h*0.2, y-h*0.42, h*0.07, body)
	c.line(x+h*0.12, y-h*0.7, x+h*0.2, y-h*0.42, h*0.07, body)
	c.disc(x, y-h*0.88, h*0.11, skin, 1)
}

// tree draws a round tree standing at x, y.
func (c canvas) tree(x, y, h float64, leaves color.RGBA) {
	c.line(x, y, x, y-h*0.5, h*0.08, rgb(0x6b4a2b))
	c.disc(x, y-h*0.62, h*0.3, leaves, 1)
	c.disc(x-h*0.18, y-h*0.5, h*0.2, mix(leaves, rgb(0x000000), 0.12), 1)
	c.disc(x+h*0.2, y-h*0.52, h*0.22, mix(leaves, rgb(0xffffff), 0.1), 1)
}

// house draws a building with windows, bottom left at x, y.
func (c canvas) house(x, y, w, h float64, wall, roof color.RGBA) {
	c.rect(x, y-h, x+w, y, wall, 1)
	c.triangle(x-w*0.08, y-h, x+w*1.08, y-h, x+w/2, y-h-w*0.45, roof)
	for fy := y - h + h*0.12; fy < y-h*0.3; fy += h * 0.24 {
		for fx := x + w*0.12; fx+w*0.2 <= x+w*0.9; fx += w * 0.3 {
			c.rect(fx, fy, fx+w*0.18, fy+h*0.14, rgb(0xfff3c4), 1)
		}
	}
	c.rect(x+w*0.4, y-h*0.25, x+w*0.6, y, mix(roof, rgb(0x000000), 0.3), 1)
}

// scene names a picture the demo draws.
type scene int

const (
	sceneBikes    scene = iota // a street of bicycles under the sun
	sceneHouses                // a row of buildings: housing
	sceneTrees                 // hills and trees: ecology
	sceneSun                   // a rising sun over fields: a festive movement
	sceneWorkshop              // people fixing bikes (a photo)
	sceneCrowd                 // a gathering (a photo)
	sceneTable                 // people around a table with a banner (a photo)
)

// picture draws scene s at w×h with palette colours a and b.
func picture(s scene, w, h int, a, b uint32, seed uint64) canvas {
	r := rand.New(rand.NewPCG(seed, uint64(s)))
	c := newCanvas(w, h)
	W, H := float64(w), float64(h)
	sky, ground := rgb(a), rgb(b)
	c.gradient(mix(sky, rgb(0xffffff), 0.35), sky)
	skin := []color.RGBA{rgb(0xf1c7a5), rgb(0xc68c5a), rgb(0x8d5a3b), rgb(0xe8b88f), rgb(0x5c3a24)}
	clothes := []color.RGBA{rgb(0xe63946), rgb(0x2a9d8f), rgb(0xf4a261), rgb(0x264653), rgb(0x9b5de5), rgb(0xffbe0b), rgb(0x3a86ff)}
	pick := func(cs []color.RGBA) color.RGBA { return cs[r.IntN(len(cs))] }
	switch s {
	case sceneBikes:
		c.disc(W*0.82, H*0.3, H*0.16, rgb(0xffe066), 1)
		c.hills(H*0.68, H*0.03, 0.01, 1, mix(ground, rgb(0xffffff), 0.25))
		c.rect(0, H*0.78, W, H, rgb(0x5b5f66), 1)
		for x := 0.0; x < W; x += W / 12 {
			c.rect(x, H*0.885, x+W/24, H*0.895, rgb(0xffffff), 0.8)
		}
		for i, x := 0, W*0.06; x < W*0.9; i, x = i+1, x+H*0.42 {
			c.bicycle(x, H*0.86, H*0.1, pick(clothes), rgb(0x1d1d1d))
		}
	case sceneHouses:
		c.disc(W*0.15, H*0.25, H*0.12, rgb(0xfff1b5), 0.9)
		x := -W * 0.02
		for x < W {
			bw := W * (0.09 + r.Float64()*0.06)
			bh := H * (0.35 + r.Float64()*0.3)
			c.house(x, H*0.9, bw, bh, mix(ground, pick(clothes), 0.25), mix(rgb(0x8c2f39), ground, r.Float64()*0.4))
			x += bw + W*0.015
		}
		c.rect(0, H*0.9, W, H, rgb(0x6c757d), 1)
	case sceneTrees:
		c.disc(W*0.7, H*0.28, H*0.13, rgb(0xfff6d5), 0.95)
		c.hills(H*0.55, H*0.06, 0.006, 0.5, mix(ground, rgb(0xffffff), 0.3))
		c.hills(H*0.72, H*0.05, 0.009, 2, ground)
		for i := 0; i < 9; i++ {
			c.tree(W*(0.05+0.11*float64(i))+r.Float64()*W*0.03, H*(0.9+r.Float64()*0.06), H*(0.3+r.Float64()*0.15), mix(rgb(0x2d6a4f), rgb(0x95d5b2), r.Float64()))
		}
	case sceneSun:
		cx, cy := W*0.5, H*0.72
		for i := 0; i < 18; i++ {
			t := float64(i) * math.Pi / 17
			c.line(cx, cy, cx-math.Cos(t)*W, cy-math.Sin(t)*W, H*0.05, rgb(0xfff3b0))
		}
		c.disc(cx, cy, H*0.25, rgb(0xffd166), 1)
		c.hills(H*0.72, H*0.04, 0.008, 0, ground)
		for y := H * 0.8; y < H; y += H * 0.06 {
			c.line(0, y, W, y+H*0.04, H*0.012, mix(ground, rgb(0xffffff), 0.3))
		}
	case sceneWorkshop:
		c.rect(0, H*0.7, W, H, rgb(0x9c8974), 1)
		c.rect(W*0.05, H*0.1, W*0.95, H*0.22, rgb(0xffffff), 0.9)
		for i := 0; i < 8; i++ {
			c.rect(W*(0.08+0.11*float64(i)), H*0.12, W*(0.15+0.11*float64(i)), H*0.2, pick(clothes), 0.9)
		}
		c.bicycle(W*0.12, H*0.8, H*0.12, rgb(0x2a9d8f), rgb(0x1d1d1d))
		c.bicycle(W*0.56, H*0.82, H*0.13, rgb(0xe63946), rgb(0x1d1d1d))
		for _, x := range []float64{0.1, 0.4, 0.52, 0.9} {
			c.person(W*x, H*0.95, H*0.5, pick(clothes), pick(skin))
		}
	case sceneCrowd:
		c.hills(H*0.75, H*0.02, 0.01, 0, ground)
		c.rect(W*0.2, H*0.18, W*0.8, H*0.36, rgb(0xffffff), 1)
		c.rect(W*0.22, H*0.22, W*0.78, H*0.32, rgb(a), 0.7)
		c.line(W*0.2, H*0.18, W*0.2, H*0.7, H*0.012, rgb(0x6b4a2b))
		c.line(W*0.8, H*0.18, W*0.8, H*0.7, H*0.012, rgb(0x6b4a2b))
		for row := 0; row < 3; row++ {
			for i := 0; i < 12; i++ {
				x := W * (0.03 + 0.085*float64(i) + r.Float64()*0.03)
				c.person(x, H*(0.8+0.08*float64(row)), H*(0.36+0.05*float64(row)), pick(clothes), pick(skin))
			}
		}
	case sceneTable:
		c.rect(0, H*0.65, W, H, rgb(0xb08968), 1)
		c.rect(W*0.1, H*0.12, W*0.9, H*0.3, rgb(b), 1)
		for _, x := range []float64{0.2, 0.33, 0.46, 0.59, 0.72, 0.85} {
			c.person(W*x, H*0.78, H*0.45, pick(clothes), pick(skin))
		}
		c.rect(W*0.1, H*0.62, W*0.9, H*0.7, rgb(0x6b4a2b), 1)
		c.line(W*0.15, H*0.7, W*0.15, H*0.95, H*0.02, rgb(0x6b4a2b))
		c.line(W*0.85, H*0.7, W*0.85, H*0.95, H*0.02, rgb(0x6b4a2b))
		for i := 0; i < 5; i++ {
			c.disc(W*(0.25+0.13*float64(i)), H*0.6, H*0.025, pick(clothes), 1)
		}
	}
	return c
}

// avatar draws a profile picture: a silhouette on a gradient.
func avatar(a, b uint32) canvas {
	const n = 256
	c := newCanvas(n, n)
	c.gradient(mix(rgb(a), rgb(0xffffff), 0.3), rgb(a))
	c.disc(n/2, n*0.4, n*0.17, rgb(b), 1)
	c.shape(n*0.2, n*0.6, n*0.8, n, rgb(b), 1, func(x, y float64) float64 {
		return math.Hypot((x-n/2)/1.0, (y-n*0.98)/1.0) - n*0.34
	})
	return c
}

// jpeg encodes a canvas as JPEG, the way a camera would hand it over.
func (c canvas) jpeg() []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, c.RGBA, &jpeg.Options{Quality: 88}); err != nil {
		panic(err) // encoding to memory does not fail
	}
	return buf.Bytes()
}

// png encodes a canvas as PNG.
func (c canvas) png() []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.RGBA); err != nil {
		panic(err)
	}
	return buf.Bytes()
}
