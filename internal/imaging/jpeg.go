package imaging

// jpegComponent is one colour component of a JPEG frame header.
type jpegComponent struct {
	id   byte
	h, v int // sampling factors
}

// inspectJPEG walks a JPEG's segments and entropy-coded data to the end
// of image: the frame header (SOF) gives the size, the components and
// their sampling, and whether the picture is progressive (the decoder
// then keeps 4 bytes of coefficients per sample); an Adobe segment or
// R, G, B component names mean a conversion to RGBA at the end, four
// components one to CMYK. A file that ends before EOI is truncated.
func inspectJPEG(b []byte) (*Header, error) {
	var comps []jpegComponent
	var w, h int
	progressive, adobeRGB := false, false
	i := 2
	for {
		// Markers start with 0xFF (maybe repeated); decoders skip junk
		// between segments, so do we.
		for i < len(b) && b[i] != 0xFF {
			i++
		}
		for i < len(b) && b[i] == 0xFF {
			i++
		}
		if i >= len(b) {
			return nil, ErrTruncated
		}
		m := b[i]
		i++
		switch {
		case m == 0xD9: // EOI
			if comps == nil {
				return nil, ErrUnsupported
			}
			return jpegHeader(w, h, comps, progressive, adobeRGB), nil
		case m == 0xD8 || m == 0x01 || m >= 0xD0 && m <= 0xD7:
			continue // no length
		}
		if i+2 > len(b) {
			return nil, ErrTruncated
		}
		n := be16(b[i:])
		if n < 2 {
			return nil, ErrUnsupported
		}
		if i+n > len(b) {
			return nil, ErrTruncated
		}
		seg := b[i+2 : i+n]
		switch {
		case m == 0xC0 || m == 0xC1 || m == 0xC2:
			if comps != nil {
				break // the decoder reads the first
			}
			if len(seg) < 6 {
				return nil, ErrUnsupported
			}
			h, w = be16(seg[1:]), be16(seg[3:])
			nc := int(seg[5])
			if nc != 1 && nc != 3 && nc != 4 || len(seg) < 6+3*nc {
				return nil, ErrUnsupported
			}
			for c := 0; c < nc; c++ {
				hv := seg[6+3*c+1]
				comps = append(comps, jpegComponent{id: seg[6+3*c], h: max(1, int(hv>>4)), v: max(1, int(hv&0x0F))})
			}
			progressive = m == 0xC2
		case m >= 0xC3 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC:
			return nil, ErrUnsupported // lossless, hierarchical, arithmetic
		case m == 0xEE && len(seg) >= 12 && string(seg[:5]) == "Adobe":
			adobeRGB = seg[11] == 0
		case m == 0xDA: // start of scan: skip the entropy-coded data
			if comps == nil {
				return nil, ErrUnsupported
			}
			j := i + n
			for {
				for j < len(b) && b[j] != 0xFF {
					j++
				}
				if j+1 >= len(b) {
					return nil, ErrTruncated
				}
				if c := b[j+1]; c == 0 || c >= 0xD0 && c <= 0xD7 || c == 0xFF {
					j++ // stuffed byte, restart marker or fill
					continue
				}
				break
			}
			i = j
			continue
		}
		i += n
	}
}

// jpegHeader computes what the stdlib decoder allocates for a frame, as
// it does: planes rounded up to whole MCUs, coefficients for progressive
// pictures, and the final RGBA or CMYK picture when it converts.
func jpegHeader(w, h int, comps []jpegComponent, progressive, adobeRGB bool) *Header {
	if len(comps) == 1 {
		comps[0].h, comps[0].v = 1, 1
	}
	h0, v0 := comps[0].h, comps[0].v
	mxx := int64((w + 8*h0 - 1) / (8 * h0))
	myy := int64((h + 8*v0 - 1) / (8 * v0))
	var cost, blocks int64
	for _, c := range comps {
		blocks += mxx * myy * int64(c.h*c.v)
	}
	model := "gray"
	switch len(comps) {
	case 1:
		cost = 64 * mxx * myy
	default:
		// Y at full size, Cb and Cr at the ratio of the second component
		// (the decoder sizes both so); a fourth plane for black.
		y := 64 * mxx * myy * int64(h0*v0)
		hr, vr := max(1, h0/comps[1].h), max(1, v0/comps[1].v)
		cost = y + 2*y/int64(hr*vr) + 2*64*mxx*myy
		model = "ycbcr"
		rgb := adobeRGB || comps[0].id == 'R' && comps[1].id == 'G' && comps[2].id == 'B'
		if len(comps) == 4 {
			c3 := comps[3]
			cost += 64 * mxx * myy * int64(c3.h*c3.v)
			rgb, model = true, "cmyk"
		}
		if rgb {
			cost += 4 * pixels(w, h)
			if model == "ycbcr" {
				model = "rgba"
			}
		}
	}
	if progressive {
		cost += blocks * 64 * 4 // one int32 per coefficient
	}
	return &Header{Format: "jpeg", Width: w, Height: h, Model: model, Frames: 1, Cost: cost + decodeOverhead}
}
