package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/cli"
	"codeberg.org/cortege/cortege/internal/imaging/imagingtest"
	"codeberg.org/cortege/cortege/internal/testkit"
)

// uploadMemoryCeiling is what the whole server process may reach while
// twenty clients upload the corpus at once.
const uploadMemoryCeiling = 300 << 20

// procStatus reads a field of /proc/PID/status in bytes (VmRSS, VmHWM).
func procStatus(t *testing.T, pid int, field string) int64 {
	t.Helper()
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return kb << 10
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// uploadStats counts what the clients were answered.
type uploadStats struct {
	stored, refused, busy, limited, failed atomic.Int64
}

// send performs req, again after Retry-After while the server is busy
// (503), as a client should; it returns the final status.
func (st *uploadStats) send(t *testing.T, mk func() *http.Request) int {
	for attempt := 0; ; attempt++ {
		resp, err := http.DefaultClient.Do(mk())
		if err != nil {
			t.Error(err)
			return 0
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable || attempt == 30 {
			return resp.StatusCode
		}
		st.busy.Add(1)
		wait, _ := strconv.Atoi(resp.Header.Get("Retry-After"))
		time.Sleep(time.Duration(min(max(wait, 1), 5)) * time.Second)
	}
}

// TestUploadMemory is the Must-show of issue 11: the real server (this
// binary run as "cortege serve", default settings) while 20 clients at
// once upload the whole corpus — the review's 308 KB 16-bit PNG of
// 6300×6300 among it, also sent anonymously as an event's picture, which
// took four uploads past 4 GB — never holds more than 300 MB, read from
// the kernel's own account of the process (VmHWM, its peak resident set).
func TestUploadMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server and uploads the corpus 20 times (make reliability)")
	}
	corpus := imagingtest.Corpus()
	data := t.TempDir()
	args := []string{"--data", data}
	if u := testkit.TestDatabaseURL(t); u != "" {
		args = append(args, "--database-url", u)
	}
	const clients = 20
	tokens := make([]string, clients)
	for i := range tokens {
		var out, errs bytes.Buffer
		if code := cli.Main(context.Background(), append([]string{"token", "create", "--email", fmt.Sprintf("client%d@example.org", i)}, args...), cli.Env{Stdout: &out, Stderr: &errs}); code != 0 {
			t.Fatalf("token create: %d %s", code, errs.String())
		}
		tokens[i] = strings.TrimSpace(out.String())
	}
	s := startServer(t, append(args, "--trust-proxy")...)
	pid := s.cmd.Process.Pid
	base := procStatus(t, pid, "VmRSS")

	var st uploadStats
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			ip := fmt.Sprintf("198.51.%d.1", 100+c)
			group := createGroup(t, s.url, tokens[c], ip, fmt.Sprintf("charge%d", c))
			for i, it := range corpus {
				if it.Name == "too-large" && c%4 != 0 {
					continue // five clients send the 11 MB file
				}
				code := st.send(t, func() *http.Request {
					req, _ := http.NewRequest(http.MethodPut, s.url+"/api/v1/groups/"+group+"/avatar", bytes.NewReader(it.Data))
					req.Header.Set("Authorization", "Bearer "+tokens[c])
					req.Header.Set("Content-Type", it.Type)
					req.Header.Set("X-Forwarded-For", ip)
					return req
				})
				st.count(t, it, code)
				if it.Name == "png-16bit-bomb" || it.Name == "jpeg-12mp" {
					// The anonymous path of the finding: POST /events with a picture.
					code := st.send(t, func() *http.Request { return anonymousEvent(s.url, fmt.Sprintf("203.0.%d.%d", c, i), c, it) })
					st.count(t, it, code)
				}
			}
		}(c)
	}
	wg.Wait()
	peak := procStatus(t, pid, "VmHWM")
	testkit.Figures(t, fmt.Sprintf("uploads under load: 20 clients, %d corpus files each (the 308 KB 6300×6300 16-bit PNG among them) in %v: %d stored, %d refused, %d rate-limited, %d answers 503 then retried, %d failures\nserver memory: %d MB resident at start, peak %d MB (VmHWM), ceiling %d MB",
		len(corpus), time.Since(start).Round(time.Second), st.stored.Load(), st.refused.Load(), st.limited.Load(), st.busy.Load(), st.failed.Load(),
		base>>20, peak>>20, uploadMemoryCeiling>>20))
	if st.failed.Load() > 0 {
		t.Errorf("%d uploads answered otherwise than stored or refused", st.failed.Load())
	}
	if peak >= uploadMemoryCeiling {
		t.Fatalf("peak resident memory %d MB, over %d MB", peak>>20, uploadMemoryCeiling>>20)
	}
}

// count records the final answer to one upload of it.
func (st *uploadStats) count(t *testing.T, it imagingtest.Item, code int) {
	switch {
	case code == http.StatusTooManyRequests:
		st.limited.Add(1)
	case it.Picture && (code == http.StatusOK || code == http.StatusSeeOther):
		st.stored.Add(1)
	case !it.Picture && code >= 400 && code < 500:
		st.refused.Add(1)
	case it.Name == "zero-byte" && code == http.StatusOK: // an event without picture
		st.refused.Add(1)
	case it.Type == "text/html" && code == http.StatusUnsupportedMediaType:
		st.refused.Add(1)
	default:
		st.failed.Add(1)
		t.Errorf("%s: answered %d", it.Name, code)
	}
}

// createGroup creates a group through the API and returns its ID.
func createGroup(t *testing.T, base, token, ip, handle string) string {
	body, _ := json.Marshal(map[string]string{"handle": handle, "name": "Charge " + handle, "visibility": "public", "join_mode": "open"})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/groups", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", ip)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var g struct{ ID string }
	if err := json.NewDecoder(resp.Body).Decode(&g); err != nil || g.ID == "" {
		t.Fatalf("create group: %d %v", resp.StatusCode, err)
	}
	return g.ID
}

// anonymousEvent is the event form posted without an account, with it as
// the picture.
func anonymousEvent(base, ip string, c int, it imagingtest.Item) *http.Request {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range map[string]string{"email": fmt.Sprintf("anon%d-%s@example.org", c, it.Name), "title": "Rassemblement", "tz": "Europe/Paris",
		"start": time.Now().Add(72 * time.Hour).Format("2006-01-02T15:04"), "place_area": "Lyon", "publish": "1"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("picture", it.File)
	fw.Write(it.Data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/events", &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Forwarded-For", ip)
	return req
}
