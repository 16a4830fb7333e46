package cli_test

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/store"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestServeRecoversAfterKill9: a process killed while it held a mail job
// and was writing a mail file leaves both behind; the next start of the
// same node removes the temporary file and runs the job at once, not
// when its five-minute lease runs out.
func TestServeRecoversAfterKill9(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	args := []string{"--data", data}
	dbURL := testkit.TestDatabaseURL(t)
	if dbURL != "" {
		args = append(args, "--database-url", dbURL)
	} else {
		dbURL = store.SQLitePath(data)
	}
	s := startServer(t, append(args, "--workers", "0")...)
	resp, err := http.PostForm(s.url+"/login", url.Values{"email": {"held@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	s.cmd.Process.Kill()
	s.cmd.Wait()

	// What the killed process held: the job, leased to its boot, and a
	// half-written mail file in its slot's name.
	id, err := os.ReadFile(filepath.Join(data, "node.id"))
	if err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	host = strings.NewReplacer("/", "-", ":", "-").Replace(host)
	db, err := store.Open(ctx, store.Config{URL: dbURL})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Prepare(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Q().ClaimJob(ctx, host+":"+strings.TrimSpace(string(id))+":1/killed-boot", 5*time.Minute); err != nil {
		t.Fatal(err)
	}
	db.Close()
	temp := filepath.Join(data, "mail", ".tmp-s1-123456.part")
	os.MkdirAll(filepath.Dir(temp), 0o700)
	if err := os.WriteFile(temp, []byte("From: half a mess"), 0o600); err != nil {
		t.Fatal(err)
	}

	startServer(t, args...)
	if _, err := os.Stat(temp); !os.IsNotExist(err) {
		t.Errorf("the temporary mail file of the killed process is still there (%v)", err)
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		for _, f := range emlFiles(data) {
			if b, _ := os.ReadFile(f); strings.Contains(string(b), "held@example.org") {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the job the killed process held did not run at restart (waiting for its lease?)")
}
