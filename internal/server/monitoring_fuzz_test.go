package server

import (
	"net/url"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/strategy"
)

// The report form's parser never panics, keeps every field as typed
// (trimmed), and what it lets through is a report Validate accepts, with
// exact decimals only.
func FuzzParseReport(f *testing.F) {
	f.Add("zgodnie_z_planem", "Zrobiono", "10", "52,50", "budżet miasta", "1 200,00 zł")
	f.Add("", "\x00", "150%", "1e999999999", "", "dużo")
	f.Add("opoznione", "a\r\nb", "-1", "-0,5", "x", "-3")
	card := &strategy.Card{Task: strategy.Task{Slug: "ii-9-2", Stages: []strategy.Stage{{Order: 1}}, Indicators: []strategy.Indicator{{Name: "m"}}}}
	f.Fuzz(func(t *testing.T, status, done, stage, value, source, amount string) {
		form := url.Values{"status": {status}, "done": {done}, "stages.0": {stage}, "values.0": {value},
			"spending.0.source": {source}, "spending.0.amount": {amount}}
		r, typed, errs := parseReport(form, "2026-1", card)
		for k, v := range form {
			if want := strings.TrimSpace(strings.ReplaceAll(v[0], "\r\n", "\n")); typed[k] != want {
				t.Fatalf("%s typed %q, kept %q", k, want, typed[k])
			}
		}
		if errs != nil {
			return
		}
		if e := r.Validate(&card.Task); e != nil {
			t.Fatalf("accepted a report Validate refuses: %v", e)
		}
		for _, v := range r.Values {
			if v != "" && strings.ContainsAny(v, ", eE") {
				t.Fatalf("value %q is not an exact decimal", v)
			}
		}
	})
}
