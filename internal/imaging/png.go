package imaging

// pngMagic opens every PNG file.
var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// inspectPNG reads the IHDR chunk and walks the chunks to IEND: a tRNS
// before the pixels turns gray and truecolour pictures into NRGBA (four
// times the bytes of gray), interlacing allocates the passes beside the
// picture, and a file that ends before IEND is truncated. Chunks the
// decoder ignores (APNG's acTL, fcTL, fdAT; text; anything after IEND)
// cost nothing.
func inspectPNG(b []byte) (*Header, error) {
	if len(b) < 33 {
		return nil, ErrTruncated
	}
	if be32(b[8:]) != 13 || string(b[12:16]) != "IHDR" {
		return nil, ErrUnsupported
	}
	w, h := be32(b[16:]), be32(b[20:])
	depth, ctype, interlace := b[24], b[25], b[28]
	if w <= 0 || h <= 0 || w > 1<<31-1 || h > 1<<31-1 {
		return nil, ErrUnsupported
	}
	trns, idat := false, false
	for off := 33; ; {
		if off+12 > len(b) {
			return nil, ErrTruncated
		}
		n := be32(b[off:])
		if n > 1<<31-1 {
			return nil, ErrUnsupported
		}
		end := int64(off) + 12 + n
		if end > int64(len(b)) {
			return nil, ErrTruncated
		}
		switch string(b[off+4 : off+8]) {
		case "tRNS":
			trns = trns || !idat
		case "IDAT":
			idat = true
		}
		if string(b[off+4:off+8]) == "IEND" {
			break
		}
		off = int(end)
	}
	model, bpp := pngModel(depth, ctype, trns)
	if model == "" {
		return nil, ErrUnsupported
	}
	px := pixels(int(w), int(h))
	cost := px * bpp
	if interlace == 1 {
		cost *= 2 // the seven passes, allocated one after the other
	}
	// Two scanlines as stored (up to 8 bytes a pixel) and the decoder.
	cost += 2*(1+w*8) + decodeOverhead
	return &Header{Format: "png", Width: int(w), Height: int(h), Model: model, Frames: 1, Cost: cost}, nil
}

// pngModel is the image type the stdlib decoder makes for a colour type
// and depth, and its bytes per pixel.
func pngModel(depth, ctype byte, trns bool) (string, int64) {
	wide := depth == 16
	switch ctype {
	case 0: // gray
		switch {
		case wide && trns:
			return "nrgba64", 8
		case wide:
			return "gray16", 2
		case trns:
			return "nrgba", 4
		}
		return "gray", 1
	case 2: // truecolour
		switch {
		case wide && trns:
			return "nrgba64", 8
		case wide:
			return "rgba64", 8
		case trns:
			return "nrgba", 4
		}
		return "rgba", 4
	case 3:
		return "paletted", 1
	case 4, 6: // with alpha
		if wide {
			return "nrgba64", 8
		}
		return "nrgba", 4
	}
	return "", 0
}
