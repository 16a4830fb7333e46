package reliability

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildCortege builds the cortege binary (with tags, when given) into dir,
// with the environment of the tests, so that the packages they compiled
// come from the build cache.
func buildCortege(t *testing.T, dir string, tags ...string) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	trackSources(t, root)
	bin := filepath.Join(dir, "cortege")
	args := []string{"build", "-o", bin}
	if len(tags) > 0 {
		bin += "-" + strings.Join(tags, "-")
		args = []string{"build", "-tags", strings.Join(tags, ","), "-o", bin}
	}
	cmd := exec.Command("go", append(args, "./cmd/cortege")...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// trackSources stats every file of the module, so that go test's cache
// of a passing run holds only while they are unchanged: the binary the
// harness builds is not part of the test binary go test hashes.
func trackSources(t *testing.T, root string) {
	t.Helper()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if !d.IsDir() {
			_, err = os.Stat(path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// freePort returns a TCP port nothing listens on now, so that every
// restart of a node serves the same base URL.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// node is one cortege serve process over a data folder, started and
// killed again and again.
type node struct {
	bin, data, url, smtp string
	env                  []string // extra environment of serve (not of one-shot commands)
	cmd                  *exec.Cmd
	exited               chan struct{} // closed when the process is reaped
	log                  *os.File
}

func newNode(t *testing.T, bin, smtpURL string) *node {
	t.Helper()
	dir := t.TempDir()
	log, err := os.Create(filepath.Join(dir, "node.log"))
	if err != nil {
		t.Fatal(err)
	}
	n := &node{bin: bin, data: filepath.Join(dir, "data"), url: fmt.Sprintf("http://127.0.0.1:%d", freePort(t)), smtp: smtpURL + "?tls=none", log: log}
	t.Cleanup(func() { n.kill(); log.Close() })
	return n
}

// run runs a one-shot cortege command on the node's data folder.
func (n *node) run(args ...string) (string, error) {
	cmd := exec.Command(n.bin, append(args, "--data", n.data, "--base-url", n.url)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// start runs cortege serve and returns how long it took to answer 200 on
// /healthz, from the moment the process was started.
func (n *node) start() (time.Duration, error) {
	fmt.Fprintf(n.log, "--- start %s\n", time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(n.bin, "serve", "--listen", strings.TrimPrefix(n.url, "http://"), "--data", n.data,
		"--base-url", n.url, "--smtp-url", n.smtp, "--trust-proxy", "--workers", "2", "--log-level", "warn", "--metrics-token", metricsToken)
	cmd.Env = append(os.Environ(), n.env...)
	cmd.Stdout, cmd.Stderr = n.log, n.log
	began := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	n.cmd, n.exited = cmd, make(chan struct{})
	go func(done chan struct{}) { cmd.Wait(); close(done) }(n.exited)
	c := &http.Client{Timeout: time.Second}
	for time.Since(began) < 30*time.Second {
		select {
		case <-n.exited:
			return 0, fmt.Errorf("cortege serve exited at start (see %s)", n.log.Name())
		default:
		}
		if r, err := c.Get(n.url + "/healthz"); err == nil {
			r.Body.Close()
			if r.StatusCode == http.StatusOK {
				return time.Since(began), nil
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
	return 0, fmt.Errorf("no answer on /healthz within 30 s (see %s)", n.log.Name())
}

// kill sends SIGKILL (no shutdown code runs) and waits until the process
// is gone.
func (n *node) kill() {
	if n.cmd == nil {
		return
	}
	n.cmd.Process.Kill()
	<-n.exited
	n.cmd = nil
}

// stop shuts the node down gracefully (SIGTERM), as an operator would.
func (n *node) stop(ctx context.Context) error {
	if n.cmd == nil {
		return nil
	}
	n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.exited:
	case <-ctx.Done():
		n.kill()
		return fmt.Errorf("cortege serve did not stop on SIGTERM")
	}
	n.cmd = nil
	return nil
}

// metricsToken opens /metrics on the node's listener, for commitCounts.
const metricsToken = "harness-metrics-token-0123456789"

// commitCounts reads, from /metrics, the write transactions the running
// process committed: those that shared their commit with others (group
// commit), those committed alone, and the commits.
func (n *node) commitCounts() (shared, alone, commits int, err error) {
	req, err := http.NewRequest(http.MethodGet, n.url+"/metrics", nil)
	if err != nil {
		return 0, 0, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+metricsToken)
	res, err := (&http.Client{Timeout: time.Second}).Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, 0, 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, v, ok := strings.Cut(line, " ")
		x, e := strconv.ParseFloat(v, 64)
		if !ok || e != nil {
			continue
		}
		switch name {
		case `cortege_db_transactions_total{commit="shared"}`:
			shared = int(x)
		case `cortege_db_transactions_total{commit="alone"}`:
			alone = int(x)
		case "cortege_db_commits_total":
			commits = int(x)
		}
	}
	return shared, alone, commits, nil
}
