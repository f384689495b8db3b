package public

import (
	"testing"

	"github.com/mopr-leszno/portal/internal/i18n"
)

func TestNumbersPerLanguage(t *testing.T) {
	c, err := i18n.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ lang, in, number, money string }{
		{"pl", "1000", "1000", "1\u00a0000,00\u00a0zł"},
		{"pl", "13699", "13\u00a0699", "13\u00a0699,00\u00a0zł"},
		{"pl", "1.5", "1,5", "1,50\u00a0zł"},
		{"uk", "1000", "1\u00a0000", "1\u00a0000,00\u00a0зл"},
		{"uk", "-13699.25", "-13\u00a0699,25", "-13\u00a0699,25\u00a0зл"},
		{"en", "13699", "13,699", "PLN\u00a013,699.00"},
		{"en", "1234567.0", "1,234,567.0", "PLN\u00a01,234,567.0"},
		{"en", "12", "12", "PLN\u00a012.00"},
	} {
		ctx := i18n.With(t.Context(), c.Lang(tt.lang))
		if got := localNumber(ctx, tt.in); got != tt.number {
			t.Errorf("%s localNumber(%q) = %q, want %q", tt.lang, tt.in, got, tt.number)
		}
		in := tt.in
		if tt.in == "1.5" {
			in = "1.50"
		}
		if got := money(ctx, in); got != tt.money {
			t.Errorf("%s money(%q) = %q, want %q", tt.lang, in, got, tt.money)
		}
	}
}
