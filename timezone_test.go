package cortege_test

import (
	"testing"
	"time"

	"codeberg.org/cortege/cortege"
)

func TestLoadLocationKeepsZones(t *testing.T) {
	a, err := cortege.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := cortege.LoadLocation("Europe/Paris")
	if a != b {
		t.Error("the zone was read twice")
	}
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, a)
	if _, off := winter.Zone(); off != 3600 {
		t.Errorf("Paris in January: offset %d", off)
	}
	for _, bad := range []string{"Europe/Nulle-part", "../etc/passwd", "Europe/Paris/.."} {
		if _, err := cortege.LoadLocation(bad); err == nil {
			t.Errorf("%q loaded", bad)
		}
	}
	if u, err := cortege.LoadLocation(""); err != nil || u != time.UTC {
		t.Errorf(`"" = %v, %v; want UTC`, u, err)
	}
}
