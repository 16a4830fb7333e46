package mail_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/mail"
)

var emlName = regexp.MustCompile(`^\d{8}T\d{6}\.\d{9}Z-[0-9a-f]{12}\.eml$`)

func TestDirSend(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "mail")
	d := mail.NewDir(dir)
	m := &mail.Message{
		To: mail.Address{Name: "Ada", Email: "ada@example.org"}, Subject: "Connexion à Cortège",
		Text: "Lien : https://cortege.example/login/abc\n", HTML: "<p>Lien</p>", Lang: "fr",
	}
	if err := d.Send(context.Background(), testFrom, m); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Fatalf("folder mode = %v (%v), want 0700", st.Mode().Perm(), err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("files = %v, want exactly one (no temporary left)", entries)
	}
	if !emlName.MatchString(entries[0].Name()) {
		t.Errorf("file name %q does not match %v", entries[0].Name(), emlName)
	}
	info, _ := entries[0].Info()
	if info.Mode().Perm() != 0o600 {
		t.Errorf("file mode = %v, want 0600", info.Mode().Perm())
	}
	_, msgs := readDir(t, dir)
	r := msgs[0]
	if r.Subject != m.Subject || r.Header.Get("To") != "\"Ada\" <ada@example.org>" && r.Header.Get("To") != "Ada <ada@example.org>" {
		t.Errorf("Subject = %q, To = %q", r.Subject, r.Header.Get("To"))
	}
	if links := r.Links(); len(links) != 1 || links[0] != "https://cortege.example/login/abc" {
		t.Errorf("Links = %q", links)
	}
	if r.Header.Get("Auto-Submitted") != "auto-generated" || !strings.HasSuffix(r.Header.Get("Message-Id"), "@cortege.example>") {
		t.Errorf("headers = %v", r.Header)
	}
}

func TestDirNamesUniqueAndSorted(t *testing.T) {
	dir := t.TempDir()
	d := mail.NewDir(dir)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := &mail.Message{To: mail.Address{Email: "ada@example.org"}, Subject: "n", Text: strings.Repeat("x", i+1)}
			if err := d.Send(context.Background(), testFrom, m); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	names, msgs := readDir(t, dir)
	if len(names) != 20 {
		t.Fatalf("%d files, want 20", len(names))
	}
	ids := map[string]bool{}
	for _, r := range msgs {
		ids[r.Header.Get("Message-Id")] = true
	}
	if len(ids) != 20 {
		t.Errorf("%d distinct Message-IDs, want 20", len(ids))
	}
	// Sequential sends sort in sending order.
	seq := t.TempDir()
	d = mail.NewDir(seq)
	for _, s := range []string{"a", "b", "c", "d"} {
		if err := d.Send(context.Background(), testFrom, &mail.Message{To: mail.Address{Email: "a@example.org"}, Subject: s, Text: s}); err != nil {
			t.Fatal(err)
		}
	}
	names, msgs = readDir(t, seq)
	if !sort.StringsAreSorted(names) {
		t.Errorf("names not sorted: %v", names)
	}
	var order string
	for _, r := range msgs {
		order += r.Subject
	}
	if order != "abcd" {
		t.Errorf("order by name = %q, want abcd", order)
	}
}

func TestDirInvalidMessageWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "mail")
	err := mail.NewDir(dir).Send(context.Background(), testFrom, &mail.Message{To: mail.Address{Email: "bad"}, Text: "x"})
	if err == nil {
		t.Fatal("want error")
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("folder created for an invalid message: %v", err)
	}
}

// TestDirResendIsNoOp: a message sent again with the Message-ID and Date
// recorded before the first try (a job run again after a crash) is
// written once; the file is named by them.
func TestDirResendIsNoOp(t *testing.T) {
	dir := t.TempDir()
	d := mail.NewDir(dir)
	id, err := mail.NewMessageID(testFrom.Email)
	if err != nil || !strings.HasSuffix(id, "@cortege.example") || strings.ContainsAny(id, "<> ") {
		t.Fatalf("NewMessageID = %q, %v", id, err)
	}
	at := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
	for _, text := range []string{"first try", "second try after a crash"} {
		m := &mail.Message{To: mail.Address{Email: "ada@example.org"}, Subject: "s", Text: text, ID: id, Date: at}
		if err := d.Send(context.Background(), testFrom, m); err != nil {
			t.Fatal(err)
		}
	}
	names, msgs := readDir(t, dir)
	if len(names) != 1 {
		t.Fatalf("%d files for one message sent twice, want 1", len(names))
	}
	if got := msgs[0].Header.Get("Message-Id"); got != "<"+id+">" || msgs[0].Text != "first try" {
		t.Errorf("Message-Id = %q, text %q", got, msgs[0].Text)
	}
	if !strings.HasPrefix(filepath.Base(names[0]), "20260501T080000.000000000Z-") || !emlName.MatchString(filepath.Base(names[0])) {
		t.Errorf("file name %q", names[0])
	}
	// Another message at the same instant is another file.
	other, _ := mail.NewMessageID(testFrom.Email)
	d.Send(context.Background(), testFrom, &mail.Message{To: mail.Address{Email: "ada@example.org"}, Subject: "s", Text: "x", ID: other, Date: at})
	if names, _ := readDir(t, dir); len(names) != 2 {
		t.Errorf("%d files, want 2", len(names))
	}
	for _, bad := range []string{"<x@y>", "no-at", "a b@c", "x@y\r\nBcc: z@w"} {
		m := &mail.Message{To: mail.Address{Email: "ada@example.org"}, Subject: "s", Text: "x", ID: bad}
		if err := d.Send(context.Background(), testFrom, m); !errors.Is(err, mail.ErrInvalidMessage) {
			t.Errorf("Message-ID %q: err = %v, want ErrInvalidMessage", bad, err)
		}
	}
}

// TestDirRemoveStale: at start, the temporary files the killed previous
// holder of this slot left are removed at once, those of other slots only
// once old; messages are never touched.
func TestDirRemoveStale(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-2 * time.Hour)
	files := map[string]bool{ // name → removed
		".tmp-s1-123.part": true,  // this slot's, fresh: its writer is dead
		".tmp-s2-456.part": false, // another live slot's, fresh
		".tmp-s2-789.part": true,  // another slot's, two hours old
		".tmp-legacy.part": true,  // an older version's, two hours old
		"20260501T080000.000000000Z-0123456789ab.eml": false,
	}
	for name := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if name != ".tmp-s1-123.part" && name != ".tmp-s2-456.part" {
			os.Chtimes(p, old, old)
		}
	}
	n, err := mail.NewDir(dir).WithOwner("s1").RemoveStale(time.Hour)
	if err != nil || n != 3 {
		t.Fatalf("RemoveStale = %d, %v; want 3", n, err)
	}
	for name, removed := range files {
		_, err := os.Stat(filepath.Join(dir, name))
		if gone := os.IsNotExist(err); gone != removed {
			t.Errorf("%s: removed = %v, want %v", name, gone, removed)
		}
	}
	// A folder not made yet has nothing stale.
	if n, err := mail.NewDir(filepath.Join(dir, "none")).RemoveStale(time.Hour); n != 0 || err != nil {
		t.Errorf("missing folder: %d, %v", n, err)
	}
}
