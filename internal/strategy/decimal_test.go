package strategy

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestTypedDecimal(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"12,5", "12.5"},
		{"12.5", "12.5"},
		{"1 234,5", "1234.5"},
		{"1\u00a0234,5", "1234.5"},   // as the web pages print it
		{"1\u202f234,50", "1234.50"}, // narrow no-break space
		{"1\u2009234", "1234"},       // thin space
		{"  -3,25 ", "-3.25"},
		{"0", "0"},
		{",5", ".5"},
		{"1.0", "1.0"}, // the scale as typed
		{"", ""},
		{"abc", "abc"},
		{"1,5,3", "1,5,3"},
		{"1.234,5", "1.234,5"}, // a point does not group thousands
		{"1e3", "1e3"},         // nor do exponents pass
		{"1 e3", "1 e3"},
		{"12,5 zł", "12,5 zł"}, // a currency only in an amount
		{"12%", "12%"},
	} {
		if got := TypedDecimal(tt.in); got != tt.want {
			t.Errorf("TypedDecimal(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTypedAmount(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"2 000,00 zł", "2000.00"},
		{"2000.00", "2000.00"},
		{"2\u00a0000,00\u00a0zł", "2000.00"},
		{"1 200zł", "1200"},
		{"  350 ", "350"},
		{"zł", "zł"},
		{"", ""},
		{"dużo zł", "dużo zł"},
		{"1,5e3 zł", "1,5e3 zł"},
		{"2 000 PLN", "2 000 PLN"},
	} {
		if got := TypedAmount(tt.in); got != tt.want {
			t.Errorf("TypedAmount(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDecimal(t *testing.T) {
	for _, tt := range []struct{ lang, in, number, amount, percent string }{
		{"pl", "1000", "1000", "1\u00a0000,00", "1000%"},
		{"pl", "13699", "13\u00a0699", "13\u00a0699,00", "13\u00a0699%"},
		{"pl", "87.5", "87,5", "87,5", "87,5%"},
		{"pl", "2000.00", "2000,00", "2\u00a0000,00", "2000,00%"},
		{"pl", "-1234567.25", "-1\u00a0234\u00a0567,25", "-1\u00a0234\u00a0567,25", "-1\u00a0234\u00a0567,25%"},
		{"pl", "", "–", "–", "–"},
		{"uk", "1000", "1\u00a0000", "1\u00a0000,00", "1\u00a0000%"},
		{"en", "13699", "13,699", "13,699.00", "13,699%"},
		{"en", "1234567.0", "1,234,567.0", "1,234,567.0", "1,234,567.0%"},
		{"de", "13699.5", "13\u00a0699,5", "13\u00a0699,5", "13\u00a0699,5%"}, // Polish
	} {
		if got := FormatDecimal(tt.lang, tt.in); got != tt.number {
			t.Errorf("FormatDecimal(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.number)
		}
		if got := FormatAmount(tt.lang, tt.in); got != tt.amount {
			t.Errorf("FormatAmount(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.amount)
		}
		if got := FormatPercent(tt.lang, tt.in); got != tt.percent {
			t.Errorf("FormatPercent(%q, %q) = %q, want %q", tt.lang, tt.in, got, tt.percent)
		}
	}
}

// The two readers TypedDecimal and TypedAmount replaced, as they were: the
// monitoring forms' (report values, baselines and targets) and the task
// form's amounts. The task form's indicator values only had their commas
// made points.
func oldDecimalTyped(v string) string {
	s := oldClean(v)
	if _, ok := Share(s, "1"); ok {
		return s
	}
	return v
}

func oldMoney(typed string) string {
	s := oldClean(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(typed), "zł")))
	if _, err := decimal.NewFromString(s); err != nil {
		return typed
	}
	return s
}

// oldClean is what both did first (each in a copy of its own).
func oldClean(v string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0':
			return -1
		case ',':
			return '.'
		}
		return r
	}, v)
}

// FuzzTypedDecimal checks that what is read is an exact decimal that the
// formatter writes back to the same reading, and that the readers agree
// with the old ones but where they were meant to differ: thin and narrow
// spaces group thousands now, numbers of over 40 characters are read (to
// be refused by their length in validation, as before), and an amount
// with an exponent stays as typed.
func FuzzTypedDecimal(f *testing.F) {
	for _, s := range []string{"12,5", "12.5", "1 234,5", "1\u00a0234,5", "1\u202f234", "-0,75", ",5", "5,",
		"2 000,00 zł", "1e3", "1,5e3", "abc", "", " 7 ", "1.234,5", "+3", "\t8\n", "\xff1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := TypedDecimal(in)
		if s, ok := typedDecimal(in); !ok {
			if got != in {
				t.Fatalf("TypedDecimal(%q) = %q, neither a number nor as typed", in, got)
			}
		} else {
			if _, err := decimal.NewFromString(got); err != nil || got != s || strings.ContainsAny(got, "eE ,\u00a0") {
				t.Fatalf("TypedDecimal(%q) = %q, not in the portal's form", in, got)
			}
			for _, lang := range []string{"pl", "uk"} {
				if back := TypedDecimal(FormatDecimal(lang, got)); back != got {
					t.Fatalf("TypedDecimal(FormatDecimal(%q, %q)) = %q", lang, got, back)
				}
			}
		}
		newSpace := strings.ContainsAny(in, "\u202f\u2009")
		if in == strings.TrimSpace(in) && !newSpace && len(in) <= 40 {
			if old := oldDecimalTyped(in); got != old {
				t.Fatalf("TypedDecimal(%q) = %q, was %q", in, got, old)
			}
		}
		if !newSpace && !strings.ContainsAny(in, "eE") {
			if got, old := TypedAmount(in), oldMoney(in); got != old {
				t.Fatalf("TypedAmount(%q) = %q, was %q", in, got, old)
			}
		}
	})
}
