package web

import (
	"fmt"
	"testing"

	"codeberg.org/cortege/cortege/internal/i18n"
)

// TestLangMemo: the memo of Accept-Language values answers what
// i18n.Match does, and odd values cannot make it grow past its bound.
func TestLangMemo(t *testing.T) {
	var m langMemo
	for _, h := range []string{"", "fr", "en-GB,en;q=0.8", "de-DE,de;q=0.9,en;q=0.5", "xx", "fr;q=0.1, en;q=0.9"} {
		for range 2 {
			if got, want := m.match(h), i18n.Match(h); got != want {
				t.Errorf("%q: %q, i18n.Match says %q", h, got, want)
			}
		}
	}
	for i := range 3 * maxLangMemo {
		m.match(fmt.Sprintf("en-x-%d", i))
		if len(m.m) > maxLangMemo {
			t.Fatalf("%d values held, bound %d", len(m.m), maxLangMemo)
		}
	}
	if m.match("en-GB,en;q=0.8") != "en" || m.match("fr") != "fr" {
		t.Error("wrong language after the memo started afresh")
	}
}
