package components

import (
	"bytes"
	"context"
	"errors"
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

// HTML writes its parts in order, the texts escaped as templ escapes them,
// however much it gathers before writing; a writer's error stops it.
func FuzzHTML(f *testing.F) {
	f.Add(`<p class="x">`, `Fundacja „Nowa” & <b>`, 3)
	f.Add("</p>", strings.Repeat(`"x" & 'y' `, 700), 2)
	f.Fuzz(func(t *testing.T, raw, text string, n int) {
		n = max(0, min(n, 20))
		var got, want bytes.Buffer
		h := NewHTML(&got)
		for i := range n {
			h.Raw(raw)
			want.WriteString(raw)
			want.WriteString(templ.EscapeString(text))
			if i%2 == 0 {
				h.Text(text)
			} else {
				h.Texts(text, raw)
				want.WriteString(templ.EscapeString(raw))
			}
		}
		if err := h.Done(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("HTML wrote %d bytes, want %d: %.80q…", got.Len(), want.Len(), got.String())
		}
	})
}

type failingWriter struct{ writes int }

func (w *failingWriter) Write(p []byte) (int, error) {
	w.writes++
	return 0, errors.New("connection closed")
}

func TestHTMLStopsAtTheWritersError(t *testing.T) {
	w := &failingWriter{}
	h := NewHTML(w)
	long := strings.Repeat("x", spillAt)
	h.Raw(long) // written, and fails
	h.Text(long)
	h.Raw(long)
	if err := h.Done(); err == nil || w.writes != 1 {
		t.Errorf("error %v after %d writes, want the first write's error and no other write", err, w.writes)
	}
}
