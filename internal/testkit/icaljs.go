package testkit

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// EnvICALJS set to "required" turns a missing ical.js into a failure
// (CI); EnvICALJSDir names the folder holding node_modules/ical.js.
const (
	EnvICALJS    = "CORTEGE_ICALJS"
	EnvICALJSDir = "CORTEGE_ICALJS_DIR"
)

// ICALJS parses an iCalendar document with Mozilla's ical.js (npm) and
// returns what internal/ics/testdata/icaljs_check.cjs prints: a JSON
// array with one object per VEVENT, as a calendar program reads it. The
// module comes from CORTEGE_ICALJS_DIR, else internal/ics/testdata after
// `npm install --prefix internal/ics/testdata ical.js`; without node or
// the module the test is skipped, or fails with CORTEGE_ICALJS=required.
func ICALJS(t testing.TB, cal []byte) []byte {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	testdata := filepath.Join(filepath.Dir(here), "..", "ics", "testdata")
	dir := os.Getenv(EnvICALJSDir)
	if dir == "" {
		dir = testdata
	}
	node, err := exec.LookPath("node")
	_, modErr := os.Stat(filepath.Join(dir, "node_modules", "ical.js", "dist", "ical.es5.cjs"))
	if err != nil || modErr != nil {
		if os.Getenv(EnvICALJS) == "required" {
			t.Fatalf("ical.js required but unavailable (node: %v, module in %s: %v)", err, dir, modErr)
		}
		t.Skip("node or ical.js not installed; npm install --prefix internal/ics/testdata ical.js")
	}
	cmd := exec.Command(node, filepath.Join(testdata, "icaljs_check.cjs"), dir)
	cmd.Stdin = bytes.NewReader(cal)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("ical.js: %v\n%s\n%s", err, stderr.String(), cal)
	}
	return out
}
