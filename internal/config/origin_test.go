package config

import (
	"strings"
	"testing"
)

func TestEmbedOrigins(t *testing.T) {
	env := map[string]string{"EMBED_ORIGINS": "https://mopr.leszno.pl, https://WWW.Leszno.pl/ http://localhost:8081"}
	c, err := Load(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"https://mopr.leszno.pl", "https://www.leszno.pl", "http://localhost:8081"}
	if strings.Join(c.EmbedOrigins, " ") != strings.Join(want, " ") {
		t.Errorf("EmbedOrigins = %q, want %q", c.EmbedOrigins, want)
	}
	for _, bad := range []string{
		"mopr.leszno.pl", "ftp://mopr.leszno.pl", "https://mopr.leszno.pl/bank", "https://*.leszno.pl",
		"https://mopr.leszno.pl;script-src", "https://'self'", "https://a@mopr.leszno.pl", "https://mopr.leszno.pl?x",
		"https://", "https://mopr..pl", "https://mopr.leszno.pl:",
	} {
		env["EMBED_ORIGINS"] = "https://www.leszno.pl " + bad
		_, err := Load(func(k string) string { return env[k] })
		if err == nil || !strings.Contains(err.Error(), "EMBED_ORIGINS") || !strings.Contains(err.Error(), bad) {
			t.Errorf("EMBED_ORIGINS=%q: error %v, want one naming the value", bad, err)
		}
	}
}

func FuzzParseOrigin(f *testing.F) {
	for _, s := range []string{"https://mopr.leszno.pl", "http://[::1]:8080", "https://a b", "https://x;y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := ParseOrigin(s)
		if err != nil {
			return
		}
		// Whatever passes is safe to put into a CSP source list.
		if !strings.HasPrefix(o, "http://") && !strings.HasPrefix(o, "https://") {
			t.Fatalf("%q → %q", s, o)
		}
		rest := o[strings.Index(o, "://")+3:]
		if rest == "" || strings.ContainsAny(rest, " ;,'\"*\t\r\n/?#@\\") {
			t.Fatalf("%q → %q", s, o)
		}
		if again, err := ParseOrigin(o); err != nil || again != o {
			t.Fatalf("%q → %q → %q, %v", s, o, again, err)
		}
	})
}
