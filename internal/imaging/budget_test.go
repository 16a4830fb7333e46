package imaging

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"runtime"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
)

// allocated returns how many bytes fn allocated. The package's tests do not
// run in parallel, so the figure is fn's own.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

const mib = 1 << 20

// TestBombRefusedBeforeDecoding is the review's finding: a 308 KB PNG of
// 6300×6300 pixels in 16-bit RGBA passed the 40-megapixel check and decoded
// to 317 MB. It is refused from its header, for the memory its colour model
// needs, allocating next to nothing.
func TestBombRefusedBeforeDecoding(t *testing.T) {
	bomb := imagingtest.Bomb16()
	var err error
	start := time.Now()
	n := allocated(func() { _, err = Reencode(bomb, 2048) })
	t.Logf("bomb: %d bytes on disk, %d×%d×8 = %d MB decoded; refused in %v allocating %d KB: %v", len(bomb), 6300, 6300, 6300*6300*8/1000000, time.Since(start), n>>10, err)
	if !errors.Is(err, ErrMemory) {
		t.Fatalf("err = %v, want ErrMemory", err)
	}
	if n > 2*mib {
		t.Fatalf("refusing the bomb allocated %d MB: it was decoded", n/mib)
	}
}

// TestHostileHeadersRefused: pixel floods, a huge GIF screen, a WebP canvas
// of 16383², truncated files — each refused with its own error, before any
// decoding (a few kilobytes allocated at most).
func TestHostileHeadersRefused(t *testing.T) {
	png := imagingtest.EncodePNG(imagingtest.Gradient(400, 300))
	jpg := imagingtest.JPEG(400, 300)
	for _, c := range []struct {
		name string
		data []byte
		want error
	}{
		{"jpeg pixel flood 65500²", imagingtest.WithJPEGSize(imagingtest.JPEG(16, 16), 65500, 65500), ErrDimensions},
		{"png pixel flood 100000²", imagingtest.PNGHeader(100000, 100000, 1, 0), ErrDimensions},
		{"png 16-bit 4000×3000 (96 MB)", imagingtest.PNGHeader(4000, 3000, 16, 6), ErrMemory},
		{"gif screen 65535² with 256 colours", imagingtest.GIF(imagingtest.GIFSpec{W: 65535, H: 65535, Bits: 8, Frames: 1}), ErrDimensions},
		{"gif 5000 frames", imagingtest.GIF(imagingtest.GIFSpec{W: 2, H: 2, Bits: 2, Frames: 5000}), ErrFrames},
		{"webp canvas 16383²", imagingtest.WebPCanvas(16383, 16383, 0x10), ErrDimensions},
		{"webp animated", imagingtest.WebPCanvas(64, 64, 0x02, []byte("ANIM\xff\xff\xff\xff\x00\x00")), ErrUnsupported},
		{"png truncated", png[:len(png)/2], ErrTruncated},
		{"jpeg truncated", jpg[:len(jpg)/2], ErrTruncated},
		{"gif truncated", imagingtest.GIF(imagingtest.GIFSpec{W: 4, H: 4, Bits: 2, Frames: 3, NoTrailer: true}), ErrTruncated},
		{"webp truncated", imagingtest.WebPCanvas(64, 64, 0)[:20], ErrTruncated},
		{"zero bytes", nil, ErrUnsupported},
		{"svg", imagingtest.SVG, ErrUnsupported},
		{"html", imagingtest.HTML, ErrUnsupported},
	} {
		var err error
		n := allocated(func() { _, err = Reencode(c.data, 2048) })
		if !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
		if n > 2*mib {
			t.Errorf("%s: refusing allocated %d MB", c.name, n/mib)
		}
	}
}

