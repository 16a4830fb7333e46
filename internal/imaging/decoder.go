package imaging

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"runtime"
	"time"

	"golang.org/x/image/webp"
)

// ErrBusy is returned when every decoding slot stayed taken for the
// Decoder's whole wait: the caller should try again in a moment.
var ErrBusy = errors.New("imaging: too many pictures being processed")

// Decoder decodes uploads within limits, at most a fixed number at once:
// a decoded picture may take DecodeBudget bytes, so the slots bound what
// pictures can take of the process's memory whatever the traffic. A few
// more uploads may wait for a slot (their files are in memory meanwhile);
// beyond those, or after the wait, the answer is ErrBusy at once. One
// Decoder serves the whole process.
type Decoder struct {
	limits Limits
	admit  chan struct{} // slots + queue: uploads in hand
	slots  chan struct{} // pictures decoding
	wait   time.Duration
}

// DefaultQueue is how many uploads may wait for a decoding slot.
const DefaultQueue = 4

// NewDecoder returns a Decoder with the given limits, concurrent slots (at
// least 1), uploads allowed to wait for one (queue; negative for none)
// and how long they wait before ErrBusy.
func NewDecoder(l Limits, slots, queue int, wait time.Duration) *Decoder {
	slots = max(1, slots)
	return &Decoder{limits: l.withDefaults(), admit: make(chan struct{}, slots+max(0, queue)),
		slots: make(chan struct{}, slots), wait: wait}
}

// Busy reports whether an upload would be refused at once for want of
// room (every slot taken and the queue full): a caller can say so before
// it reads a large file into memory.
func (d *Decoder) Busy() bool { return len(d.admit) == cap(d.admit) }

// Limits are the decoder's limits, defaults filled in.
func (d *Decoder) Limits() Limits { return d.limits }

// Do inspects data, refusing at once what its header says is too costly;
// then it waits for a slot (at most the Decoder's wait, or until ctx
// ends), decodes, and runs fn on the picture while still holding the slot,
// so the picture and what fn makes of it count within the bound.
func (d *Decoder) Do(ctx context.Context, data []byte, fn func(h *Header, src image.Image) error) error {
	h, err := Inspect(data, d.limits)
	if err != nil {
		return err
	}
	select {
	case d.admit <- struct{}{}:
		defer func() { <-d.admit }()
	default:
		return ErrBusy // enough uploads wait already
	}
	if err := d.acquire(ctx); err != nil {
		return err
	}
	defer d.release(h)
	src, err := decode(h, data)
	if err != nil {
		return err
	}
	return fn(h, src)
}

func (d *Decoder) acquire(ctx context.Context) error {
	select {
	case d.slots <- struct{}{}:
		return nil
	default:
	}
	t := time.NewTimer(d.wait)
	defer t.Stop()
	select {
	case d.slots <- struct{}{}:
		return nil
	case <-t.C:
		return ErrBusy
	case <-ctx.Done():
		return ErrBusy
	}
}

// bigDecode is the size from which a finished decode asks for a garbage
// collection: the next picture then reuses the memory this one freed
// instead of the heap growing to twice the pictures in flight.
const bigDecode = 16 << 20

func (d *Decoder) release(h *Header) {
	<-d.slots
	if h.Cost >= bigDecode {
		runtime.GC()
	}
}

// decode decodes data with the decoder of the format Inspect found (never
// another one a package might have registered).
func decode(h *Header, data []byte) (image.Image, error) {
	r := bytes.NewReader(data)
	var m image.Image
	var err error
	switch h.Format {
	case "png":
		m, err = png.Decode(r)
	case "jpeg":
		m, err = jpeg.Decode(r)
	case "gif":
		m, err = gif.Decode(r) // the first frame only
	case "webp":
		m, err = webp.Decode(r)
	default:
		return nil, ErrUnsupported
	}
	if err != nil {
		return nil, decodeError(err)
	}
	if b := m.Bounds(); b.Dx() > h.Width || b.Dy() > h.Height {
		return nil, ErrUnsupported
	}
	return m, nil
}
