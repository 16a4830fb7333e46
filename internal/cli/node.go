package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"log/slog"

	"codeberg.org/cortege/cortege/internal/jobs"
	"codeberg.org/cortege/cortege/internal/mail"
	"codeberg.org/cortege/cortege/internal/service"
)

// maxSlots bounds how many serve processes may share one data folder.
const maxSlots = 64

// nodeSlot is a serve process's claim on one slot of its data folder. The
// slot's lock file is held (flock) for the life of the process and the
// kernel lets it go when the process dies, even by kill -9; so whoever
// takes a slot knows that every earlier holder is dead, and may take back
// at once the jobs they leased and remove their temporary files.
//
// The node's name is "host:id:slot": the host name, a random ID kept in
// DATA/node.id (so two data folders on one host differ) and the slot.
// Nodes of other data folders or hosts never share it, so their leases
// are left to run out. A data folder copied to make a new node must lose
// its node.id (docs/reliability.md).
type nodeSlot struct {
	Name  string // the node's name, given to the job runner
	Owner string // "s<slot>", the tag of this slot's temporary mail files
	// Exclusive is false where locks are not available (not Unix): then
	// nothing proves earlier holders dead and nothing is reclaimed.
	Exclusive bool
	f         *os.File
}

// claimSlot takes the first free slot of the data folder.
func claimSlot(data string) (*nodeSlot, error) {
	id, err := nodeID(filepath.Join(data, "node.id"))
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	host = strings.NewReplacer("/", "-", ":", "-").Replace(host)
	dir := filepath.Join(data, "locks")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("lock folder: %w", err)
	}
	for slot := 1; slot <= maxSlots; slot++ {
		f, err := os.OpenFile(filepath.Join(dir, "serve-"+strconv.Itoa(slot)+".lock"), os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			return nil, fmt.Errorf("lock file: %w", err)
		}
		held, supported, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", f.Name(), err)
		}
		if held {
			f.Close()
			continue
		}
		s := &nodeSlot{Name: host + ":" + id + ":" + strconv.Itoa(slot), Owner: "s" + strconv.Itoa(slot), Exclusive: supported, f: f}
		if !supported {
			// No lock to prove the slot free: a name of its own, so
			// nothing of another process is ever taken.
			s.Name, s.Owner = s.Name+":"+strconv.Itoa(os.Getpid()), ""
		}
		return s, nil
	}
	return nil, fmt.Errorf("%d serve processes already use the data folder %s", maxSlots, data)
}

// Release lets the slot go (the kernel would at exit anyway).
func (s *nodeSlot) Release() error { return s.f.Close() }

// nodeID reads the data folder's node ID, making it on first use.
func nodeID(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err == nil {
		id := strings.TrimSpace(string(b))
		if len(id) < 8 || strings.ContainsAny(id, "/: \t") {
			return "", fmt.Errorf("%s: not a node ID (delete it to make a new one)", path)
		}
		return id, nil
	}
	if !os.IsNotExist(err) {
		return "", err
	}
	var r [8]byte
	rand.Read(r[:])
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if os.IsExist(err) { // another process made it first
		return nodeID(path)
	}
	if err != nil {
		return "", err
	}
	id := hex.EncodeToString(r[:])
	if _, err := f.WriteString(id + "\n"); err != nil {
		f.Close()
		return "", err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return "", err
	}
	return id, f.Close()
}

// staleTempAge is how old another slot's temporary mail file must be to
// be removed: writing one takes milliseconds.
const staleTempAge = time.Hour

// recoverSlot cleans up after the slot's previous holder, known dead once
// the slot is held: the jobs it leased are queued again at once and the
// temporary mail files it left are removed (with those of any slot older
// than staleTempAge).
func recoverSlot(ctx context.Context, log *slog.Logger, slot *nodeSlot, r *jobs.Runner, m service.Mailer) error {
	if d, ok := m.Transport.(*mail.Dir); ok {
		n, err := d.RemoveStale(staleTempAge)
		if err != nil {
			return err
		}
		if n > 0 {
			log.Info("stale temporary mail files removed", "files", n)
		}
	}
	if !slot.Exclusive {
		return nil
	}
	_, err := r.Reclaim(ctx)
	return err
}
