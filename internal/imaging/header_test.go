package imaging

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
)

// samples are pictures in every encoding and colour model the decoders
// meet: generated ones at a size where the picture dominates, and the
// stdlib's and x/image's own test files (progressive, CMYK, RGB JPEGs;
// lossy, lossless and alpha WebP).
func samples(t *testing.T) map[string][]byte {
	gray := image.NewGray(image.Rect(0, 0, 900, 700))
	gray16 := image.NewGray16(image.Rect(0, 0, 900, 700))
	rgba64 := image.NewRGBA64(image.Rect(0, 0, 900, 700))
	nrgba64 := image.NewNRGBA64(image.Rect(0, 0, 900, 700))
	nrgba64.Set(1, 1, color.NRGBA64{1, 2, 3, 4})
	pal := image.NewPaletted(image.Rect(0, 0, 900, 700), color.Palette{color.Black, color.White, color.RGBA{255, 0, 0, 255}})
	var gj, jg bytes.Buffer
	gif.Encode(&gj, pal, nil)
	jpeg.Encode(&jg, gray, nil)
	s := map[string][]byte{
		"png gray":           imagingtest.EncodePNG(gray),
		"png gray16":         imagingtest.EncodePNG(gray16),
		"png rgba64":         imagingtest.EncodePNG(rgba64),
		"png nrgba64":        imagingtest.EncodePNG(nrgba64),
		"png paletted":       imagingtest.EncodePNG(pal),
		"png rgb8":           imagingtest.EncodePNG(imagingtest.Gradient(900, 700)),
		"png gray+tRNS":      imagingtest.PNG(imagingtest.PNGSpec{W: 900, H: 700, Depth: 8, ColorType: 0, TRNS: []byte{0, 0}}),
		"png gray16+tRNS":    imagingtest.PNG(imagingtest.PNGSpec{W: 900, H: 700, Depth: 16, ColorType: 0, TRNS: []byte{0, 0}}),
		"png rgb8+tRNS":      imagingtest.PNG(imagingtest.PNGSpec{W: 900, H: 700, Depth: 8, ColorType: 2, TRNS: []byte{0, 0, 0, 0, 0, 0}}),
		"png interlaced rgb": imagingtest.PNG(imagingtest.PNGSpec{W: 900, H: 700, Depth: 8, ColorType: 2, Interlace: true}),
		"png interlaced 16":  imagingtest.PNG(imagingtest.PNGSpec{W: 900, H: 700, Depth: 16, ColorType: 6, Interlace: true}),
		"png gray 1-bit":     imagingtest.PNG(imagingtest.PNGSpec{W: 900, H: 700, Depth: 1, ColorType: 0}),
		"png gray+alpha 16":  imagingtest.PNG(imagingtest.PNGSpec{W: 900, H: 700, Depth: 16, ColorType: 4}),
		"jpeg 4:2:0":         imagingtest.JPEG(900, 700),
		"jpeg gray":          jg.Bytes(),
		"gif":                gj.Bytes(),
	}
	files, _ := filepath.Glob("testdata/formats/*.*")
	for _, f := range files {
		if filepath.Ext(f) == ".md" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		s[filepath.Base(f)] = b
	}
	return s
}

// TestDecodeCostCoversAllocations holds the budget to the truth: for every
// sample, what decoding really allocates never exceeds the cost read from
// its header, so a picture under the budget cannot take more than it.
func TestDecodeCostCoversAllocations(t *testing.T) {
	for name, data := range samples(t) {
		h, err := Inspect(data, Limits{})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		var m image.Image
		n := allocated(func() { m, err = decode(h, data) })
		if err != nil {
			t.Errorf("%s: decode: %v", name, err)
			continue
		}
		if b := m.Bounds(); b.Dx() != h.Width || b.Dy() != h.Height {
			if h.Format != "gif" { // a GIF's first frame may be smaller than its screen
				t.Errorf("%s: decoded %v, header %d×%d", name, b, h.Width, h.Height)
			}
		}
		t.Logf("%-45s %-5s %-9s %5d×%-5d cost %8d allocated %8d (%.0f%%)", name, h.Format, h.Model, h.Width, h.Height, h.Cost, n, 100*float64(n)/float64(h.Cost))
		if int64(n) > h.Cost {
			t.Errorf("%s (%s): decoding allocated %d bytes, the header's cost says %d", name, h.Model, n, h.Cost)
		}
	}
}

// TestDecoderSlots: never more pictures decode at once than the slots,
// and one that finds them all taken for the whole wait gets ErrBusy.
func TestDecoderSlots(t *testing.T) {
	d := NewDecoder(Limits{}, 2, 1, 20*time.Millisecond)
	pic := imagingtest.EncodePNG(imagingtest.Gradient(8, 8))
	hold, held := make(chan struct{}), make(chan struct{}, 2)
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d.Do(context.Background(), pic, func(*Header, image.Image) error { held <- struct{}{}; <-hold; return nil })
		}()
	}
	<-held
	<-held
	// One more may wait, and gets ErrBusy after the wait; while it waits,
	// another is told at once.
	waiting := make(chan error)
	go func() { waiting <- d.Do(context.Background(), pic, func(*Header, image.Image) error { return nil }) }()
	for len(d.admit) < 3 {
		time.Sleep(time.Millisecond)
	}
	if err := d.Do(context.Background(), pic, nil); !errors.Is(err, ErrBusy) {
		t.Fatalf("with the queue full: %v, want ErrBusy", err)
	}
	if err := <-waiting; !errors.Is(err, ErrBusy) {
		t.Fatalf("with both slots taken: %v, want ErrBusy", err)
	}
	// A refused header never waits for a slot.
	if err := d.Do(context.Background(), imagingtest.Bomb16(), nil); !errors.Is(err, ErrMemory) {
		t.Fatalf("bomb: %v", err)
	}
	close(hold)
	wg.Wait()

	var now, peak atomic.Int32
	d = NewDecoder(Limits{}, 2, 16, time.Minute)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := d.Do(context.Background(), pic, func(*Header, image.Image) error {
				n := now.Add(1)
				for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
				}
				time.Sleep(time.Millisecond)
				now.Add(-1)
				return nil
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Fatalf("%d pictures decoded at once with 2 slots", p)
	}
}

// FuzzInspect: whatever the bytes, Inspect does not panic, and a picture
// it accepts decodes (if at all) to no more than the size it announced.
func FuzzInspect(f *testing.F) {
	for _, b := range [][]byte{
		imagingtest.JPEG(8, 8), imagingtest.EncodePNG(imagingtest.Gradient(3, 3)),
		imagingtest.GIF(imagingtest.GIFSpec{W: 2, H: 2, Bits: 1, Frames: 2}),
		imagingtest.WebPCanvas(4, 4, 0x10), imagingtest.PNGHeader(100, 100, 16, 6),
		imagingtest.PNG(imagingtest.PNGSpec{W: 5, H: 3, Depth: 8, ColorType: 2, Interlace: true}),
	} {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := Inspect(data, Limits{})
		if err != nil {
			return
		}
		if h.Cost <= 0 || h.Width <= 0 || h.Height <= 0 {
			t.Fatalf("accepted header %+v", h)
		}
		m, err := decode(h, data)
		if err == nil && (m.Bounds().Dx() > h.Width || m.Bounds().Dy() > h.Height) {
			t.Fatalf("decoded %v, announced %d×%d", m.Bounds(), h.Width, h.Height)
		}
	})
}
