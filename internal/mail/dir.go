package mail

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Dir is a Transport that writes each message as an RFC 5322 .eml file in a
// folder, so that an instance without an SMTP server still works and tests
// can read what would have been sent. It is safe for concurrent use.
type Dir struct {
	dir   string
	owner string // tags temporary files, see WithOwner
	now   func() time.Time
}

// NewDir returns a transport writing under dir, which is created with mode
// 0700 on first use. Files are mode 0600 and named
// "20261121T054512.123456789Z-<12 hex digits>.eml" after the message's
// Date and Message-ID, so they sort by time and a message sent twice with
// the same ID and Date is one file.
func NewDir(dir string) *Dir {
	return &Dir{dir: dir, now: time.Now}
}

// WithOwner returns a copy of d whose temporary files carry owner in their
// name (serve gives its slot of the data folder), so that RemoveStale can
// tell those a killed previous holder of the slot left behind.
func (d *Dir) WithOwner(owner string) *Dir {
	c := *d
	c.owner = owner
	return &c
}

// Path returns the folder the messages are written to.
func (d *Dir) Path() string { return d.dir }

// Send writes m atomically: a temporary file is written, synced and renamed,
// so a reader listing *.eml never sees a partial message.
func (d *Dir) Send(ctx context.Context, from Address, m *Message) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if m != nil && (m.ID == "" || m.Date.IsZero()) {
		c := *m
		if c.ID == "" {
			id, err := NewMessageID(from.Email)
			if err != nil {
				return err
			}
			c.ID = id
		}
		if c.Date.IsZero() {
			c.Date = d.now()
		}
		m = &c
	}
	msg, err := compose(from, m, time.Time{})
	if err != nil {
		return err
	}
	sum := sha256.Sum256([]byte(m.ID))
	path := filepath.Join(d.dir, m.Date.UTC().Format("20060102T150405.000000000Z")+"-"+hex.EncodeToString(sum[:6])+".eml")
	if _, err := os.Stat(path); err == nil {
		return nil // written by an earlier try: sending it again is a no-op
	}
	var buf bytes.Buffer
	if _, err := msg.WriteTo(&buf); err != nil {
		return fmt.Errorf("mail: encode message: %w", err)
	}
	if err := os.MkdirAll(d.dir, 0o700); err != nil {
		return fmt.Errorf("mail: create mail folder: %w", err)
	}
	return writeAtomic(path, buf.Bytes(), d.tempPattern())
}

// tempPattern is the os.CreateTemp pattern of d's temporary files.
func (d *Dir) tempPattern() string {
	if d.owner == "" {
		return ".tmp-*.part"
	}
	return ".tmp-" + d.owner + "-*.part"
}

// RemoveStale deletes the temporary files a crashed writer left in the
// folder: every one of d's owner (call it when the owner is known dead,
// at start with the slot's lock held) and any other older than age (a
// write takes milliseconds). Messages are never touched. It returns how
// many files it removed.
func (d *Dir) RemoveStale(age time.Duration) (int, error) {
	entries, err := os.ReadDir(d.dir)
	if os.IsNotExist(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("mail: read mail folder: %w", err)
	}
	mine := ""
	if d.owner != "" {
		mine = ".tmp-" + d.owner + "-"
	}
	n := 0
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, ".tmp-") || !strings.HasSuffix(name, ".part") || e.IsDir() {
			continue
		}
		if mine == "" || !strings.HasPrefix(name, mine) {
			info, err := e.Info()
			if err != nil || d.now().Sub(info.ModTime()) < age {
				continue
			}
		}
		if err := os.Remove(filepath.Join(d.dir, name)); err == nil {
			n++
		} else if !os.IsNotExist(err) {
			return n, fmt.Errorf("mail: remove stale file: %w", err)
		}
	}
	return n, nil
}

// writeAtomic writes data to path through a hidden temporary file in the
// same folder, then renames it into place and syncs the folder.
func writeAtomic(path string, data []byte, pattern string) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, pattern) // CreateTemp uses mode 0600
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
