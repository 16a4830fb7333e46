package web

import (
	"strings"
	"testing"
	"time"

	"codeberg.org/cortege/cortege/internal/service"
)

// FuzzParseBurst: a posted burst value is outside input; it never panics,
// and what it accepts writes back to the same value.
func FuzzParseBurst(f *testing.F) {
	f.Add("net|3f2a9c0d1e4b5a67|1796000000")
	f.Add("domain|burst.example|1796000040")
	f.Add("domain||1")
	f.Add("user|x|1")
	f.Add("net|a|b|c")
	f.Add("net|x|-9223372036854775808")
	f.Fuzz(func(t *testing.T, s string) {
		b, ok := parseBurst(s)
		if !ok {
			return
		}
		if b.Kind != service.BurstNet && b.Kind != service.BurstDomain || b.Key == "" || strings.Contains(b.Key, "|") {
			t.Fatalf("%q accepted as %+v", s, b)
		}
		if back, ok := parseBurst(burstValue(b)); !ok || back != b {
			t.Fatalf("%q → %+v → %q → %+v", s, b, burstValue(b), back)
		}
	})
}

func TestBurstValueRoundTrip(t *testing.T) {
	b := service.SignatureBurst{Kind: service.BurstDomain, Key: "burst.example", Minute: time.Unix(1796000040, 0).UTC()}
	if got, ok := parseBurst(burstValue(b)); !ok || got != b {
		t.Fatalf("%+v → %+v", b, got)
	}
}
