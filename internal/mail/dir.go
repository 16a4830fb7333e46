package mail

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// Dir is a Transport that writes each message as an RFC 5322 .eml file in a
// folder, so that an instance without an SMTP server still works and tests
// can read what would have been sent. It is safe for concurrent use.
type Dir struct {
	dir string
	now func() time.Time
}

// NewDir returns a transport writing under dir, which is created with mode
// 0700 on first use. Files are mode 0600 and named
// "20261121T054512.123456789Z-<random>.eml", so they sort by time.
func NewDir(dir string) *Dir {
	return &Dir{dir: dir, now: time.Now}
}

// Path returns the folder the messages are written to.
func (d *Dir) Path() string { return d.dir }

// Send writes m atomically: a temporary file is written, synced and renamed,
// so a reader listing *.eml never sees a partial message.
func (d *Dir) Send(ctx context.Context, from Address, m *Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	now := d.now().UTC()
	msg, err := compose(from, m, now)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("mail: encode message: %w", err)
	}
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return fmt.Errorf("mail: create mail folder: %w", err)
	}
	var rnd [6]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return fmt.Errorf("mail: file name: %w", err)
	}
	name := now.Format("20060102T150405.000000000Z") + "-" + hex.EncodeToString(rnd[:]) + ".eml"
	return writeAtomic(filepath.Join(d.dir, name), buf.Bytes())
}

// writeAtomic writes data to path through a hidden temporary file in the
// same folder, then renames it into place and syncs the folder.
func writeAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".tmp-*.part") // CreateTemp uses mode 0600
	if err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(data); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("mail: write message: %w", err)
	}
	if d, derr := os.Open(dir); derr == nil { // make the rename durable; best effort
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
