package public

import (
	"context"
	"io"
	"testing"

	"github.com/a-h/templ"
	templruntime "github.com/a-h/templ/runtime"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// BenchmarkResultItem renders the twenty result cards of a results page.
func BenchmarkResultItem(b *testing.B) {
	cat, err := i18n.New()
	if err != nil {
		b.Fatal(err)
	}
	ctx := i18n.With(context.Background(), cat.Lang("pl"))
	o := directory.Summary{Slug: "stowarzyszenie-pomocy-rodzinie-1234", Name: "Stowarzyszenie Pomocy Rodzinie „Razem” nr 1234",
		LegalForm: directory.FormAssociation, Street: "ul. Słowiańska 12", City: "Leszno", District: "Zatorze",
		Description: "Pomagamy rodzinom w trudnej sytuacji życiowej: prowadzimy świetlicę, wydajemy żywność i odzież, organizujemy wypoczynek dla dzieci oraz poradnictwo prawne i psychologiczne dla dorosłych. Zapraszamy wolontariuszy.",
		Categories:  []string{"Pomoc żywnościowa", "Rodzina"}, TakesVolunteers: true, Phone: "65 529 12 34",
		Status: directory.Status{Known: true, Open: true}}
	page := templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		buf, _ := templruntime.GetBuffer(w)
		defer templruntime.ReleaseBuffer(buf)
		for range 20 {
			if err := (resultItem{o: &o, base: "/organizacje", back: "?wroc=q%3Dpomoc"}).Render(ctx, buf); err != nil {
				return err
			}
		}
		return nil
	})
	b.ReportAllocs()
	for b.Loop() {
		if err := page.Render(ctx, io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}
