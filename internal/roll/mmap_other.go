//go:build !linux

package roll

import "os"

// mapFile reads path into memory where mmap is not wired up.
func mapFile(path string) ([]byte, func() error, error) {
	data, err := os.ReadFile(path)
	return data, func() error { return nil }, err
}
