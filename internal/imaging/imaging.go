// Package imaging re-encodes uploaded pictures: it reads a JPEG, PNG, GIF or
// WebP header, refuses what would cost too much to decode (file size,
// pixels, bytes of the decoded colour model, GIF frames), decodes the rest,
// scales it down, and encodes a fresh JPEG or PNG. Re-encoding drops every
// byte of metadata the upload carried (EXIF, GPS position, camera serials,
// comments) and whatever a polyglot hid beside the pixels.
package imaging

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/draw"
	_ "image/gif" // registers GIF decoding
	"image/jpeg"
	"image/png"

	_ "golang.org/x/image/webp" // registers WebP with image.DecodeConfig
)

// Result is a re-encoded picture.
type Result struct {
	Data        []byte
	ContentType string // image/jpeg or image/png
	Ext         string // ".jpg" or ".png"
	Hash        string // hex SHA-256 of Data: the file's name
	Width       int
	Height      int
}

// Reencode decodes data, scales it to fit in maxSide×maxSide (never up),
// and encodes it anew: PNG when the picture has transparency, else JPEG.
func Reencode(data []byte, maxSide int) (*Result, error) {
	src, err := Decode(data)
	if err != nil {
		return nil, err
	}
	return Fit(src, maxSide)
}

// Decode decodes an upload within the default limits, reading its header
// first (Inspect) so that nothing too costly is ever decoded. Servers go
// through a Decoder, which also bounds how many pictures decode at once.
func Decode(data []byte) (image.Image, error) {
	h, err := Inspect(data, Limits{})
	if err != nil {
		return nil, err
	}
	return decode(h, data)
}

// Fit scales a decoded picture to fit in maxSide×maxSide (never up) and
// encodes it anew: PNG when it has transparency, else JPEG.
func Fit(src image.Image, maxSide int) (*Result, error) {
	dst := fit(src, maxSide)
	if opaque(dst) {
		return encodeJPEG(dst, 85)
	}
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, dst); err != nil {
		return nil, err
	}
	return result(buf.Bytes(), "image/png", ".png", dst.Bounds()), nil
}

func encodeJPEG(m image.Image, quality int) (*Result, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, m, &jpeg.Options{Quality: quality}); err != nil {
		return nil, err
	}
	return result(buf.Bytes(), "image/jpeg", ".jpg", m.Bounds()), nil
}

func result(data []byte, ctype, ext string, b image.Rectangle) *Result {
	sum := sha256.Sum256(data)
	return &Result{Data: data, ContentType: ctype, Ext: ext, Hash: hex.EncodeToString(sum[:]), Width: b.Dx(), Height: b.Dy()}
}

// fit scales src to fit in max×max (resample), into a fresh RGBA
// image (so nothing of the source's encoding survives).
func fit(src image.Image, max int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if max > 0 && (w > max || h > max) {
		if w >= h {
			h = max * h / w
			w = max
		} else {
			w = max * w / h
			h = max
		}
		if w < 1 {
			w = 1
		}
		if h < 1 {
			h = 1
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if w == b.Dx() && h == b.Dy() {
		draw.Draw(dst, dst.Bounds(), src, b.Min, draw.Src)
	} else {
		resample(dst, src, b)
	}
	return dst
}

func opaque(m *image.RGBA) bool {
	for i := 3; i < len(m.Pix); i += 4 {
		if m.Pix[i] != 0xff {
			return false
		}
	}
	return true
}
