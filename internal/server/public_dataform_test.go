package server_test

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pdfText is the text pdftotext (Debian's poppler-utils) reads from a PDF,
// with every run of white space made one space.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian's poppler-utils) is not installed; `make test-deps` installs it")
	}
	file := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

func TestBlankDataForm(t *testing.T) {
	s := newSite(t)
	p := s.get("/formularz.pdf")
	if p.status != http.StatusOK {
		t.Fatalf("GET /formularz.pdf: %d", p.status)
	}
	for k, want := range map[string]string{
		"Content-Type":        "application/pdf",
		"Content-Disposition": `inline; filename=formularz-bank-danych.pdf`,
		"Cache-Control":       "public, max-age=3600",
	} {
		if got := p.header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(p.body, "%PDF-") {
		t.Fatalf("the body is not a PDF: %.40q", p.body)
	}
	text := pdfText(t, []byte(p.body))
	for _, want := range []string{"Bank danych organizacji pozarządowych", "Nazwa", "Miejscowość", "Obszary pomocy", "☐ Fundacja", "/zglos"} {
		if !strings.Contains(text, want) {
			t.Errorf("the blank form lacks %q", want)
		}
	}
	// Organisations find it on the home page.
	if home := s.get("/"); home.doc.Find(`a[href="/formularz.pdf"]`).Length() != 1 {
		t.Error("the home page does not link to the data form")
	}
}
