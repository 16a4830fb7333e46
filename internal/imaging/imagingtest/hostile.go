package imagingtest

import (
	"archive/zip"
	"bytes"
	"compress/lzw"
	"encoding/binary"
	"hash/crc32"
)

// GPSSecret is a string the EXIF block of WithEXIFGPS carries (the camera's
// make): it must not survive re-encoding.
const GPSSecret = "SECRET-CAMERA-4242"

// WithEXIFGPS inserts after the SOI of a JPEG an APP1 Exif block as
// cameras write it: a TIFF header, IFD0 with the camera's make and a
// pointer to a GPS IFD holding latitude 48°51'24" N and longitude
// 2°21'0" E.
func WithEXIFGPS(j []byte) []byte {
	le := binary.LittleEndian
	var t bytes.Buffer
	t.WriteString("II*\x00")
	binary.Write(&t, le, uint32(8))
	// IFD0 at 8: two entries (Make, GPSInfo), then the next-IFD offset.
	makeOff := uint32(8 + 2 + 2*12 + 4)
	gpsOff := makeOff + uint32(len(GPSSecret)+1)
	binary.Write(&t, le, uint16(2))
	entry := func(tag, typ uint16, count, value uint32) {
		binary.Write(&t, le, tag)
		binary.Write(&t, le, typ)
		binary.Write(&t, le, count)
		binary.Write(&t, le, value)
	}
	entry(0x010F, 2, uint32(len(GPSSecret)+1), makeOff) // Make, ASCII
	entry(0x8825, 4, 1, gpsOff)                         // GPSInfo IFD pointer
	binary.Write(&t, le, uint32(0))
	t.WriteString(GPSSecret + "\x00")
	// GPS IFD: LatitudeRef, Latitude, LongitudeRef, Longitude.
	ratOff := gpsOff + 2 + 4*12 + 4
	binary.Write(&t, le, uint16(4))
	entry(1, 2, 2, uint32('N'))
	entry(2, 5, 3, ratOff)
	entry(3, 2, 2, uint32('E'))
	entry(4, 5, 3, ratOff+24)
	binary.Write(&t, le, uint32(0))
	for _, r := range [][2]uint32{{48, 1}, {51, 1}, {2400, 100}, {2, 1}, {21, 1}, {0, 1}} {
		binary.Write(&t, le, r[0])
		binary.Write(&t, le, r[1])
	}
	payload := append([]byte("Exif\x00\x00"), t.Bytes()...)
	seg := []byte{0xFF, 0xE1, byte((len(payload) + 2) >> 8), byte(len(payload) + 2)}
	out := append([]byte{0xFF, 0xD8}, seg...)
	out = append(out, payload...)
	return append(out, j[2:]...)
}

// WithJPEGSize rewrites the size in a JPEG's frame header (SOF0/1/2):
// the pixel flood, a small file that claims w×h.
func WithJPEGSize(j []byte, w, h int) []byte {
	out := bytes.Clone(j)
	for i := 2; i+9 < len(out); {
		if out[i] != 0xFF {
			break
		}
		m := out[i+1]
		n := int(out[i+2])<<8 | int(out[i+3])
		if m >= 0xC0 && m <= 0xC2 {
			binary.BigEndian.PutUint16(out[i+5:], uint16(h))
			binary.BigEndian.PutUint16(out[i+7:], uint16(w))
			return out
		}
		i += 2 + n
	}
	return out
}

// GIFSpec describes a GIF written block by block.
type GIFSpec struct {
	W, H       int    // logical screen
	Bits       int    // global colour table of 2^Bits entries (1..8)
	Frames     int    // frames of FrameW×FrameH pixels
	FrameW     int    // default 1
	FrameH     int    // default 1
	Header     string // default "GIF89a"
	Trailer    []byte // after the GIF's trailer
	NoTrailer  bool   // stop before the trailer (a truncated file)
	ScreenRaw  []byte // replaces the 4 bytes of the screen's width and height
	SkipScreen bool
}

