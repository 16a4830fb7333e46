package imagingtest

import (
	_ "embed"
	"sync"
)

// Item is one file of the upload corpus, as a client sends it: a file
// name and a declared type that may lie about the content.
type Item struct {
	Name string // stable, for test tables
	File string // the file name sent
	Type string // the Content-Type declared
	Data []byte
	// Picture: the content is a picture within every limit, which must be
	// stored re-encoded; otherwise it must be refused.
	Picture bool
}

//go:embed testdata/yellow_rose.lossy-with-alpha.webp
var webpRose []byte

var (
	corpusOnce sync.Once
	corpus     []Item
)

// Corpus is the upload corpus: ordinary pictures in each format (one
// carrying EXIF and a GPS position, one of 12 megapixels), odd but
// harmless ones (APNG chunks, an animated GIF, PNG+ZIP and GIF+JS
// polyglots, a JPEG sent as text/html), and hostile or broken files
// (decompression bomb, pixel floods, a huge GIF screen, too many frames,
// a huge or animated WebP, SVG, HTML sent as PNG, empty, truncated, too
// large). Built once per test binary.
func Corpus() []Item {
	corpusOnce.Do(func() {
		jpg, png := JPEG(640, 480), EncodePNG(Gradient(400, 300))
		corpus = []Item{
			{"jpeg-exif-gps", "IMG_2024.jpg", "image/jpeg", WithEXIFGPS(JPEG(800, 600)), true},
			{"jpeg-12mp", "DSC_0001.JPG", "image/jpeg", JPEG(4000, 3000), true},
			// A photo as large as allowed (its camera wrote 9 MiB after the
			// picture): what holds memory while it arrives and waits.
			{"jpeg-9mb", "DSC_0002.JPG", "image/jpeg", append(JPEG(3000, 2000), make([]byte, 9<<20)...), true},
			{"png-translucent", "logo.png", "image/png", Translucent(600, 400), true},
			{"png-16bit", "scan.png", "image/png", PNG(PNGSpec{W: 500, H: 400, Depth: 16, ColorType: 6, Fill: func(y int, row []byte) {
				for i := range row {
					row[i] = byte(i*7 + y)
				}
			}}), true},
			{"png-interlaced", "interlaced.png", "image/png", PNG(PNGSpec{W: 300, H: 200, Depth: 8, ColorType: 2, Interlace: true}), true},
			{"gif-animated", "anim.gif", "image/gif", GIF(GIFSpec{W: 64, H: 64, Bits: 4, Frames: 300, FrameW: 64, FrameH: 64}), true},
			{"apng", "anim.png", "image/png", PNG(PNGSpec{W: 64, H: 32, Depth: 8, ColorType: 2,
				Extra: [][]byte{[]byte("acTL\x00\x00\x00\x02\x00\x00\x00\x00"), append([]byte("fcTL\x00\x00\x00\x00\x00\x00\xea\x60\x00\x00\xea\x60"), make([]byte, 18)...)}}), true},
			{"webp-alpha", "rose.webp", "image/webp", webpRose, true},
			{"png-zip-polyglot", "innocent.png", "image/png", PNGZip(), true},
			{"gif-js-polyglot", "pixel.gif", "image/gif", GIFScript(), true},
			{"jpeg-as-html", "page.html", "text/html", JPEG(320, 240), true},
			{"png-16bit-bomb", "bomb.png", "image/png", Bomb16(), false},
			{"png-pixel-flood", "flood.png", "image/png", PNGHeader(100000, 100000, 1, 0), false},
			{"jpeg-pixel-flood", "flood.jpg", "image/jpeg", WithJPEGSize(JPEG(16, 16), 65500, 65500), false},
			{"gif-huge-screen", "screen.gif", "image/gif", GIF(GIFSpec{W: 65535, H: 65535, Bits: 8, Frames: 1}), false},
			{"gif-too-many-frames", "frames.gif", "image/gif", GIF(GIFSpec{W: 2, H: 2, Bits: 1, Frames: 5000}), false},
			{"webp-huge-canvas", "canvas.webp", "image/webp", WebPCanvas(16383, 16383, 0x10), false},
			{"webp-animated", "anim.webp", "image/webp", WebPCanvas(64, 64, 0x02, []byte("ANIM\xff\xff\xff\xff\x00\x00")), false},
			{"svg", "logo.svg", "image/svg+xml", SVG, false},
			{"html-as-png", "photo.png", "image/png", HTML, false},
			{"zero-byte", "empty.png", "image/png", []byte{}, false},
			{"png-truncated", "cut.png", "image/png", png[:len(png)/2], false},
			{"jpeg-truncated", "cut.jpg", "image/jpeg", jpg[:len(jpg)/2], false},
			{"too-large", "huge.jpg", "image/jpeg", append(JPEG(64, 64), make([]byte, 11<<20)...), false},
		}
	})
	return corpus
}
