package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"testing"
)

// TestCoverFillsTheSizeExactly: whatever the upload's shape or size
// (smaller pictures are scaled up), the card and the square come out at
// exactly their size, as JPEG, with the centre of the picture kept and a
// transparent background made white.
func TestCoverFillsTheSizeExactly(t *testing.T) {
	for _, src := range []image.Rectangle{image.Rect(0, 0, 3000, 500), image.Rect(0, 0, 300, 2000), image.Rect(0, 0, 40, 30), image.Rect(5, 7, 1205, 637)} {
		img := image.NewNRGBA(src)
		c := src.Min.Add(image.Pt(src.Dx()/2, src.Dy()/2))
		for y := src.Min.Y; y < src.Max.Y; y++ {
			for x := src.Min.X; x < src.Max.X; x++ {
				if abs(x-c.X) < src.Dx()/8 && abs(y-c.Y) < src.Dy()/8 {
					img.Set(x, y, color.NRGBA{200, 0, 0, 255}) // a red centre
				} // else transparent
			}
		}
		for _, size := range [][2]int{{CardWidth, CardHeight}, {SquareSide, SquareSide}} {
			res, err := Cover(img, size[0], size[1])
			if err != nil {
				t.Fatal(err)
			}
			out, err := jpeg.Decode(bytes.NewReader(res.Data))
			if err != nil || res.ContentType != "image/jpeg" || res.Ext != ".jpg" {
				t.Fatalf("%v → %v: %v %s", src, size, err, res.ContentType)
			}
			if b := out.Bounds(); b.Dx() != size[0] || b.Dy() != size[1] || res.Width != size[0] || res.Height != size[1] {
				t.Fatalf("%v → %v: got %v", src, size, b)
			}
			if r, g, _, _ := out.At(size[0]/2, size[1]/2).RGBA(); r>>8 < 150 || g>>8 > 60 {
				t.Errorf("%v → %v: the centre is not kept (%d,%d)", src, size, r>>8, g>>8)
			}
			if r, g, b, _ := out.At(1, 1).RGBA(); r>>8 < 240 || g>>8 < 240 || b>>8 < 240 {
				t.Errorf("%v → %v: transparency is not white", src, size)
			}
		}
	}
	if _, err := Cover(image.NewRGBA(image.Rect(0, 0, 10, 10)), 0, 10); err == nil {
		t.Error("a zero size was accepted")
	}
}

// TestCoverStaysLight: even a picture of pure noise (the worst case for
// JPEG) comes out under MaxCardBytes.
func TestCoverStaysLight(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, CardWidth, CardHeight))
	x := uint32(2463534242)
	for i := range img.Pix {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		img.Pix[i] = byte(x)
	}
	res, err := Cover(img, CardWidth, CardHeight)
	if err != nil || len(res.Data) > MaxCardBytes {
		t.Fatalf("noise card: %d bytes, %v", len(res.Data), err)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
