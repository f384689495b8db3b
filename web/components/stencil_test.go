package components

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/a-h/templ"
)

func raw(s string) templ.Component {
	return templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	})
}

func TestStencilFillsEachSlotWhereItsMarkWas(t *testing.T) {
	frame := raw(`<p title="` + Mark(1) + `">a</p>` + Mark(0) + `<b>` + Mark(1) + `</b>`)
	st, err := MakeStencil(context.Background(), frame, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got strings.Builder
	slots := []Slot{{C: raw("<i>x</i>")}, {Text: `"<&>"`}, {Text: "unused"}}
	if err := st.Fill(context.Background(), &got, slots); err != nil {
		t.Fatal(err)
	}
	want := `<p title="&#34;&lt;&amp;&gt;&#34;">a</p><i>x</i><b>&#34;&lt;&amp;&gt;&#34;</b>`
	if got.String() != want {
		t.Errorf("filled %q, want %q", got.String(), want)
	}
}

func TestStencilRefusesBrokenMarks(t *testing.T) {
	for _, html := range []string{"a\x00", "a\x001", "\x00x\x00", "\x005\x00", "\x00-1\x00"} {
		if _, err := MakeStencil(context.Background(), raw(html), 3); err == nil {
			t.Errorf("MakeStencil(%q) made a stencil", html)
		}
	}
}

func TestStencilMemoKeepsOneVersion(t *testing.T) {
	var m StencilMemo
	made := 0
	get := func(version, key string) {
		t.Helper()
		if _, err := m.Get(version, key, func() (Stencil, error) {
			made++
			return MakeStencil(context.Background(), raw(version+key), 0)
		}); err != nil {
			t.Fatal(err)
		}
	}
	get("", "pl") // the preview's version is empty
	get("", "pl")
	get("1", "pl")
	get("1", "en")
	get("1", "pl")
	get("", "pl") // made again: only the latest version is kept
	if made != 4 {
		t.Errorf("made %d stencils, want 4", made)
	}
}
