package imaging

// inspectGIF walks a GIF's blocks without decompressing them: the logical
// screen gives the size (every frame must fit in it, the decoder checks),
// and the frames are counted up to maxFrames. Only the first frame is ever
// decoded, one byte a pixel (paletted); the colour tables hold 256 entries
// at most by construction. A file that ends before its trailer is
// truncated.
func inspectGIF(b []byte, maxFrames int) (*Header, error) {
	if len(b) < 13 {
		return nil, ErrTruncated
	}
	w, h := le16(b[6:]), le16(b[8:])
	i := 13
	if flags := b[10]; flags&0x80 != 0 {
		i += 3 << (flags&7 + 1)
	}
	frames := 0
	for {
		if i >= len(b) {
			return nil, ErrTruncated
		}
		switch b[i] {
		case 0x3B: // trailer
			if frames == 0 {
				return nil, ErrUnsupported
			}
			return &Header{Format: "gif", Width: w, Height: h, Model: "paletted", Frames: frames,
				Cost: pixels(w, h) + decodeOverhead}, nil
		case 0x21: // extension: label, then sub-blocks
			i += 2
		case 0x2C: // image descriptor, local colour table, LZW code size
			if i+10 > len(b) {
				return nil, ErrTruncated
			}
			frames++
			if frames > maxFrames {
				return nil, ErrFrames
			}
			flags := b[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&7 + 1)
			}
			i++
		default:
			return nil, ErrUnsupported
		}
		for { // sub-blocks, ended by an empty one
			if i >= len(b) {
				return nil, ErrTruncated
			}
			n := int(b[i])
			i += 1 + n
			if n == 0 {
				break
			}
		}
	}
}
