package server_test

import (
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
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

func TestFilledDataFormIsForStaffOnly(t *testing.T) {
	s := newSite(t)
	org, err := s.store.Organisation(t.Context(), "stowarzyszenie-przykladowe-razem-dla-seniorow")
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/organizacje/" + org.ID + "/formularz.pdf"

	anon := s.browser(t)
	if a := anon.get(path); a.status != http.StatusSeeOther || a.location != "/admin/logowanie" {
		t.Errorf("anonymous: %d to %q, want a redirect to the sign-in page", a.status, a.location)
	}

	s.account(t, "redaktor@example.org", accounts.Editor)
	b := s.browser(t)
	b.signIn("redaktor@example.org", nil)
	if a := b.get("/admin/organizacje/" + org.ID); a.doc.Find(`a[href="`+path+`"]`).Length() != 1 {
		t.Errorf("the edit page does not link to %s", path)
	}
	resp, err := b.c.Get(b.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("editor: %d", resp.StatusCode)
	}
	for k, want := range map[string]string{
		"Content-Type":        "application/pdf",
		"Content-Disposition": "inline; filename=formularz-" + org.Slug + ".pdf",
		"Cache-Control":       "private, no-store",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	text := pdfText(t, body)
	for _, want := range []string{org.Name, org.Address.Street, org.Address.PostalCode, org.Address.City} {
		if want == "" || !strings.Contains(text, strings.Join(strings.Fields(want), " ")) {
			t.Errorf("the filled form lacks %q", want)
		}
	}

	if a := b.get("/admin/organizacje/00000000-0000-0000-0000-000000000000/formularz.pdf"); a.status != http.StatusNotFound {
		t.Errorf("an unknown organisation: %d, want 404", a.status)
	}
}
