//go:build !cortege_unsafe

package cli

import "time"

// unsafeLateCommit is zero in every real binary: durability is not a
// setting. See unsafe_on.go.
func unsafeLateCommit() time.Duration { return 0 }
