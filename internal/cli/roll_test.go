package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runRoll(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), append([]string{"roll"}, args...), Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Getenv: func(string) string { return "" },
	})
	return out.String(), errb.String(), code
}

func TestRollCommands(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	csv := filepath.Join(dir, "roll.csv")
	if _, e, code := runRoll(t, "", "generate", "--rows", "3000", "--seed", "3", "--out", csv); code != 0 {
		t.Fatalf("generate: %s", e)
	}
	extra := filepath.Join(dir, "commune.csv")
	os.WriteFile(extra, []byte("nom;prénoms;date de naissance;code commune\nDUPONT;Jean Pierre;02/03/1970;75056\nFUTUR;Marc;01/01/2090;75056\n"), 0o600)
	out, e, code := runRoll(t, "", "import", "--data", data, "--roll", "test", csv, extra)
	if code != 0 {
		t.Fatalf("import: %s", e)
	}
	if !strings.Contains(out, "2 files") || !strings.Contains(e, "rows/s") {
		t.Errorf("import output = %q, stderr = %q", out, e)
	}
	for _, p := range []string{filepath.Join(data, "rolls"), filepath.Join(data, "rolls", "test")} {
		if st, err := os.Stat(p); err != nil || st.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, %v; want 0700", p, st.Mode().Perm(), err)
		}
	}
	for _, f := range []string{"roll.snapshot", "import-report.txt"} {
		st, err := os.Stat(filepath.Join(data, "rolls", "test", f))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want 0600", f, st, err)
		}
	}
	report, _ := os.ReadFile(filepath.Join(data, "rolls", "test", "import-report.txt"))
	if !strings.Contains(string(report), "commune.csv:3: birth date in the future") {
		t.Errorf("report lacks the aberrant row:\n%s", report)
	}

	out, e, code = runRoll(t, "", "search", "--data", data, "--roll", "test", "jean pierre dupomt", "--born", "1970-03-02", "--limit", "3")
	if code != 0 || !strings.Contains(strings.SplitN(out, "\n", 2)[0], "commune.csv:2") {
		t.Errorf("search = %q, %q", out, e)
	}
	out, _, _ = runRoll(t, "", "search", "--data", data, "--roll", "test", "--exact", "jean pierre dupomt")
	if strings.Contains(out, "commune.csv") {
		t.Errorf("exact search listed a non-matching entry: %q", out)
	}

	batch := "jean pierre dupont\t02/03/1970\t75\nmarc futur\t\t\n\t\t\n"
	out, e, code = runRoll(t, batch, "search", "--data", data, "--roll", "test", "--batch", "-", "--limit", "5")
	if code != 0 {
		t.Fatalf("batch: %s", e)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("batch gave %d lines, want 3: %q", len(lines), out)
	}
	var first struct {
		Query   int   `json:"query"`
		Micros  int64 `json:"micros"`
		Results []struct {
			File  string  `json:"file"`
			Line  int     `json:"line"`
			Score float64 `json:"score"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Query != 1 || len(first.Results) == 0 || first.Results[0].File != "commune.csv" || first.Results[0].Line != 2 {
		t.Errorf("batch line 1 = %s", lines[0])
	}
	if !strings.HasPrefix(lines[2], `{"query":3,`) {
		t.Errorf("batch line 3 = %s", lines[2])
	}
	if strings.Contains(e, "dupont") || strings.Contains(e, "futur") {
		t.Errorf("query text logged: %q", e)
	}

	if _, _, code := runRoll(t, "", "delete", "--data", data, "--roll", "test"); code != 0 {
		t.Fatal("delete failed")
	}
	if _, err := os.Stat(filepath.Join(data, "rolls", "test")); !os.IsNotExist(err) {
		t.Errorf("roll still there after delete: %v", err)
	}
	if _, _, code := runRoll(t, "", "search", "--data", data, "--roll", "test", "jean"); code == 0 {
		t.Error("search on a deleted roll succeeded")
	}
	if _, _, code := runRoll(t, "", "import", "--data", data, "--roll", "../evil", csv); code == 0 {
		t.Error("a roll name with a path was accepted")
	}
}
