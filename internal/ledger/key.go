package ledger

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// KeyFile is the name of the instance's log-signing key under the data dir.
const KeyFile = "ledger.key"

// Key is the instance's Ed25519 log-signing key.
type Key struct {
	Signer note.Signer
	Public string // verifier key "name+hash+base64", published beside every log
}

// LoadOrCreateKey reads dir/ledger.key, or creates it (mode 0600, never
// overwriting) with a new Ed25519 key named name, typically the instance's
// host. A key keeps the name it was made with: logs signed before a change
// of host still verify. The file holds the note private key string
// ("PRIVATE+KEY+name+hash+base64").
func LoadOrCreateKey(dir, name string) (Key, error) {
	path := filepath.Join(dir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		skey, _, gerr := note.GenerateKey(rand.Reader, name)
		if gerr != nil {
			return Key{}, fmt.Errorf("ledger: key name %q: %w", name, gerr)
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return Key{}, err
		}
		f, ferr := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if ferr != nil {
			if errors.Is(ferr, fs.ErrExist) { // another process made it first
				return LoadOrCreateKey(dir, name)
			}
			return Key{}, ferr
		}
		_, werr := f.WriteString(skey + "\n")
		if serr := f.Sync(); werr == nil {
			werr = serr
		}
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return Key{}, werr
		}
		b = []byte(skey + "\n")
	} else if err != nil {
		return Key{}, err
	}
	if fi, err := os.Stat(path); err == nil && fi.Mode().Perm()&0o077 != 0 {
		return Key{}, fmt.Errorf("ledger: %s is readable by others (mode %v): chmod 600 it", path, fi.Mode().Perm())
	}
	return ParseKey(strings.TrimSpace(string(b)))
}

// ParseKey reads a note private key string.
func ParseKey(skey string) (Key, error) {
	s, err := note.NewSigner(skey)
	if err != nil {
		return Key{}, fmt.Errorf("ledger: key file: %w", err)
	}
	vkey, err := verifierKey(skey)
	if err != nil {
		return Key{}, err
	}
	return Key{Signer: s, Public: vkey}, nil
}

// verifierKey derives "name+hash+base64(0x01 ‖ public key)" from a private
// key string "PRIVATE+KEY+name+hash+base64(0x01 ‖ seed)".
func verifierKey(skey string) (string, error) {
	rest, ok := strings.CutPrefix(skey, "PRIVATE+KEY+")
	parts := strings.SplitN(rest, "+", 3)
	if !ok || len(parts) != 3 {
		return "", errors.New("ledger: key file is not a note private key")
	}
	seed, err := decodeKeyData(parts[2])
	if err != nil {
		return "", err
	}
	return note.NewEd25519VerifierKey(parts[0], seed.Public().(ed25519.PublicKey))
}

// decodeKeyData reads base64(0x01 ‖ 32-byte Ed25519 seed).
func decodeKeyData(s string) (ed25519.PrivateKey, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != 1+ed25519.SeedSize || b[0] != 1 {
		return nil, errors.New("ledger: key file does not hold an Ed25519 key")
	}
	return ed25519.NewKeyFromSeed(b[1:]), nil
}
