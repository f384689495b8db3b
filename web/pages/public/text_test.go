package public

import (
	"context"
	"html"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// excerptByRunes is Excerpt as it was first written, over a slice of runes:
// the rule the faster one must keep.
func excerptByRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	for i := len(r) - 1; i > n/2; i-- {
		if r[i] == ' ' {
			r = r[:i]
			break
		}
	}
	return strings.TrimRight(string(r), ",.;:") + "…"
}

func TestExcerptCutsAtAWordWithinTheLimit(t *testing.T) {
	words := []string{"pomoc", "społeczna,", "żółć", "ą", "Łódź.", "stowarzyszenie", " ", "x;"}
	rng := rand.New(rand.NewPCG(3, 3))
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		s, n := b.String(), 1+rng.IntN(60)
		if got, want := Excerpt(s, n), excerptByRunes(s, n); got != want {
			t.Fatalf("Excerpt(%q, %d) = %q, want %q", s, n, got, want)
		}
	}
}

func TestJoinPresent(t *testing.T) {
	for _, c := range []struct {
		parts []string
		want  string
	}{
		{nil, ""},
		{[]string{"", ""}, ""},
		{[]string{"", "Leszno", ""}, "Leszno"},
		{[]string{"Stowarzyszenie", "", "Leszno", "Zatorze"}, "Stowarzyszenie · Leszno · Zatorze"},
		{[]string{"", "ul. Długa 1", "Leszno"}, "ul. Długa 1 · Leszno"},
	} {
		if got := joinPresent(" · ", c.parts...); got != c.want {
			t.Errorf("joinPresent(%q) = %q, want %q", c.parts, got, c.want)
		}
	}
}

func TestResultMetaJoinsAsJoinPresent(t *testing.T) {
	parts := []string{"", "Stowarzyszenie", "ul. Długa 1 & <2>", "Leszno", "Zatorze"}
	for _, form := range parts {
		for _, street := range parts {
			for _, city := range parts {
				for _, district := range parts {
					got := written(t, resultMeta{form, street, city, district}.write)
					want := html.EscapeString(joinPresent(" · ", form, joinPresent(", ", street, city), district))
					if got != want {
						t.Fatalf("resultMeta{%q, %q, %q, %q} = %q, want %q", form, street, city, district, got, want)
					}
				}
			}
		}
	}
}

// written is what write writes through components.HTML.
func written(t *testing.T, write func(*components.HTML)) string {
	t.Helper()
	var b strings.Builder
	h := components.NewHTML(&b)
	write(&h)
	if err := h.Done(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestExcerptOfWritesExcerptEscaped checks the escaping and the ellipsis
// (the cut is TestExcerptCutsAtAWordWithinTheLimit's).
func TestExcerptOfWritesExcerptEscaped(t *testing.T) {
	for _, s := range []string{"", "krótki", `Pomoc "dla" rodzin & dzieci <3, świetlica; opieka.`, strings.Repeat("żółć & ", 60)} {
		for _, n := range []int{5, 20, 220} {
			if got, want := written(t, excerptOf(s, n).write), html.EscapeString(Excerpt(s, n)); got != want {
				t.Errorf("excerptOf(%q, %d) = %q, want %q", s, n, got, want)
			}
		}
	}
}

// FuzzPhoneLink checks the phone link written in runs against the address
// telURL puts together, escaped as templ escapes an attribute.
func FuzzPhoneLink(f *testing.F) {
	f.Add("+48 65 529 12 34")
	f.Add("65-529-12-34 wew. 12")
	f.Add(`<a>"&'+1`)
	f.Fuzz(func(t *testing.T, phone string) {
		got := written(t, phoneLink(phone).write)
		want := `<a href="` + html.EscapeString(telURL(phone)) + `">` + html.EscapeString(phone) + `</a>`
		if got != want {
			t.Errorf("phoneLink(%q) = %q, want %q", phone, got, want)
		}
	})
}

// Each open-now status has its own sentence in each language, the same
// when it comes from what openText keeps as when it is first made.
func TestOpenTextSaysEachStatus(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	statuses := []directory.Status{
		{Known: true, Open: true, Until: 16 * 60},
		{Known: true, Open: true, Until: 12*60 + 30},
		{Known: true, NextDay: 3, NextOpens: 8 * 60, InDays: 0, Today: 3},
		{Known: true, NextDay: 4, NextOpens: 8 * 60, InDays: 1, Today: 3},
		{Known: true, NextDay: 4, NextOpens: 9 * 60, InDays: 1, Today: 3},
		{Known: true, NextDay: 1, NextOpens: 9 * 60, InDays: 5, Today: 3},
		{Known: true, NextDay: 2, NextOpens: 9 * 60, InDays: 5, Today: 4},
		{Known: true},
	}
	seen := map[string]bool{}
	for _, lang := range []string{"pl", "uk", "en"} {
		ctx := i18n.With(context.Background(), cat.Lang(lang))
		l := i18n.From(ctx)
		for _, st := range statuses {
			want := l.T("closed_now")
			switch {
			case st.Open:
				want = l.T("open_now_until", map[string]string{"Time": st.Until.String()})
			case st.NextDay != 0:
				want = l.T("closed_now_next", map[string]string{"Day": nextDayName(ctx, st), "Time": st.NextOpens.String()})
			}
			for range 2 { // made, then kept
				if got := openText(ctx, st); got != want {
					t.Errorf("%s %+v: %q, want %q", lang, st, got, want)
				}
			}
			if seen[want] {
				t.Errorf("%s %+v: %q says what another status said", lang, st, want)
			}
			seen[want] = true
		}
	}
}

// A card lists its categories and its badges (volunteers, interns) only
// when it has some: no empty list for a screen reader to announce.
func TestResultCardHasNoEmptyLists(t *testing.T) {
	cat, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	ctx := i18n.With(context.Background(), cat.Lang("pl"))
	card := func(o directory.Summary) string {
		var b strings.Builder
		if err := (resultItem{o: &o, base: "/organizacje"}).Render(ctx, &b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	bare := card(directory.Summary{Slug: "a", Name: "A"})
	if strings.Contains(bare, "<ul") {
		t.Errorf("a card with no categories or badges has a list: %s", bare)
	}
	full := card(directory.Summary{Slug: "b", Name: "B", Categories: []string{"Seniorzy"}, TakesInterns: true})
	for _, want := range []string{`<ul class="tags"><li class="tag">Seniorzy</li></ul>`, `<ul class="badges"><li class="badge">Przyjmuje praktykantów</li></ul></li>`} {
		if !strings.Contains(full, want) {
			t.Errorf("card %s\nlacks %s", full, want)
		}
	}
}
