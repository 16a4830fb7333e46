//go:build unix

package cli

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes an exclusive flock on f without waiting; held reports that
// another open file (another live process) has it.
func tryLock(f *os.File) (held, supported bool, err error) {
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	switch {
	case err == nil:
		return false, true, nil
	case errors.Is(err, syscall.EWOULDBLOCK):
		return true, true, nil
	}
	return false, true, err
}
