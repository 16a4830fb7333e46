package cli_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/cli"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// TestMain lets the test binary act as the cortege binary: with
// CORTEGE_TEST_MAIN set, it runs cli.Main with the arguments after "--".
// Tests use it to start real server processes they can kill -9.
func TestMain(m *testing.M) {
	if os.Getenv("CORTEGE_TEST_MAIN") == "1" {
		args := os.Args[1:]
		for i, a := range args {
			if a == "--" {
				args = args[i+1:]
				break
			}
		}
		os.Exit(cli.Main(context.Background(), args, cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
	}
	os.Exit(m.Run())
}

// server is a cortege serve child process.
type server struct {
	cmd *exec.Cmd
	url string
}

var runningAt = regexp.MustCompile(`running at (http://\S+)`)

// startServer runs "cortege serve" as a child process and waits until it
// prints its URL.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^$", "--", "serve", "--listen", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), "CORTEGE_TEST_MAIN=1")
	cmd.Stderr = io.Discard
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if m := runningAt.FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
	}()
	select {
	case u := <-found:
		return &server{cmd: cmd, url: u}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
		return nil
	}
}

func emlFiles(dir string) []string {
	files, _ := filepath.Glob(filepath.Join(dir, "mail", "*.eml"))
	return files
}

// TestJobSurvivesKill9 enqueues a sign-in mail on a server without workers,
// kills it with SIGKILL, and checks that a restarted server sends the mail:
// the job was committed with the request, not held in memory.
func TestJobSurvivesKill9(t *testing.T) {
	data := t.TempDir()
	args := []string{"--data", data}
	if u := testkit.TestDatabaseURL(t); u != "" {
		args = append(args, "--database-url", u)
	}
	s := startServer(t, append(args, "--workers", "0")...)
	resp, err := http.PostForm(s.url+"/login", url.Values{"email": {"durable@example.org"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 400 {
		t.Fatalf("POST /login: %s", resp.Status)
	}
	if n := len(emlFiles(data)); n != 0 {
		t.Fatalf("%d mails sent by a server without workers", n)
	}
	if err := s.cmd.Process.Kill(); err != nil { // SIGKILL: no shutdown code runs
		t.Fatal(err)
	}
	s.cmd.Wait()

	startServer(t, args...)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, f := range emlFiles(data) {
			b, _ := os.ReadFile(f)
			if strings.Contains(string(b), "durable@example.org") && strings.Contains(string(b), "/login/confirm?token=") {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("the job enqueued before kill -9 never ran after restart")
}

// TestServeAnswersHealthAndHome checks the stable contract of a fresh data
// directory: the home page and /healthz answer, and no cookie is set.
func TestServeAnswersHealthAndHome(t *testing.T) {
	args := []string{"--data", t.TempDir()}
	if u := testkit.TestDatabaseURL(t); u != "" {
		args = append(args, "--database-url", u)
	}
	s := startServer(t, args...)
	resp, err := http.Get(s.url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "ok" {
		t.Fatalf("/healthz: %d %q", resp.StatusCode, body)
	}
	resp, err = http.Get(s.url + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || len(resp.Cookies()) != 0 {
		t.Fatalf("/: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Fatalf("CSP = %q", csp)
	}
}
