package components

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func TestTextEscapesAsTemplDoes(t *testing.T) {
	for _, s := range []string{"", "Fundacja „Nowa Nadzieja”", `<script>alert("x")</script> & 'y'`} {
		var want, got strings.Builder
		if err := templ.Raw(templ.EscapeString(s)).Render(context.Background(), &want); err != nil {
			t.Fatal(err)
		}
		if err := Text(s).Render(context.Background(), &got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("Text(%q) = %q, templ writes %q", s, got.String(), want.String())
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add(`<a href="x">'&'</a>`)
	f.Add("Fundacja „Nowa Nadzieja”")
	f.Fuzz(func(t *testing.T, s string) {
		var got strings.Builder
		if err := Text(s).Render(context.Background(), &got); err != nil {
			t.Fatal(err)
		}
		if want := templ.EscapeString(s); got.String() != want {
			t.Errorf("Text(%q) = %q, templ writes %q", s, got.String(), want)
		}
	})
}

// BenchmarkText writes a result's description and its name.
func BenchmarkText(b *testing.B) {
	desc := Text(strings.Repeat("Pomagamy rodzinom w trudnej sytuacji życiowej: prowadzimy świetlicę, wydajemy żywność. ", 3))
	name := Text(`Stowarzyszenie "Razem" & Przyjaciele`)
	var w bytes.Buffer
	for b.Loop() {
		w.Reset()
		desc.Render(context.Background(), &w)
		name.Render(context.Background(), &w)
	}
}
