package strategy

import "testing"

func TestPartNumbers(t *testing.T) {
	for _, tt := range []struct {
		kind       PartKind
		typed, got string
		ok         bool
	}{
		{KindGoal, "3", "III", true},
		{KindGoal, " iv ", "IV", true},
		{KindGoal, "IIII", "IIII", false},
		{KindGoal, "cel", "cel", false},
		{KindArea, "010", "10", true},
		{KindArea, "0", "0", false},
		{KindArea, "dziesięć", "dziesięć", false},
	} {
		p := Part{Kind: tt.kind, Number: tt.typed, Name: "Nazwa"}
		p.NormalizeNumber()
		if p.Number != tt.got {
			t.Errorf("%s %q → %q, want %q", tt.kind, tt.typed, p.Number, tt.got)
		}
		if errs := p.Validate(); (errs["number"] == "") != tt.ok {
			t.Errorf("%s %q: errors %v", tt.kind, tt.typed, errs)
		}
	}
	if n := NextNumber(KindGoal, 3); n != "IV" {
		t.Errorf("next goal after III = %q", n)
	}
	if errs := (&Part{Kind: KindDocument}).Validate(); errs["name"] != "err_required" || len(errs) != 1 {
		t.Errorf("empty document: %v", errs)
	}
}

// FuzzPartNumber: whatever is typed as a number, normalising it never
// panics and a number Validate accepts is written canonically.
func FuzzPartNumber(f *testing.F) {
	for _, s := range []string{"3", "iv", "MMMCMXCIX", "0", "-1", "9999", "ⅳ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		for _, k := range []PartKind{KindGoal, KindArea} {
			p := Part{Kind: k, Number: typed, Name: "Nazwa"}
			p.NormalizeNumber()
			if p.Validate()["number"] == "" {
				again := p
				again.NormalizeNumber()
				if again.Number != p.Number || p.Position() < 1 {
					t.Fatalf("%s %q: accepted %q not canonical", k, typed, p.Number)
				}
			}
		}
	})
}