// TestOdditiesAccepted: what is odd but harmless comes out as a fresh
// picture of the size its header declares — an APNG's default image (its
// animation chunks, claiming a huge frame, are ignored), a GIF's first
// frame, the picture half of a PNG+ZIP or GIF+JS polyglot.
func TestOdditiesAccepted(t *testing.T) {
	apng := imagingtest.PNG(imagingtest.PNGSpec{W: 64, H: 32, Depth: 8, ColorType: 2,
		Extra: [][]byte{[]byte("acTL\x00\x00\x00\x02\x00\x00\x00\x00"), append([]byte("fcTL"), make([]byte, 26)...)}})
	for _, c := range []struct {
		name string
		data []byte
		w, h int
	}{
		{"apng", apng, 64, 32},
		{"gif 300 frames", imagingtest.GIF(imagingtest.GIFSpec{W: 20, H: 10, Bits: 4, Frames: 300, FrameW: 20, FrameH: 10}), 20, 10},
		{"png+zip", imagingtest.PNGZip(), 64, 48},
		{"gif+js", imagingtest.GIFScript(), 1, 1}, // its first frame: 1×1 on a 10799×10 screen
		{"png interlaced", imagingtest.PNG(imagingtest.PNGSpec{W: 33, H: 17, Depth: 8, ColorType: 2, Interlace: true}), 33, 17},
	} {
		res, err := Reencode(c.data, 2048)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if res.Width != c.w || res.Height != c.h {
			t.Errorf("%s: %d×%d, want %d×%d", c.name, res.Width, res.Height, c.w, c.h)
		}
		for _, bad := range []string{"PK\x03\x04", "alert", "acTL", "fcTL"} {
			if bytes.Contains(res.Data, []byte(bad)) {
				t.Errorf("%s: %q survived re-encoding", c.name, bad)
			}
		}
	}
}

// TestScalingMemory: scaling a 12-megapixel photo down to 2048 pixels
// allocates about the decoded picture and the result, not the
// width×height×32-byte buffer of x/image's Catmull-Rom (196 MB here).
func TestScalingMemory(t *testing.T) {
	src := imagingtest.Gradient(4000, 3000)
	var res *Result
	var err error
	n := allocated(func() { res, err = Fit(src, 2048) })
	if err != nil {
		t.Fatal(err)
	}
	out := uint64(2048 * 1536 * 4)
	t.Logf("Fit 4000×3000 → %d×%d allocated %d MB (result %d MB)", res.Width, res.Height, n/mib, out/mib)
	if n > 2*out+4*mib {
		t.Fatalf("Fit allocated %d MB, want at most %d MB", n/mib, (2*out+4*mib)/mib)
	}
	n = allocated(func() { res, err = Cover(src, CardWidth, CardHeight) })
	if err != nil {
		t.Fatal(err)
	}
	card := uint64(CardWidth * CardHeight * 4)
	t.Logf("Cover 4000×3000 → card allocated %d MB", n/mib)
	if n > 2*card+4*mib {
		t.Fatalf("Cover allocated %d MB, want at most %d MB", n/mib, (2*card+4*mib)/mib)
	}
}

// TestResampleKeepsThePicture: the scaler keeps colours where they are
// (a red left half stays red, a blue right half blue) and opaque stays
// opaque, up and down.
func TestResampleKeepsThePicture(t *testing.T) {
	src := image.NewRGBA(image.Rect(0, 0, 300, 200))
	for y := 0; y < 200; y++ {
		for x := 0; x < 300; x++ {
			c := color.RGBA{220, 20, 20, 255}
			if x >= 150 {
				c = color.RGBA{20, 20, 220, 255}
			}
			src.SetRGBA(x, y, c)
		}
	}
	for _, size := range [][2]int{{60, 40}, {900, 600}, {31, 7}} {
		res, err := Cover(src, size[0], size[1])
		if err != nil {
			t.Fatal(err)
		}
		m, _, err := image.Decode(bytes.NewReader(res.Data))
		if err != nil {
			t.Fatal(err)
		}
		l := color.RGBAModel.Convert(m.At(size[0]/6, size[1]/2)).(color.RGBA)
		r := color.RGBAModel.Convert(m.At(size[0]*5/6, size[1]/2)).(color.RGBA)
		if l.R < 180 || l.B > 70 || r.B < 180 || r.R > 70 {
			t.Errorf("%v: left %v right %v", size, l, r)
		}
	}
}

// BenchmarkResample scales a 12-megapixel photo to 2048 pixels, what every
// large upload costs inside a decoding slot.
func BenchmarkResample(b *testing.B) {
	src := imagingtest.Gradient(4000, 3000)
	dst := image.NewRGBA(image.Rect(0, 0, 2048, 1536))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resample(dst, src, src.Bounds())
	}
}
