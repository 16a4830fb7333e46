package imaging

import "image"

// Sizes of the derivatives link previews ask for: Open Graph's large card
// (1.91:1, what Signal, WhatsApp, Telegram, Mastodon and Facebook show
// best) and a square for avatars.
const (
	CardWidth  = 1200
	CardHeight = 630
	SquareSide = 400
	// MaxCardBytes is the most a derivative weighs: WhatsApp drops preview
	// pictures above about 300 kB.
	MaxCardBytes = 300_000
)

// Cover fills exactly w×h with src: the largest centred crop of src with
// that aspect ratio, scaled (up or down) with Catmull-Rom (resample) and flattened on
// white, encoded as JPEG (at a lower quality when needed to stay under
// MaxCardBytes). Previews then always get the size the page declares.
func Cover(src image.Image, w, h int) (*Result, error) {
	if w <= 0 || h <= 0 {
		return nil, ErrUnsupported
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	resample(dst, src, coverRect(src.Bounds(), w, h))
	for i := 0; i < len(dst.Pix); i += 4 { // over white (premultiplied)
		t := 0xff - dst.Pix[i+3]
		dst.Pix[i] += t
		dst.Pix[i+1] += t
		dst.Pix[i+2] += t
		dst.Pix[i+3] = 0xff
	}
	var res *Result
	for _, q := range []int{85, 75, 65, 50} {
		var err error
		if res, err = encodeJPEG(dst, q); err != nil || len(res.Data) <= MaxCardBytes {
			return res, err
		}
	}
	return res, nil
}

// coverRect is the largest rectangle of b, centred, with the aspect ratio
// w:h.
func coverRect(b image.Rectangle, w, h int) image.Rectangle {
	bw, bh := b.Dx(), b.Dy()
	cw, ch := bw, bh
	if int64(bw)*int64(h) > int64(bh)*int64(w) {
		cw = max(1, int(int64(bh)*int64(w)/int64(h))) // too wide: crop the sides
	} else {
		ch = max(1, int(int64(bw)*int64(h)/int64(w))) // too tall: crop top and bottom
	}
	x0 := b.Min.X + (bw-cw)/2
	y0 := b.Min.Y + (bh-ch)/2
	return image.Rect(x0, y0, x0+cw, y0+ch)
}
