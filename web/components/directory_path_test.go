package components

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
)

func TestLangURL(t *testing.T) {
	for _, c := range []struct{ lang, u, want string }{
		{"pl", "https://bank.leszno.pl/organizacje?q=a&b=c", "https://bank.leszno.pl/organizacje?q=a&b=c"},
		{"uk", "https://bank.leszno.pl/organizacje?q=a&b=c", "https://bank.leszno.pl/uk/organizacje?q=a&b=c"},
		{"en", "http://127.0.0.1:8080/", "http://127.0.0.1:8080/en"},
		{"en", "http://127.0.0.1:8080", "http://127.0.0.1:8080/en"},
		{"uk", "http://example.com/?q=x", "http://example.com/uk?q=x"},
		{"uk", "http://example.com?q=x", "http://example.com/uk?q=x"},
		{"uk", "/organizacje/a-b", "/uk/organizacje/a-b"},
		{"en", "/", "/en"},
	} {
		if got := LangURL(c.lang, c.u); got != c.want {
			t.Errorf("LangURL(%q, %q) = %q, want %q", c.lang, c.u, got, c.want)
		}
	}
}

// langURLParsed is LangURL as it was written with url.Parse: the cut by
// hand must agree with it on every address url.Parse reads.
func langURLParsed(lang, u string) string {
	if lang == "" || lang == Languages[0] {
		return u
	}
	pu, err := url.Parse(u)
	if err != nil || !pu.IsAbs() {
		return LangPath(lang, u)
	}
	rest := strings.TrimPrefix(u, pu.Scheme+"://"+pu.Host)
	return pu.Scheme + "://" + pu.Host + LangPath(lang, rest)
}

func FuzzLangURL(f *testing.F) {
	f.Add("https", "bank.leszno.pl", "/organizacje?q=a&b=c")
	f.Add("http", "127.0.0.1:8080", "")
	f.Add("http", "example.com", "?q=x#y")
	host := regexp.MustCompile(`^[a-z0-9.-]+(:[0-9]+)?$`)
	f.Fuzz(func(t *testing.T, scheme, h, rest string) {
		if scheme != "http" && scheme != "https" || !host.MatchString(h) || rest != "" && !strings.ContainsRune("/?#", rune(rest[0])) {
			return
		}
		u := scheme + "://" + h + rest
		if _, err := url.Parse(u); err != nil {
			return
		}
		for _, l := range Languages {
			if got, want := LangURL(l, u), langURLParsed(l, u); got != want {
				t.Fatalf("LangURL(%q, %q) = %q, url.Parse gives %q", l, u, got, want)
			}
		}
	})
}
