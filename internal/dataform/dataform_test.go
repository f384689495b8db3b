package dataform

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/store"
)

func polish(t testing.TB) *i18n.Localizer {
	t.Helper()
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	return c.Localizer("pl")
}

// vocabulary is the controlled lists of a freshly migrated database.
func vocabulary(t testing.TB) directory.Vocabulary {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dbtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	v, err := s.Preview().Vocabulary(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Categories) == 0 || len(v.TargetGroups) == 0 || len(v.Districts) == 0 {
		t.Fatalf("the migrated vocabulary is empty: %+v", v)
	}
	return v
}

func form(t testing.TB, o *directory.Organisation) Form {
	return Form{
		Text: polish(t).T, Vocabulary: vocabulary(t), Org: o,
		SubmitURL: "https://bank.example/zglos", PrivacyURL: "https://bank.example/prywatnosc",
		Texts: sitetext.Example(),
		Now:   time.Date(2026, 3, 2, 10, 0, 0, 0, directory.Warsaw),
	}
}

// poppler runs one of poppler-utils' tools on the PDF and returns what it
// printed.
func poppler(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	path, err := exec.LookPath(tool)
	if err != nil {
		t.Skipf("%s (Debian's poppler-utils) is not installed; `make test-deps` installs it", tool)
	}
	file := filepath.Join(t.TempDir(), "form.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(args, file)
	if tool == "pdftotext" {
		args = append(args, "-") // to standard output
	}
	out, err := exec.Command(path, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

// pdfText is the PDF's text with every run of white space made one space, so
// a label broken over lines still matches.
func pdfText(t *testing.T, pdf []byte) string {
	return strings.Join(strings.Fields(poppler(t, pdf, "pdftotext", "-enc", "UTF-8")), " ")
}

func has(t *testing.T, got, want, what string) {
	t.Helper()
	if !strings.Contains(got, strings.Join(strings.Fields(want), " ")) {
		t.Errorf("the form lacks %s %q", what, want)
	}
}

func TestEveryFieldHasItsPlaceOnTheForm(t *testing.T) {
	var placed []string
	for _, s := range sections {
		placed = append(placed, s.fields...)
	}
	for _, f := range directory.FormFields() {
		if n := strings.Count(" "+strings.Join(placed, " ")+" ", " "+f+" "); n != 1 {
			t.Errorf("field %q is placed %d times in the form's sections, want once", f, n)
		}
	}
	for _, f := range placed {
		if !slices.Contains(directory.FormFields(), f) {
			t.Errorf("the form places %q, which the record does not have", f)
		}
	}
}

func TestBlankFormIsAnA4PDFWithEveryField(t *testing.T) {
	f := form(t, nil)
	pdf, err := f.PDF()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %q", pdf[:min(20, len(pdf))])
	}
	info := poppler(t, pdf, "pdfinfo")
	if !strings.Contains(info, "Page size:       595.28 x 841.89 pts (A4)") {
		t.Errorf("pdfinfo does not report A4 pages:\n%s", info)
	}
	if !regexp.MustCompile(`(?m)^Title:\s+Formularz danych organizacji pozarządowej$`).MatchString(info) {
		t.Errorf("the title metadata is not the Polish title:\n%s", info)
	}
	pages := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(info)
	if pages == nil || pages[1] == "1" {
		t.Errorf("want a form of several pages, pdfinfo says:\n%s", info)
	}

	got := pdfText(t, pdf)
	l := polish(t)
	// Every field of the record, labelled as the interface labels it.
	for _, name := range directory.FormFields() {
		id := "field_" + strings.ReplaceAll(name, ".", "_")
		if !l.Has(id) {
			t.Errorf("field %q has no label %q in the catalogue", name, id)
			continue
		}
		has(t, got, l.T(id), "the label of field "+name)
	}
	// Every choice, unticked.
	for _, lf := range directory.LegalForms {
		has(t, got, "☐ "+l.T("legal_form_"+string(lf)), "legal form")
	}
	for _, a := range directory.AccessibilityFeatures {
		has(t, got, "☐ "+l.T("access_"+a), "accessibility feature")
	}
	for _, c := range f.Vocabulary.Categories {
		has(t, got, "☐ "+c.Name, "category")
	}
	for _, g := range f.Vocabulary.TargetGroups {
		has(t, got, "☐ "+g.Name, "target group")
	}
	for _, d := range f.Vocabulary.Districts {
		has(t, got, "☐ "+d.Name, "district")
	}
	for _, day := range []string{"poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"} {
		has(t, got, day, "the weekday")
	}
	for _, s := range []string{
		"Miejski Ośrodek Pomocy Rodzinie w Lesznie — Bank danych organizacji pozarządowych",
		l.T("dataform_rodo_title"), l.T("privacy_rights"),
		// The clause names the controller and the data protection officer
		// from the site texts.
		l.T("privacy_controller", sitetext.Example().ControllerData("")),
		l.T("privacy_dpo", sitetext.Example().DPOData("")),
		"☐ " + l.T("dataform_consent"), l.T("dataform_contact_signature"),
		l.T("contact_person_n", map[string]int{"N": 2}),
		l.T("dataform_org_signature"), "https://bank.example/zglos", "https://bank.example/prywatnosc",
		"Strona 1 z " + pages[1],
	} {
		has(t, got, s, "the text")
	}
	if strings.Contains(got, "☒") {
		t.Error("a blank form has a ticked box")
	}
	for _, placeholder := range []string{"do uzupełnienia", "<no value>", "(nie podano)"} {
		if strings.Contains(got, placeholder) {
			t.Errorf("the form shows %q", placeholder)
		}
	}
}

func TestFilledFormShowsTheRecord(t *testing.T) {
	opens, _ := directory.ParseClock("9:00")
	closes, _ := directory.ParseClock("15:30")
	consent := time.Date(2025, 5, 6, 0, 0, 0, 0, time.UTC)
	o := &directory.Organisation{
		Name: "Stowarzyszenie Źródło Łąk", ShortName: "Źródło", LegalForm: directory.FormFoundation, PublicBenefit: true,
		KRS: "0000123456", Address: directory.Address{Street: "ul. Żółkiewskiego 7", PostalCode: "64-100", City: "Leszno", District: "zatorze", Confidential: true},
		Phones:      []string{"+48 65 123 45 67", "600 700 800"},
		Contacts:    []directory.Contact{{Name: "Jadwiga Gęślarz", Function: "prezeska", Consent: true, ConsentOn: &consent}},
		Description: "Pomagamy rodzinom.\n\nProwadzimy świetlicę.", Categories: []string{"pomoc-zywnosciowa"},
		TargetGroups: []string{"seniorzy"}, Accessibility: []string{"winda"}, Languages: []string{"pl", "uk"},
	}
	o.Hours[1] = directory.Day{Intervals: []directory.Interval{{Opens: opens, Closes: closes}}, Note: "po umówieniu"}
	f := form(t, o)
	pdf, err := f.PDF()
	if err != nil {
		t.Fatal(err)
	}
	if info := poppler(t, pdf, "pdfinfo"); !strings.Contains(info, "Stowarzyszenie Źródło Łąk") {
		t.Errorf("the title metadata does not name the organisation:\n%s", info)
	}
	got := pdfText(t, pdf)
	for _, s := range []string{
		"Stowarzyszenie Źródło Łąk", "ul. Żółkiewskiego 7", "64-100", "Leszno", "0000123456",
		"+48 65 123 45 67; 600 700 800", "Jadwiga Gęślarz", "prezeska", "06.05.2025",
		"Pomagamy rodzinom. Prowadzimy świetlicę.", "09:00–15:30", "po umówieniu", "☒ polski", "☒ ukraiński", "☐ angielski", "☐ polski język migowy",
		"02.03.2026", // the date the data was printed
		"☒ Fundacja", "☐ Stowarzyszenie", "☒ Zatorze", "☒ Pomoc żywnościowa", "☒ Seniorzy", "☒ Winda",
	} {
		has(t, got, s, "the record's")
	}
	// Each yes/no field ticks one answer: OPP and the confidential
	// address yes, volunteers and interns no.
	if n := strings.Count(got, "☒ tak"); n != 2 {
		t.Errorf("%d ticked „tak”, want 2 (OPP, confidential address)", n)
	}
	if n := strings.Count(got, "☒ nie"); n != 2 {
		t.Errorf("%d ticked „nie”, want 2 (volunteers, interns)", n)
	}
	// The person's consent is ticked; the empty block for a new person is not.
	if n := strings.Count(got, "☒ "+strings.Join(strings.Fields(f.Text("dataform_consent")), " ")); n != 1 {
		t.Errorf("%d ticked consents, want 1", n)
	}
}

func BenchmarkBlankForm(b *testing.B) {
	f := form(b, nil)
	var size int
	for b.Loop() {
		pdf, err := f.PDF()
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size), "bytes/pdf")
}

// The form asks for its messages by literal ID; each must be in the
// catalogue, or the PDF would print the ID.
func TestEveryMessageIsInTheCatalogue(t *testing.T) {
	src, err := os.ReadFile("dataform.go")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?:\bt|b\.t)\("([a-z0-9_]*[a-z0-9])"[,)]|"((?:form_section|field|dataform|privacy)_[a-z0-9_]+)"`).FindAllStringSubmatch(string(src), -1) {
		ids[m[1]+m[2]] = true
	}
	if len(ids) < 30 {
		t.Fatalf("found only %d message IDs in dataform.go; is the pattern stale?", len(ids))
	}
	l := polish(t)
	for id := range ids {
		if !l.Has(id) {
			t.Errorf("message %q is not in the Polish catalogue", id)
		}
	}
}