// GIF writes the file s describes, each frame compressed with LZW as
// encoders do.
func GIF(s GIFSpec) []byte {
	if s.Header == "" {
		s.Header = "GIF89a"
	}
	s.FrameW, s.FrameH = max(1, s.FrameW), max(1, s.FrameH)
	bits := max(1, min(8, s.Bits))
	var b bytes.Buffer
	b.WriteString(s.Header)
	if s.ScreenRaw != nil {
		b.Write(s.ScreenRaw)
	} else {
		binary.Write(&b, binary.LittleEndian, uint16(s.W))
		binary.Write(&b, binary.LittleEndian, uint16(s.H))
	}
	b.Write([]byte{0x80 | byte(bits-1), 0, 0})
	for i := 0; i < 1<<bits; i++ {
		b.Write([]byte{byte(i), byte(255 - i), byte(i * 7)})
	}
	lit := max(2, bits)
	var px bytes.Buffer
	zw := lzw.NewWriter(&px, lzw.LSB, lit)
	zw.Write(make([]byte, s.FrameW*s.FrameH))
	zw.Close()
	for f := 0; f < s.Frames; f++ {
		b.Write([]byte{0x21, 0xF9, 4, 0, 10, 0, 0, 0}) // graphic control: 0.1 s
		b.WriteByte(0x2C)
		binary.Write(&b, binary.LittleEndian, [4]uint16{0, 0, uint16(s.FrameW), uint16(s.FrameH)})
		b.WriteByte(0)
		b.WriteByte(byte(lit))
		for d := px.Bytes(); len(d) > 0; {
			n := min(255, len(d))
			b.WriteByte(byte(n))
			b.Write(d[:n])
			d = d[n:]
		}
		b.WriteByte(0)
	}
	if !s.NoTrailer {
		b.WriteByte(0x3B)
	}
	b.Write(s.Trailer)
	return b.Bytes()
}

// GIFScript is a GIF/JavaScript polyglot: the bytes read as a GIF (its
// width spelled "/*") and as a script assigning alert(1) to GIF89a.
func GIFScript() []byte {
	return GIF(GIFSpec{ScreenRaw: []byte("/*\x0a\x00"), Bits: 1, Frames: 1, Trailer: []byte("*/=alert(1);//")})
}

// PNGZip is a valid small PNG with a ZIP archive (holding evil.js)
// appended: it opens as a picture and as an archive.
func PNGZip() []byte {
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	f, _ := zw.Create("evil.js")
	f.Write([]byte("alert(document.cookie)"))
	zw.Close()
	return append(EncodePNG(Gradient(64, 48)), z.Bytes()...)
}

// WebPCanvas is an extended WebP header (VP8X) claiming a w×h canvas with
// no picture after it; flags 0x10 says alpha, 0x02 animation.
func WebPCanvas(w, h int, flags byte, more ...[]byte) []byte {
	vp8x := make([]byte, 10)
	vp8x[0] = flags
	put24 := func(b []byte, v int) { b[0], b[1], b[2] = byte(v), byte(v>>8), byte(v>>16) }
	put24(vp8x[4:], w-1)
	put24(vp8x[7:], h-1)
	chunks := [][]byte{append([]byte("VP8X"), vp8x...)}
	return RIFF(append(chunks, more...)...)
}

// RIFF wraps chunks (fourCC+data) into a WebP file with a correct size.
func RIFF(chunks ...[]byte) []byte {
	var body bytes.Buffer
	body.WriteString("WEBP")
	for _, c := range chunks {
		body.Write(c[:4])
		binary.Write(&body, binary.LittleEndian, uint32(len(c)-4))
		body.Write(c[4:])
		if (len(c)-4)%2 == 1 {
			body.WriteByte(0)
		}
	}
	var out bytes.Buffer
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(body.Len()))
	out.Write(body.Bytes())
	return out.Bytes()
}

// Texts that are no pictures, sent as if they were.
var (
	SVG  = []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><rect width="10" height="10"/></svg>`)
	HTML = []byte("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>")
)

// PNGHeader is a PNG whose header claims w×h at the given depth and colour
// type, followed by almost no pixel data: what a pixel flood looks like.
func PNGHeader(w, h int, depth, colorType byte) []byte {
	p := PNG(PNGSpec{W: 1, H: 1, Depth: depth, ColorType: colorType})
	binary.BigEndian.PutUint32(p[16:], uint32(w))
	binary.BigEndian.PutUint32(p[20:], uint32(h))
	crc := crc32.ChecksumIEEE(p[12:29])
	binary.BigEndian.PutUint32(p[29:], crc)
	return p
}
