package web

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"codeberg.org/cortege/cortege"
	"codeberg.org/cortege/cortege/internal/i18n"
)

// needTool finds a command the test needs: missing, it skips the test
// locally and fails it in CI (where .ci/run installs it).
func needTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing: .ci/run must install Debian's %s", name, pkg)
		}
		t.Skipf("%s is missing (Debian's %s): skipped outside CI", name, pkg)
	}
	return p
}

func sampleSlips(n int) []CodeSlip {
	slips := make([]CodeSlip, n)
	for i := range slips {
		slips[i] = CodeSlip{Batch: 3, Number: i + 1, Code: cortege.NewInvitationCode(),
			VoteTitle: "Élection du bureau de l’association « Quartier vivant » : choisissez vos représentantes et représentants pour l’année 2027",
			VoteURL:   "https://cortege.example.org/votes/01JX4Z8K2M3N4P5Q6R7S8T9V0W"}
	}
	return slips
}

// pdfPages counts the page objects fpdf wrote.
func pdfPages(b []byte) int {
	return len(regexp.MustCompile(`/Type /Page\b[^s]`).FindAll(b, -1))
}

func TestCodeSlipURL(t *testing.T) {
	c := cortege.InvitationCode("C7K53P565AXD4FA2CKF8")
	for in, want := range map[string]string{
		"https://x.org/votes/v1":      "https://x.org/votes/v1?code=C7K53P565AXD4FA2CKF8",
		"https://x.org/votes/v1?l=en": "https://x.org/votes/v1?l=en&code=C7K53P565AXD4FA2CKF8",
	} {
		if got := CodeSlipURL(in, c); got != want {
			t.Errorf("CodeSlipURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCodeSheetPages(t *testing.T) {
	cat := i18n.MustLoad()
	for _, tc := range []struct{ slips, pages int }{{0, 1}, {1, 1}, {8, 1}, {9, 2}, {17, 3}} {
		b, err := CodeSheetPDF(cat, "en", sampleSlips(tc.slips))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("%PDF-")) || !bytes.Contains(b[len(b)-10:], []byte("%%EOF")) {
			t.Fatalf("%d slips: not a PDF", tc.slips)
		}
		if n := pdfPages(b); n != tc.pages {
			t.Errorf("%d slips: %d pages, want %d", tc.slips, n, tc.pages)
		}
	}
}

// TestCodeSheetRenders converts page 1 of a sheet to an image with
// poppler's pdftoppm, checks the image is neither blank nor black, and
// decodes its QR codes with zbarimg (Debian's zbar-tools): each carries
// the vote's address with its slip's code. pdfinfo and pdftotext check
// that the PDF parses, its page count and the printed text.
func TestCodeSheetRenders(t *testing.T) {
	pdftoppm := needTool(t, "pdftoppm", "poppler-utils")
	pdfinfo := needTool(t, "pdfinfo", "poppler-utils")
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	zbarimg := needTool(t, "zbarimg", "zbar-tools")
	cat := i18n.MustLoad()
	for _, lang := range cortege.Languages {
		t.Run(lang, func(t *testing.T) {
			dir := t.TempDir()
			slips := sampleSlips(11)
			b, err := CodeSheetPDF(cat, lang, slips)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, "sheet.pdf")
			if err := os.WriteFile(file, b, 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdfinfo, file).CombinedOutput()
			if err != nil {
				t.Fatalf("pdfinfo: %v\n%s", err, out)
			}
			if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(out); m == nil || string(m[1]) != "2" {
				t.Errorf("pdfinfo pages: %q, want 2\n%s", m, out)
			}
			if !strings.Contains(string(out), "A4") {
				t.Errorf("pdfinfo: not A4\n%s", out)
			}
			text, err := exec.Command(pdftotext, "-f", "1", "-l", "1", file, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			for _, want := range []string{slips[0].Code.String(), slips[7].Code.String(), cat.T(lang, "codes.slip.numbers", 3, 8), "cortege.example.org/votes/"} {
				if !strings.Contains(string(text), want) {
					t.Errorf("page 1 lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(string(text), slips[8].Code.String()) {
				t.Errorf("page 1 holds the ninth slip")
			}

			img := filepath.Join(dir, "page")
			if out, err := exec.Command(pdftoppm, "-f", "1", "-l", "1", "-r", "150", "-png", "-singlefile", file, img).CombinedOutput(); err != nil {
				t.Fatalf("pdftoppm: %v\n%s", err, out)
			}
			f, err := os.Open(img + ".png")
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			pic, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			bounds := pic.Bounds()
			if bounds.Dx() < 1200 || bounds.Dy() < 1700 {
				t.Errorf("page image is %v, want A4 at 150 dpi", bounds)
			}
			dark, total := 0, 0
			for y := bounds.Min.Y; y < bounds.Max.Y; y += 2 {
				for x := bounds.Min.X; x < bounds.Max.X; x += 2 {
					r, g, bl, _ := pic.At(x, y).RGBA()
					if (r+g+bl)/3 < 0x8000 {
						dark++
					}
					total++
				}
			}
			if share := float64(dark) / float64(total); share < 0.03 || share > 0.5 {
				t.Errorf("page 1 is %.1f%% dark: blank or broken", 100*share)
			}

			out, err = exec.Command(zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", img+".png").Output()
			if err != nil {
				t.Fatalf("zbarimg found no QR code: %v", err)
			}
			got := strings.Fields(string(out))
			var want []string
			for _, s := range slips[:8] {
				want = append(want, CodeSlipURL(s.VoteURL, s.Code))
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("QR codes of page 1:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
		})
	}
}

// TestCodeSheetReprint: a sheet of one slip is one page with one QR code.
func TestCodeSheetReprint(t *testing.T) {
	cat := i18n.MustLoad()
	sl := sampleSlips(1)[0]
	sl.Number = 42
	b, err := CodeSheetPDF(cat, "fr", []CodeSlip{sl})
	if err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(b); n != 1 {
		t.Fatalf("%d pages", n)
	}
	pdftotext := needTool(t, "pdftotext", "poppler-utils")
	dir := t.TempDir()
	file := filepath.Join(dir, "one.pdf")
	os.WriteFile(file, b, 0o600)
	text, err := exec.Command(pdftotext, file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{sl.Code.String(), "Lot 3 · coupon " + strconv.Itoa(42), "Scannez"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("reprint lacks %q:\n%s", want, text)
		}
	}
}
