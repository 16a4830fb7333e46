package roll

// radixSort sorts keys ascending, carrying vals along, stably (equal keys
// keep their order). It is an LSD radix sort on 16-bit digits that skips the
// digits all keys share.
func radixSort(keys []uint64, vals []uint32) {
	n := len(keys)
	if n < 2 {
		return
	}
	var or, and uint64 = 0, ^uint64(0)
	for _, k := range keys {
		or |= k
		and &= k
	}
	diff := or ^ and
	origK, origV := keys, vals
	k2 := make([]uint64, n)
	v2 := make([]uint32, n)
	count := make([]int, 1<<16)
	for shift := uint(0); shift < 64; shift += 16 {
		if (diff>>shift)&0xffff == 0 {
			continue
		}
		clear(count)
		for _, k := range keys {
			count[(k>>shift)&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for i, k := range keys {
			d := (k >> shift) & 0xffff
			p := count[d]
			count[d]++
			k2[p] = k
			v2[p] = vals[i]
		}
		keys, k2 = k2, keys
		vals, v2 = v2, vals
	}
	if &keys[0] != &origK[0] {
		copy(origK, keys)
		copy(origV, vals)
	}
}
