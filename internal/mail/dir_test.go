package mail_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

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
