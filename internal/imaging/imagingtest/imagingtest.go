// Package imagingtest makes the pictures the upload tests send: ordinary
// ones in every colour model, and hostile ones (decompression bombs, pixel
// floods, polyglots, files that are not pictures at all), all built in
// code so the corpus is reproducible and nothing large is committed.
package imagingtest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"sync"
)

// PNGSpec describes a PNG written chunk by chunk, so headers can say what
// the stdlib encoder never writes (16-bit, interlaced, tRNS, APNG chunks,
// a huge size with almost no data).
type PNGSpec struct {
	W, H      int
	Depth     byte // bits per sample: 1, 2, 4, 8 or 16
	ColorType byte // 0 gray, 2 truecolour, 3 paletted, 4 gray+alpha, 6 truecolour+alpha
	Interlace bool // Adam7
	Palette   []byte
	TRNS      []byte
	Extra     [][]byte // chunks (type+data, no length or CRC) written before IDAT
	Trailer   []byte   // bytes appended after IEND (a polyglot's second file)
	// Fill writes the pixels of one scanline (without its filter byte);
	// nil leaves every scanline zero.
	Fill func(y int, row []byte)
}

// channels is the number of samples per pixel of a PNG colour type.
func channels(ct byte) int {
	switch ct {
	case 2:
		return 3
	case 4:
		return 2
	case 6:
		return 4
	}
	return 1
}

// PNG writes the file s describes; the pixel data is streamed through
// zlib, so a bomb of hundreds of megabytes of zero rows never sits in
// memory.
func PNG(s PNGSpec) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(s.W))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(s.H))
	ihdr[8], ihdr[9] = s.Depth, s.ColorType
	if s.Interlace {
		ihdr[12] = 1
	}
	chunk(&out, "IHDR", ihdr)
	if s.Palette != nil {
		chunk(&out, "PLTE", s.Palette)
	}
	if s.TRNS != nil {
		chunk(&out, "tRNS", s.TRNS)
	}
	for _, c := range s.Extra {
		chunk(&out, string(c[:4]), c[4:])
	}
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	bpp := channels(s.ColorType) * int(s.Depth)
	y := 0
	writeRows := func(w, h int) {
		if w == 0 || h == 0 {
			return
		}
		row := make([]byte, 1+(w*bpp+7)/8)
		for i := 0; i < h; i++ {
			clear(row)
			if s.Fill != nil {
				s.Fill(y, row[1:])
			}
			zw.Write(row)
			y++
		}
	}
	if s.Interlace {
		for _, p := range adam7 {
			writeRows((s.W-p.x+p.dx-1)/p.dx, (s.H-p.y+p.dy-1)/p.dy)
		}
	} else {
		writeRows(s.W, s.H)
	}
	zw.Close()
	for b := z.Bytes(); len(b) > 0; {
		n := min(len(b), 1<<20)
		chunk(&out, "IDAT", b[:n])
		b = b[n:]
	}
	chunk(&out, "IEND", nil)
	out.Write(s.Trailer)
	return out.Bytes()
}

// adam7 are the seven passes of PNG interlacing: first pixel and step.
var adam7 = []struct{ x, y, dx, dy int }{
	{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4}, {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2},
}

func chunk(w *bytes.Buffer, typ string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	w.WriteString(typ)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}

var (
	bombOnce sync.Once
	bomb     []byte
)

// Bomb16 is the picture of the review: a PNG of 6300×6300 pixels in 16-bit
// RGBA, about 308 KB on disk, that decodes to 6300×6300×8 bytes (317 MB)
// while staying under a 40-megapixel limit. Built once per test binary.
func Bomb16() []byte {
	bombOnce.Do(func() { bomb = PNG(PNGSpec{W: 6300, H: 6300, Depth: 16, ColorType: 6}) })
	return bomb
}

// Gradient is an opaque w×h picture with some detail, so encoders have
// something to compress.
func Gradient(w, h int) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			i := m.PixOffset(x, y)
			m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = uint8(x*255/max(1, w-1)), uint8(y*255/max(1, h-1)), uint8((x^y)&0xff), 0xff
		}
	}
	return m
}

// JPEG is Gradient(w, h) as a baseline JPEG (4:2:0, what cameras write).
func JPEG(w, h int) []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, Gradient(w, h), &jpeg.Options{Quality: 85})
	return b.Bytes()
}

// EncodePNG is m as the stdlib writes it.
func EncodePNG(m image.Image) []byte {
	var b bytes.Buffer
	png.Encode(&b, m)
	return b.Bytes()
}

// Translucent is a w×h NRGBA picture with a half-transparent disc, which
// re-encoding keeps as PNG.
func Translucent(w, h int) []byte {
	m := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			dx, dy := x-w/2, y-h/2
			if dx*dx+dy*dy < w*h/8 {
				m.SetNRGBA(x, y, color.NRGBA{200, 40, 40, 128})
			}
		}
	}
	return EncodePNG(m)
}
