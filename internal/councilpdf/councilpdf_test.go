package councilpdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/mopr-leszno/portal/internal/councilpdf"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/strategy"
)

func intp(n int) *int { return &n }

func snapshot() *strategy.Snapshot {
	return &strategy.Snapshot{Period: "2026-1", ClosedAt: time.Date(2026, 7, 3, 10, 0, 0, 0, directory.Warsaw), Tasks: []strategy.SnapshotTask{
		{Slug: "ii-8-1", Number: "8.1", Title: "Strategia rozwiązywania problemów społecznych", Stages: []strategy.SnapshotStage{},
			Values: []strategy.SnapshotValue{}, Budget: []strategy.BudgetLine{}, Spending: []strategy.Spending{}},
		{Slug: "ii-9-2", Number: "9.2", Title: "Bank danych o organizacjach pozarządowych", Unit: "Dział Organizacji Pozarządowych",
			Reported: true, Status: strategy.StatusDelayed, Done: "Zebrano formularze; zażółć gęślą jaźń.", Blockers: "Brak łącza.",
			Stages:   []strategy.SnapshotStage{{Order: 1, Description: "Przygotowanie formularza", Planned: intp(20), Actual: intp(10)}},
			Values:   []strategy.SnapshotValue{{Name: "Liczba organizacji", Value: "52.50", Target: "60", Share: "87.5"}},
			Budget:   []strategy.BudgetLine{{Source: "budżet miasta", Amount: "2000.00"}},
			Spending: []strategy.Spending{{Source: "budżet miasta", Amount: "1200.00"}}},
	}}
}

// The council report is a valid PDF (pdfcpu validates it) that holds the
// Polish labels and texts, diacritics included (pdftotext reads them back).
func TestCouncilReportIsValidAndPolish(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := councilpdf.Render(snapshot(), cat.Localizer("pl").T)
	if err != nil {
		t.Fatal(err)
	}
	if err := api.Validate(bytes.NewReader(pdf), model.NewDefaultConfiguration()); err != nil {
		t.Fatalf("pdfcpu: the council report is not a valid PDF: %v", err)
	}
	n, err := api.PageCount(bytes.NewReader(pdf), model.NewDefaultConfiguration())
	if err != nil || n < 3 {
		t.Errorf("%d pages (cover with summary, one per task): %v", n, err)
	}
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian's poppler-utils) is not installed; `make test-deps` installs it")
	}
	file := filepath.Join(t.TempDir(), "raport.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-layout", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Sprawozdanie z realizacji strategii za okres: I półrocze 2026", "Podsumowanie",
		"opóźnione", "brak zatwierdzonego sprawozdania", "zażółć gęślą jaźń", "Dział Organizacji Pozarządowych",
		"Liczba organizacji", "52,50", "87,5%", "2 000,00 zł", "1 200,00 zł", "Wydano w okresie", "Co utrudnia realizację"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}

// BenchmarkRender measures the council report of two tasks, drawn once
// per closing (the size is reported as bytes/pdf).
func BenchmarkRender(b *testing.B) {
	cat, err := i18n.New()
	if err != nil {
		b.Fatal(err)
	}
	t := cat.Localizer("pl").T
	var size int
	for b.Loop() {
		pdf, err := councilpdf.Render(snapshot(), t)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}
