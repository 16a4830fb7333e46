//go:build cortege_unsafe

package cli

import (
	"fmt"
	"os"
	"time"
)

// unsafeLateCommit reads CORTEGE_UNSAFE_LATE_COMMIT (a duration) in
// binaries built with -tags cortege_unsafe, which only the kill -9
// harness builds: its negative control makes the server acknowledge
// writes before committing them, and the harness must report them lost.
func unsafeLateCommit() time.Duration {
	d, err := time.ParseDuration(os.Getenv("CORTEGE_UNSAFE_LATE_COMMIT"))
	if err != nil || d <= 0 {
		return 0
	}
	fmt.Fprintf(os.Stderr, "UNSAFE TEST BUILD: writes are acknowledged %v before they are committed\n", d)
	return d
}
