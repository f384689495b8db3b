package public

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
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
