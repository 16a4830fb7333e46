package web_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// TestTypographyAndPlurals reads pages in both languages: English labels
// take their colon without a space ("Assigned to: "), French with a no-break
// space; every count takes the plural form its number asks for (French
// singular for 0 and 1).
func TestTypographyAndPlurals(t *testing.T) {
	t.Parallel()
	w := newGroupWorld(t)
	ctx := context.Background()
	if _, err := w.app.Service.CreateTask(ctx, w.actors["alice"], w.ids["list-velo"], service.TaskInput{Title: "Banderole", AssigneeID: w.ids["bob"]}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.app.Service.CreateGroup(ctx, w.actors["carol"], service.GroupInput{Handle: "seule", Name: "Seule", Visibility: cortege.VisibilityPublic, JoinMode: cortege.JoinOpen}); err != nil {
		t.Fatal(err)
	}
	if err := w.app.Service.SetLanguage(ctx, w.actors["bob"], "en"); err != nil {
		t.Fatal(err)
	}
	w.run([]groupCase{
		{name: "english colon", path: "/@velo/tasks", as: "bob", status: 200, contains: []string{"Assigned to: "}, absent: []string{"Assigned to :", "Assigned to\u00a0:"}},
		{name: "french colon", path: "/@velo/tasks", as: "alice", status: 200, contains: []string{"Confiée à\u00a0: "}},
		{name: "english plural", path: "/@velo", as: "bob", status: 200, contains: []string{"2 members"}, absent: []string{"member(s)"}},
		{name: "english singular", path: "/@seule", as: "bob", status: 200, contains: []string{"1 member<"}},
		{name: "french singular", path: "/@seule", status: 200, contains: []string{"1 membre<"}},
		{name: "french plural", path: "/@velo", status: 200, contains: []string{"2 membres"}},
		{name: "english zero groups", path: "/groups?q=zzzz&lang=en", status: 200, contains: []string{"0 groups"}},
		{name: "french zero groups", path: "/groups?q=zzzz", status: 200, contains: []string{"0 groupe<"}},
		{name: "english one group", path: "/groups?q=seule&lang=en", status: 200, contains: []string{"1 group<"}},
	})
}

// TestTemplatesHoldNoPunctuation: templates are shared by both languages,
// so a colon, question or exclamation mark after a text comes from the
// catalogue ({{t "punct.colon"}}), never typed with French spacing.
func TestTemplatesHoldNoPunctuation(t *testing.T) {
	bad := regexp.MustCompile(`\}\}(?: |\x{00A0}|&nbsp;)[:;?!]`)
	files, err := filepath.Glob("templates/*.html")
	if err != nil || len(files) < 20 {
		t.Fatalf("templates: %v, %d", err, len(files))
	}
	for _, f := range files {
		b, err := fs.ReadFile(os.DirFS("."), f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if m := bad.FindString(line); m != "" {
				t.Errorf("%s:%d: %q types French punctuation after a text", f, i+1, m)
			}
		}
	}
}
