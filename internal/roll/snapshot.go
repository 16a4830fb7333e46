package roll

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"unsafe"
)

// Snapshot layout: the magic, then sections, each a 16-byte header (element
// size, element count) followed by its little-endian elements and padding to
// 8 bytes. Integer arrays are used in place from the memory-mapped file,
// so loading costs no parsing. The last section is a JSON blob with the
// small tables (places, files, emails).
const snapshotMagic = "CRTROLL3"

// SnapshotFile is the name of the snapshot inside a roll's directory.
const SnapshotFile = "roll.snapshot"

func (ix *Index) arrays() []any {
	return []any{&ix.tokOff, &ix.toks, &ix.shape, &ix.date, &ix.place, &ix.src, &ix.flags,
		&ix.primStart, &ix.secStart, &ix.secF, &ix.secE,
		&ix.v.arena, &ix.v.off, &ix.v.bstart, &ix.v.btok, &ix.emailE,
		&ix.primDirStart, &ix.primDirF, &ix.primDirPos, &ix.secDirStart, &ix.secDirF, &ix.secDirPos}
}

type snapshotMeta struct {
	Mask   uint32
	Places []Place
	Files  []fileInfo
	Emails []string
}

func rawBytes(a any) (b []byte, size int) {
	switch s := a.(type) {
	case *[]uint32:
		if len(*s) == 0 {
			return nil, 4
		}
		return unsafe.Slice((*byte)(unsafe.Pointer(&(*s)[0])), 4*len(*s)), 4
	case *[]uint16:
		if len(*s) == 0 {
			return nil, 2
		}
		return unsafe.Slice((*byte)(unsafe.Pointer(&(*s)[0])), 2*len(*s)), 2
	case *[]uint8:
		return *s, 1
	}
	panic("roll: unknown snapshot array")
}

var littleEndian = func() bool { x := uint16(1); return *(*byte)(unsafe.Pointer(&x)) == 1 }()

// WriteSnapshot writes ix to path, readable by the owner only. It writes a
// temporary file and renames it, so a crash leaves the old snapshot intact.
func (ix *Index) WriteSnapshot(path string) error {
	if !littleEndian {
		return errors.New("roll: snapshots need a little-endian machine")
	}
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	w := bufio.NewWriterSize(f, 4<<20)
	w.WriteString(snapshotMagic)
	var hdr [16]byte
	var zero [8]byte
	section := func(b []byte, size int) {
		binary.LittleEndian.PutUint64(hdr[:8], uint64(size))
		binary.LittleEndian.PutUint64(hdr[8:], uint64(len(b)/size))
		w.Write(hdr[:])
		w.Write(b)
		w.Write(zero[:(8-len(b)%8)%8])
	}
	for _, a := range ix.arrays() {
		section(rawBytes(a))
	}
	meta, err := json.Marshal(snapshotMeta{Mask: ix.v.mask, Places: ix.places, Files: ix.files, Emails: ix.emailStr})
	if err != nil {
		return err
	}
	section(meta, 1)
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// LoadSnapshot maps the snapshot at path. The Index keeps the mapping until
// Close.
func LoadSnapshot(path string) (*Index, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	ix, err := decodeSnapshot(data)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("roll: %s: %w", path, err)
	}
	ix.closer = unmap
	return ix, nil
}

func decodeSnapshot(data []byte) (*Index, error) {
	if !littleEndian {
		return nil, errors.New("snapshots need a little-endian machine")
	}
	if len(data) < len(snapshotMagic) || string(data[:len(snapshotMagic)]) != snapshotMagic {
		if len(data) >= len(snapshotMagic) && string(data[:7]) == snapshotMagic[:7] {
			return nil, fmt.Errorf("snapshot format %s, this version reads %s: import the roll again", data[:len(snapshotMagic)], snapshotMagic)
		}
		return nil, errors.New("not a roll snapshot")
	}
	p := data[len(snapshotMagic):]
	next := func(want int) ([]byte, error) {
		if len(p) < 16 {
			return nil, errors.New("truncated snapshot")
		}
		size := binary.LittleEndian.Uint64(p[:8])
		n := binary.LittleEndian.Uint64(p[8:16])
		if size != uint64(want) || n > uint64(len(p)) {
			return nil, errors.New("corrupt snapshot")
		}
		nb := n * size
		if nb+16 > uint64(len(p)) {
			return nil, errors.New("truncated snapshot")
		}
		b := p[16 : 16+nb]
		adv := 16 + nb + (8-nb%8)%8
		if adv > uint64(len(p)) {
			return nil, errors.New("truncated snapshot")
		}
		p = p[adv:]
		return b, nil
	}
	ix := &Index{v: &vocab{}}
	for _, a := range ix.arrays() {
		switch s := a.(type) {
		case *[]uint32:
			b, err := next(4)
			if err != nil {
				return nil, err
			}
			if len(b) > 0 {
				*s = unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), len(b)/4)
			}
		case *[]uint16:
			b, err := next(2)
			if err != nil {
				return nil, err
			}
			if len(b) > 0 {
				*s = unsafe.Slice((*uint16)(unsafe.Pointer(&b[0])), len(b)/2)
			}
		case *[]uint8:
			b, err := next(1)
			if err != nil {
				return nil, err
			}
			*s = b
		}
	}
	b, err := next(1)
	if err != nil {
		return nil, err
	}
	var meta snapshotMeta
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, err
	}
	if len(p) != 0 {
		return nil, errors.New("trailing bytes after the snapshot")
	}
	ix.v.mask, ix.places, ix.files, ix.emailStr = meta.Mask, meta.Places, meta.Files, meta.Emails
	if err := ix.check(); err != nil {
		return nil, err
	}
	ix.v.phon = buildPhon(ix.v)
	return ix, nil
}

// check verifies the shapes of the arrays so that a damaged snapshot fails
// to load instead of crashing a search.
func (ix *Index) check() error {
	n := len(ix.date)
	nt := len(ix.v.off) - 1
	switch {
	case len(ix.tokOff) != n+1 || len(ix.shape) != n || len(ix.place) != n || len(ix.src) != n || len(ix.flags) != n,
		nt < 1 || len(ix.primStart) != nt+1 || len(ix.secStart) != nt+1 || len(ix.secF) != len(ix.secE),
		len(ix.v.bstart) != int(ix.v.mask)+2 || len(ix.emailE) != len(ix.emailStr),
		int(ix.tokOff[n]) != len(ix.toks) || int(ix.v.off[nt]) != len(ix.v.arena),
		int(ix.primStart[nt]) != n || int(ix.secStart[nt]) != len(ix.secF),
		int(ix.v.bstart[len(ix.v.bstart)-1]) != len(ix.v.btok),
		len(ix.primDirStart) != nt+1 || len(ix.secDirStart) != nt+1 ||
			len(ix.primDirF) != len(ix.primDirPos) || len(ix.secDirF) != len(ix.secDirPos) ||
			int(ix.primDirStart[nt]) != len(ix.primDirF) || int(ix.secDirStart[nt]) != len(ix.secDirF):
		return errors.New("inconsistent snapshot")
	}
	for i := 1; i <= nt; i++ {
		if ix.v.off[i] < ix.v.off[i-1] {
			return errors.New("inconsistent snapshot")
		}
	}
	return nil
}
