package service_test

import (
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/service"
)

// FuzzParsePaperCSV: any input gives lines or an EINVALID on "file",
// never a panic nor more lines than the limit.
func FuzzParsePaperCSV(f *testing.F) {
	for _, s := range []string{
		"prénom,nom,code postal\nJean,Martin,75011\n",
		"first_name;last_name;postal_code;email;comment\nA;B;69007;a@example.org;\"un; deux\"\n",
		"\xef\xbb\xbfnom,prenom,cp\n\"x\"\"y\",z,13001\n",
		"nom,prénom\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rows, err := service.ParsePaperCSV(data)
		if err != nil {
			if e := cortege.ErrorOf(err); e == nil || e.Code != cortege.EINVALID || e.Field != "file" {
				t.Fatalf("error %v", err)
			}
			return
		}
		if len(rows) > service.MaxPaperBatch {
			t.Fatalf("%d rows", len(rows))
		}
		for _, r := range rows {
			if r == (service.PaperSignature{}) {
				t.Fatal("a blank line became a signature")
			}
		}
	})
}
