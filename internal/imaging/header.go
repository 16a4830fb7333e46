package imaging

import (
	"bytes"
	"errors"
	"image"
	"io"
)

// Default limits of one upload.
const (
	DefaultMaxBytes     = 10 << 20   // 10 MiB on disk
	DefaultMaxPixels    = 40_000_000 // 40 megapixels
	DefaultDecodeBudget = 64 << 20   // 64 MiB of decoded picture
	DefaultMaxFrames    = 1000       // GIF frames walked (only the first is decoded)
)

// Limits bound what one upload may cost; a zero field takes its default.
type Limits struct {
	MaxBytes     int   // size of the file
	MaxPixels    int64 // width × height
	DecodeBudget int64 // bytes decoding may allocate, computed from the header
	MaxFrames    int   // frames of a GIF
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.DecodeBudget <= 0 {
		l.DecodeBudget = DefaultDecodeBudget
	}
	if l.MaxFrames <= 0 {
		l.MaxFrames = DefaultMaxFrames
	}
	return l
}

// Why a picture is refused; callers map each to a message.
var (
	ErrTooLarge    = errors.New("imaging: file too large")
	ErrDimensions  = errors.New("imaging: too many pixels")
	ErrMemory      = errors.New("imaging: decoding would take too much memory")
	ErrFrames      = errors.New("imaging: too many frames")
	ErrTruncated   = errors.New("imaging: file truncated")
	ErrUnsupported = errors.New("imaging: not a JPEG, PNG, GIF or WebP picture")
)

// Header is what a picture's header says, read without decoding a pixel.
type Header struct {
	Format string // "jpeg", "png", "gif" or "webp"
	Width  int
	Height int
	// Model is the colour model decoding yields ("gray16", "rgba64",
	// "paletted", "ycbcr", …), which sets its bytes per pixel.
	Model  string
	Frames int // GIF frames; 1 otherwise
	// Cost is the most decoding allocates, in bytes: the picture in its
	// decoded model plus what the decoder needs beside it (progressive
	// JPEG coefficients, an interlaced PNG's passes, colour conversions).
	Cost int64
}

// decodeOverhead is what any decoder allocates beside the picture:
// tables, the zlib window, row buffers.
const decodeOverhead = 256 << 10

// Inspect reads data's header and walks its structure (chunks, segments,
// blocks), refusing, before anything is decoded, a file over MaxBytes, a
// header over MaxPixels, a picture whose decoding would allocate more than
// DecodeBudget, a GIF of more than MaxFrames frames and a truncated file.
// It takes microseconds to milliseconds whatever the header claims.
func Inspect(data []byte, l Limits) (*Header, error) {
	l = l.withDefaults()
	if len(data) > l.MaxBytes {
		return nil, ErrTooLarge
	}
	var h *Header
	var err error
	switch {
	case bytes.HasPrefix(data, pngMagic):
		h, err = inspectPNG(data)
	case len(data) >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF:
		h, err = inspectJPEG(data)
	case bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a")):
		h, err = inspectGIF(data, l.MaxFrames)
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		h, err = inspectWebP(data)
	default:
		return nil, ErrUnsupported
	}
	if err != nil {
		return nil, err
	}
	if h.Width <= 0 || h.Height <= 0 {
		return nil, ErrUnsupported
	}
	if int64(h.Width)*int64(h.Height) > l.MaxPixels {
		return nil, ErrDimensions
	}
	if h.Cost > l.DecodeBudget {
		return nil, ErrMemory
	}
	// The decoders must read the header as we did.
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, decodeError(err)
	}
	if format != h.Format || cfg.Width != h.Width || cfg.Height != h.Height {
		return nil, ErrUnsupported
	}
	return h, nil
}

// decodeError maps a decoder's error to ours: an early end of data is a
// truncated file, anything else a file we cannot read.
func decodeError(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return ErrTruncated
	}
	return ErrUnsupported
}

// pixels is w×h as an int64 (headers may claim up to 2³¹ on a side).
func pixels(w, h int) int64 { return int64(w) * int64(h) }

func be16(b []byte) int { return int(b[0])<<8 | int(b[1]) }
func be32(b []byte) int64 {
	return int64(b[0])<<24 | int64(b[1])<<16 | int64(b[2])<<8 | int64(b[3])
}
func le16(b []byte) int { return int(b[0]) | int(b[1])<<8 }
func le24(b []byte) int { return int(b[0]) | int(b[1])<<8 | int(b[2])<<16 }
func le32(b []byte) int64 {
	return int64(b[0]) | int64(b[1])<<8 | int64(b[2])<<16 | int64(b[3])<<24
}
