package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTargetsImport(t *testing.T) {
	args := dbArgs(t)
	code, out, errs := run(t, nil, append([]string{"targets", "import", "../../testdata/targets.csv"}, args...)...)
	if code != 0 || !strings.Contains(out, "targets imported") || !strings.Contains(out, "0 updated") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, nil, append([]string{"targets", "import", "../../testdata/targets.csv"}, args...)...)
	if code != 0 || !strings.Contains(out, ": 0 new") {
		t.Fatalf("again: %d %q %q", code, out, errs)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("id,name,kind,email,area\nok,Bon,official,a@example.org,national\nx,,official,a@example.org,national\ny,Y,official,pas-une-adresse,national\n"), 0o600)
	code, out, errs = run(t, nil, append([]string{"targets", "import", bad}, args...)...)
	if code == 0 || !strings.Contains(errs, "line 3, column name: Give the addressee’s name.") ||
		!strings.Contains(errs, "line 4, column email:") || !strings.Contains(errs, "nothing imported") {
		t.Fatalf("bad file: %d %q %q", code, out, errs)
	}
	os.WriteFile(bad, []byte("id,name,kind,area,colour\n"), 0o600)
	code, _, errs = run(t, nil, append([]string{"targets", "import", bad}, args...)...)
	if code == 0 || !strings.Contains(errs, "line 1, column colour: Unknown column") {
		t.Fatalf("unknown column: %d %q", code, errs)
	}
	os.WriteFile(bad, []byte("# only a comment\n"), 0o600)
	code, _, errs = run(t, nil, append([]string{"targets", "import", bad}, args...)...)
	if code == 0 || !strings.Contains(errs, bad+": This file holds no addressee.") {
		t.Fatalf("empty file: %d %q", code, errs)
	}
	if code, _, _ := run(t, nil, "targets"); code != 1 {
		t.Fatalf("no subcommand: %d", code)
	}
	if code, _, errs := run(t, nil, "targets", "--help"); code != 0 || !strings.Contains(errs, "targets import FILE") {
		t.Fatalf("help: %d %q", code, errs)
	}
}
