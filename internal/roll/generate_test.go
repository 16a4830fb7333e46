package roll

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestGenerateDeterministicAndRealistic(t *testing.T) {
	var a, b, c bytes.Buffer
	Generate(&a, GenerateOptions{Rows: 20000, Seed: 5})
	Generate(&b, GenerateOptions{Rows: 20000, Seed: 5})
	Generate(&c, GenerateOptions{Rows: 20000, Seed: 6})
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("the same seed gave different rolls")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("different seeds gave the same roll")
	}
	if n := bytes.Count(a.Bytes(), []byte{'\n'}); n != 20001 {
		t.Fatalf("%d lines, want a header and 20000 rows", n)
	}
	bl := NewBuilder(testNow)
	rep := &Report{}
	if err := ImportReader(context.Background(), bl, "g.csv", &a, ImportOptions{}, rep); err != nil {
		t.Fatal(err)
	}
	ix, st := bl.Build(nil)
	if st.Duplicates == 0 || rep.Aberrant == 0 {
		t.Errorf("no dirt: %d duplicates, %d aberrant rows", st.Duplicates, rep.Aberrant)
	}
	martins, usage, compound, consular := 0, 0, 0, 0
	for _, e := range all(ix) {
		if e.BirthName == "MARTIN" {
			martins++
		}
		if e.UsageName != "" {
			usage++
		}
		if strings.Contains(e.BirthName, " ") {
			compound++
		}
		if e.Kind == KindConsular {
			consular++
		}
	}
	if martins < 50 || usage < 2000 || compound < 100 || consular < 100 {
		t.Errorf("unrealistic roll: %d MARTIN, %d usage names, %d compound surnames, %d consular", martins, usage, compound, consular)
	}
}
