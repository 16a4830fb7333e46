package cortege_test

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func TestInviteCaps(t *testing.T) {
	day := 24 * time.Hour
	for _, c := range []struct {
		name         string
		age          time.Duration
		accepted     int
		admin        bool
		hour, perDay int
	}{
		{"new account", time.Minute, 0, false, 10, 20},
		{"clock skew", -time.Hour, -3, false, 10, 20},
		{"a week old", 7 * day, 0, false, 22, 90},
		{"new, 10 accepted", time.Hour, 10, false, 10, 40},
		{"a month old, 50 accepted", 30 * day, 50, false, 105, 420},
		{"old and trusted", 400 * day, 1000, false, 125, 500},
		{"new administrator", time.Minute, 0, true, 125, 500},
	} {
		h, d := cortege.InviteCaps(c.age, c.accepted, c.admin)
		if h != c.hour || d != c.perDay {
			t.Errorf("%s: caps %d/hour %d/day, want %d and %d", c.name, h, d, c.hour, c.perDay)
		}
	}
	// The caps never shrink as an account ages or is trusted more.
	ph, pd := 0, 0
	for days := 0; days < 100; days++ {
		h, d := cortege.InviteCaps(time.Duration(days)*day, days, false)
		if h < ph || d < pd || d > cortege.InviteDayCeiling {
			t.Fatalf("day %d: %d/%d after %d/%d", days, h, d, ph, pd)
		}
		ph, pd = h, d
	}
}
