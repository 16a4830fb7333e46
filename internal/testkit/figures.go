package testkit

import (
	"fmt"
	"os"
	"testing"
	"time"
)

// EnvFigures names the file the test scripts print after a pass: go test
// shows nothing of a passing package, so a test's measured figures (the
// reliability battery's) are appended there too.
const EnvFigures = "CORTEGE_RELIABILITY_FIGURES"

// Figures logs a test's figures and appends them to the file of
// EnvFigures when it is set.
func Figures(t testing.TB, text string) {
	t.Helper()
	t.Log("\n" + text)
	p := os.Getenv(EnvFigures)
	if p == "" {
		return
	}
	if fh, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644); err == nil {
		fmt.Fprintf(fh, "%s (%s)\n%s\n", t.Name(), time.Now().UTC().Format("2006-01-02 15:04 MST"), text)
		fh.Close()
	}
}
