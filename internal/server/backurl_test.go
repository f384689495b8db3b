package server

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzBackURL holds the back link of an organisation's page to the
// directory whatever its wroc parameter holds: empty, or the directory's
// path with nothing but a query after it, and the search a result's link
// carries comes back as the same address.
func FuzzBackURL(f *testing.F) {
	for _, s := range []string{"", "q=pomoc&strona=2", "//evil.example", "https://evil.example/", "javascript:alert(1)",
		"q=%0d%0aX:%20y", "%zz", "kategoria=seniorzy&praktyki=tak", "q=a&q=b", "strona=-1", "\\evil"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := httptest.NewRequest("GET", "/organizacje/x?"+paramBack+"="+url.QueryEscape(raw), nil)
		got := backURL(r, "/organizacje")
		if got == "" {
			return
		}
		if rest, ok := strings.CutPrefix(got, "/organizacje?"); !ok || strings.ContainsAny(rest, "#\\ \r\n<>\"") {
			t.Fatalf("wroc=%q: back link %q leaves the directory or is not a plain query", raw, got)
		}
		// What the list carries for that search leads back to it again.
		q := parseQuery(mustQuery(t, strings.TrimPrefix(got, "/organizacje?")))
		r = httptest.NewRequest("GET", "/organizacje/x"+backParam(q), nil)
		if again := backURL(r, "/organizacje"); again != got {
			t.Fatalf("wroc=%q: back link %q, but the list's own parameter for it leads to %q", raw, got, again)
		}
	})
}

func mustQuery(t *testing.T, s string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
