package imaging

// inspectWebP reads a WebP's RIFF header and first chunk: "VP8 " (lossy,
// YCbCr 4:2:0 in whole macroblocks), "VP8L" (lossless, NRGBA, with a
// second buffer when a colour-indexing transform expands it) or "VP8X"
// (extended: the canvas size, and alpha, decoded as a lossless picture
// beside the lossy one). Animations are not supported by the decoder and
// are refused; a file shorter than its RIFF size is truncated.
func inspectWebP(b []byte) (*Header, error) {
	if int64(len(b)) < le32(b[4:])+8 || len(b) < 30 {
		return nil, ErrTruncated
	}
	var w, h int
	var perPixel float64
	model := "ycbcr"
	switch string(b[12:16]) {
	case "VP8 ":
		// Frame tag (3 bytes), start code 9d 01 2a, 14-bit width and height.
		if b[23] != 0x9d || b[24] != 0x01 || b[25] != 0x2a {
			return nil, ErrUnsupported
		}
		w, h = le16(b[26:])&0x3fff, le16(b[28:])&0x3fff
		perPixel = 1.5
	case "VP8L":
		if b[20] != 0x2f {
			return nil, ErrUnsupported
		}
		bits := le32(b[21:])
		w, h = int(bits&0x3fff)+1, int(bits>>14&0x3fff)+1
		perPixel, model = 8, "nrgba"
	case "VP8X":
		flags := b[20]
		if flags&0x02 != 0 {
			return nil, ErrUnsupported // animated
		}
		w, h = le24(b[24:])+1, le24(b[27:])+1
		perPixel = 1.5
		if flags&0x10 != 0 {
			// Alpha: the plane, and a lossless picture it is decoded from.
			perPixel, model = 1.5+1+8+1, "nycbcra"
		}
	default:
		return nil, ErrUnsupported
	}
	// Lossy pictures are decoded in whole 16×16 macroblocks.
	mb := pixels((w+15)/16*16, (h+15)/16*16)
	cost := int64(float64(mb)*perPixel) + decodeOverhead
	return &Header{Format: "webp", Width: w, Height: h, Model: model, Frames: 1, Cost: cost}, nil
}
