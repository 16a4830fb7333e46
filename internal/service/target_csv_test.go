package service_test

import (
	"errors"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// FuzzParseTargetsCSV: any input gives rows or an error naming a line
// (or EINVALID on "file"), never a panic, a blank row or a row without
// the line it starts on.
func FuzzParseTargetsCSV(f *testing.F) {
	for _, s := range []string{
		targetsCSV,
		"id,name,kind,area\nelysee,Élysée,institution,national\n",
		"\xef\xbb\xbf# c\nid;nom;type;zone;communes\na;\"b;c\";official;commune;\"69123 69387\"\n",
		"id,name,kind,area\n\"x\n",
		"id,name,kind,area,départements\n\n,,,,\na,b,c,d,2A|2B\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := service.ParseTargetsCSV(data)
		if err != nil {
			var re *service.TargetRowError
			if errors.As(err, &re) {
				if re.Line < 1 || re.Message == "" {
					t.Fatalf("row error %+v", re)
				}
				return
			}
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != "file" {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(rows) == 0 || len(rows) > service.MaxTargetsCSVRows {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			if r.Line < 2 {
				t.Fatalf("row at line %d", r.Line)
			}
			tg := r.Target
			if tg.Key == "" && tg.Name == "" && tg.Kind == "" && tg.Role == "" && tg.Email == "" && tg.Fediverse == "" &&
				tg.FormURL == "" && tg.Area.Level == "" && tg.Area.Name == "" && len(tg.Area.Communes)+len(tg.Area.Departements) == 0 {
				t.Fatal("a blank line became a row")
			}
		}
	})
}
