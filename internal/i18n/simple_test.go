package i18n

import (
	"fmt"
	"testing"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
)

// Every message filled by concatenation reads exactly as go-i18n's
// template makes it, in every language, for strings, integers (in maps of
// either), {{.}} and every plural count.
func TestSimpleMessagesReadAsTheTemplates(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for lang, l := range c.byLang {
		for id, m := range l.simple {
			var names []string
			for _, f := range m.forms {
				names = append(names, f.ph...)
			}
			for _, data := range []any{
				mapOf(names, func(i int) any { return fmt.Sprintf("wartość %d <&>", i) }),
				mapOf(names, func(i int) any { return i * 1000 }),
				stringMap(names),
				intMap(names),
				"sam tekst",
				42,
			} {
				want, werr := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, TemplateData: data})
				got := l.T(id, data)
				if werr == nil && got != want {
					t.Errorf("%s %s with %#v: %q, the template makes %q", lang, id, data, got, want)
				}
				checked++
			}
			if len(m.forms) > 1 {
				for _, n := range []int{0, 1, 2, 3, 4, 5, 11, 12, 14, 21, 22, 25, 101, 102, 105, 1000, 1001, 1_000_002} {
					want, werr := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id, PluralCount: n, TemplateData: map[string]any{"Count": n}})
					if werr != nil {
						t.Errorf("%s %s n=%d: %v", lang, id, n, werr)
						continue
					}
					if got := l.N(id, n); got != want {
						t.Errorf("%s %s n=%d: %q, the template makes %q", lang, id, n, got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Fatalf("only %d messages checked: the catalogue did not load", checked)
	}
}

func mapOf(names []string, v func(int) any) map[string]any {
	m := map[string]any{}
	for i, n := range names {
		if n != "" {
			m[n] = v(i)
		}
	}
	return m
}

func stringMap(names []string) map[string]string {
	m := map[string]string{}
	for i, n := range names {
		if n != "" {
			m[n] = fmt.Sprint("tekst ", i)
		}
	}
	return m
}

func intMap(names []string) map[string]int {
	m := map[string]int{}
	for i, n := range names {
		if n != "" {
			m[n] = 7 * i
		}
	}
	return m
}

// A message with more than placeholders is left to text/template.
func TestCompileSimpleRefusesOtherActions(t *testing.T) {
	for _, text := range []string{"{{if .X}}a{{end}}", "{{.X | printf \"%d\"}}", "a {{- .X}}", "{{.X.Y}}", "{{$x}}"} {
		if _, ok := compileText(text); ok {
			t.Errorf("%q taken as simple", text)
		}
	}
	for _, text := range []string{"bez niczego", "{{.X}} i {{ .Y }}", "{{.}} organizacji"} {
		if _, ok := compileText(text); !ok {
			t.Errorf("%q not taken as simple", text)
		}
	}
}

// A message without placeholders reads as go-i18n gives it, in every
// language.
func TestFixedMessagesReadAsGoI18n(t *testing.T) {
	c, err := New()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for lang, l := range c.byLang {
		for id := range l.fixed {
			want, err := l.l.Localize(&goi18n.LocalizeConfig{MessageID: id})
			if err != nil {
				t.Errorf("%s %s: %v", lang, id, err)
				continue
			}
			if got := l.T(id); got != want {
				t.Errorf("%s %s: %q, go-i18n gives %q", lang, id, got, want)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d messages checked: the catalogue did not load", checked)
	}
}
