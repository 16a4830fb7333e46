package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege/internal/csvimport"
)

func TestEnvelopeLabelsPDF(t *testing.T) {
	envs := make([]csvimport.Envelope, 25)
	for i := range envs {
		envs[i] = csvimport.Envelope{Name: "Martin", FirstName: "Léa", Address: "12 rue Garibaldi", Address2: "Bât. B", PostalCode: "69007", Commune: "Lyon"}
	}
	envs[0] = csvimport.Envelope{Name: "Lovelace", FirstName: "Ada", Address: "12 St James's Square", PostalCode: "SW1Y 4JH", Commune: "London", Country: "United Kingdom"}
	envs[1].Address = "Résidence des Grands Chênes, escalier C, 4e étage, porte gauche au fond du couloir"
	b, err := EnvelopeLabelsPDF(envs)
	if err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(b); n != 2 {
		t.Fatalf("%d pages for 25 labels, want 2", n)
	}
	if n := pdfPages(mustLabels(t, nil)); n != 1 {
		t.Errorf("%d pages for none", n)
	}
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	file := filepath.Join(t.TempDir(), "labels.pdf")
	os.WriteFile(file, b, 0o600)
	text, err := exec.Command(pdftotext, "-f", "1", "-l", "1", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ada Lovelace", "SW1Y 4JH LONDON", "UNITED KINGDOM", "Léa Martin", "Bât. B", "69007 LYON", "Résidence des Grands"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("labels lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(string(text), "FRANCE") || strings.Contains(string(text), "porte gauche au fond du couloir") {
		t.Errorf("a French label names the country, or a long line was not cut:\n%s", text)
	}
}

func mustLabels(t *testing.T, envs []csvimport.Envelope) []byte {
	b, err := EnvelopeLabelsPDF(envs)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
