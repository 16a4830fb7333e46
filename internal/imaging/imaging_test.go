package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

func testJPEG(t testing.TB, w, h int, extra []byte) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if extra == nil {
		return b
	}
	// Insert an APP1 (EXIF) segment right after SOI.
	seg := append([]byte{0xFF, 0xE1, byte((len(extra) + 2) >> 8), byte(len(extra) + 2)}, extra...)
	return append(append([]byte{0xFF, 0xD8}, seg...), b[2:]...)
}

func TestReencodeStripsMetadataAndScales(t *testing.T) {
	exif := append([]byte("Exif\x00\x00"), []byte("GPSLatitude 48.8566 SECRET-CAMERA-SERIAL")...)
	in := testJPEG(t, 1200, 600, exif)
	if !bytes.Contains(in, []byte("SECRET-CAMERA-SERIAL")) {
		t.Fatal("test input lacks its metadata")
	}
	res, err := Reencode(in, 512)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(res.Data, []byte("SECRET")) || bytes.Contains(res.Data, []byte("Exif")) {
		t.Fatal("metadata survived re-encoding")
	}
	if res.Width != 512 || res.Height != 256 || res.ContentType != "image/jpeg" {
		t.Fatalf("got %dx%d %s", res.Width, res.Height, res.ContentType)
	}
	if len(res.Hash) != 64 {
		t.Fatalf("hash %q", res.Hash)
	}
}

func TestReencodeKeepsTransparencyAsPNG(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 10, 10))
	img.Set(1, 1, color.NRGBA{255, 0, 0, 128})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	res, err := Reencode(buf.Bytes(), 512)
	if err != nil || res.ContentType != "image/png" || res.Width != 10 {
		t.Fatalf("got %+v, %v", res, err)
	}
}

func TestReencodeRefuses(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("<svg onload=alert(1)>"),
		"truncated": testJPEG(t, 50, 50, nil)[:100],
		"too big":   make([]byte, DefaultMaxBytes+1),
	} {
		if _, err := Reencode(data, 512); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// A header that claims a huge picture is refused before decoding.
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := buf.Bytes()
	b[16], b[17], b[18], b[19] = 0, 0x01, 0, 0 // width 65536
	b[20], b[21], b[22], b[23] = 0, 0x01, 0, 0 // height 65536
	if _, err := Reencode(b, 512); err == nil {
		t.Error("decompression bomb accepted")
	}
}

func FuzzReencode(f *testing.F) {
	f.Add(testJPEG(f, 8, 8, nil))
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 3, 3)))
	f.Add(buf.Bytes())
	f.Add([]byte("GIF89a"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Reencode(data, 64)
		if err == nil && (res.Width > 64 || res.Height > 64 || len(res.Data) == 0) {
			t.Fatalf("bad result %dx%d", res.Width, res.Height)
		}
	})
}
