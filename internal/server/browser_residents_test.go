package server_test

import (
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserPhone is a resident on a phone (360 × 640 CSS px) in
// Chromium: the first result shows on the first screen because the filters
// are folded; opening the fold, choosing filters and sending them filters
// the list; a result's page leads back to that search; its tools work; and
// it prints on one A4 sheet with its address and publication, without the
// "open now" that goes stale on paper. On a wide screen the script opens
// the filters. Every page is checked with axe-core, and the console for CSP
// violations.
func TestBrowserPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test: skipped with -short")
	}
	chromium := chromiumPath(t)
	axeJS := readAxe(t)
	site := newSite(t)
	pub := site.published()
	srv := httptest.NewServer(site.h)
	t.Cleanup(srv.Close)
	b, con := startChromium(t, chromium, srv.URL, 90*time.Second)
	b.do(t, chromedp.EmulateViewport(360, 640))

	var orgURL string
	steps := []struct {
		name string
		run  func(t *testing.T)
	}{
		{"the first result is on the first screen", func(t *testing.T) {
			b.open(t, "/organizacje", http.StatusOK)
			got := b.eval(t, `(() => {
				const r = document.querySelector('ol.result-list > li.result h3 a').getBoundingClientRect();
				return {
					bottom: String(r.bottom), height: String(window.innerHeight), width: String(window.innerWidth),
					open: String(document.querySelector('details.filters__more').open),
				};
			})()`)
			if got["width"] != "360" {
				t.Fatalf("viewport width %s, want 360", got["width"])
			}
			bottom, _ := strconv.ParseFloat(got["bottom"], 64)
			height, _ := strconv.ParseFloat(got["height"], 64)
			if bottom <= 0 || bottom > height {
				t.Errorf("the first result's name ends at %.0f px, below the %.0f px screen", bottom, height)
			}
			if got["open"] != "false" {
				t.Error("the filters start open on a phone")
			}
			b.axe(t, axeJS)
		}},
		{"the filters open and apply", func(t *testing.T) {
			b.do(t, chromedp.Click(chromedp.CSS("details.filters__more > summary")))
			if !b.evalBool(t, `document.querySelector('details.filters__more').open`) {
				t.Fatal("a tap on the summary did not open the filters")
			}
			b.do(t,
				chromedp.SetValue(chromedp.CSS("#kategoria"), "seniorzy"),
				chromedp.Click(chromedp.CSS("#wolontariat")),
			)
			b.navigate(t, chromedp.Click(chromedp.CSS("form.filters button[type=submit]")))
			u := b.location(t)
			if q := u.Query(); q.Get("kategoria") != "seniorzy" || q.Get("wolontariat") != "tak" {
				t.Fatalf("after filtering: %s", u)
			}
			res := b.results(t)
			if len(res.Names) == 0 {
				t.Fatalf("no results (heading %q)", res.Count)
			}
			checkCount(t, res)
			for i, name := range res.Names {
				if !strings.Contains(strings.Join(res.Badges[i], " "), "Przyjmuje wolontariuszy") {
					t.Errorf("result %q has badges %q", name, res.Badges[i])
				}
			}
			if s := b.evalString(t, `document.querySelector('details.filters__more > summary').innerText.trim()`); s != "Filtry (2 włączone)" {
				t.Errorf("summary %q, want the two filters counted", s)
			}
			b.axe(t, axeJS)
		}},
		{"a result's page leads back to the search", func(t *testing.T) {
			// The search's own address, as the list writes it (without the
			// empty fields a form sends).
			search := b.evalString(t, `document.querySelector('link[rel=canonical]').href`)
			b.navigate(t, chromedp.Click(chromedp.CSS("ol.result-list > li.result h3 a")))
			orgURL = b.location(t).Path
			b.axe(t, axeJS)
			b.navigate(t, chromedp.Click(chromedp.CSS(".breadcrumbs a")))
			if back := b.location(t).String(); back != search {
				t.Errorf("the back link led to %s, want the search %s", back, search)
			}
		}},
		{"the organisation's tools", func(t *testing.T) {
			b.open(t, orgURL, http.StatusOK)
			got := b.eval(t, `({
				permalink: document.getElementById('permalink').value,
				print: String(!document.querySelector('[data-print]').hidden),
				copy: String(!document.querySelector('[data-copy]').hidden),
				directions: document.querySelector('.directions a')?.href ?? '',
			})`)
			if got["permalink"] != srv.URL+orgURL {
				t.Errorf("permalink %q, want %q", got["permalink"], srv.URL+orgURL)
			}
			if got["print"] != "true" || got["copy"] != "true" {
				t.Errorf("with the script, print shown %s, copy shown %s", got["print"], got["copy"])
			}
			if !strings.HasPrefix(got["directions"], "https://www.openstreetmap.org/directions?") {
				t.Errorf("directions %q", got["directions"])
			}
		}},
		{"it prints on one sheet with its address and publication", func(t *testing.T) {
			ctx, cancel := b.step()
			defer cancel()
			pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4)))
			if err != nil {
				t.Fatal(err)
			}
			pages := pdfPages(t, pdf)
			text := strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
			if len(pages) != 1 {
				t.Errorf("the page prints on %d A4 sheets, want one:\n%s", len(pages), text)
			}
			for _, want := range []string{srv.URL + orgURL, "publikacja nr " + strconv.Itoa(pub.Number) + " z "} {
				if !strings.Contains(text, want) {
					t.Errorf("the print lacks %q:\n%s", want, text)
				}
			}
			for _, stale := range []string{"Otwarte teraz", "Teraz zamknięte", "Kopiuj adres", "Drukuj"} {
				if strings.Contains(text, stale) {
					t.Errorf("the print shows %q:\n%s", stale, text)
				}
			}
		}},
		{"card 9.2's live value on demo data", func(t *testing.T) {
			b.open(t, "/strategia/zadania/ii-9-2", http.StatusOK)
			if got := b.evalString(t, `document.querySelector('.indicator-table td.live').innerText.trim()`); got != "0 (tylko dane przykładowe)" {
				t.Errorf("live value %q", got)
			}
			b.axe(t, axeJS)
		}},
		{"on a wide screen the filters start open", func(t *testing.T) {
			b.do(t, chromedp.EmulateViewport(1280, 900))
			b.open(t, "/organizacje", http.StatusOK)
			if !b.evalBool(t, `document.querySelector('details.filters__more').open`) {
				t.Error("the script did not open the filters on a wide screen")
			}
		}},
	}
	for _, s := range steps {
		if !t.Run(s.name, s.run) {
			break
		}
	}
	t.Run("no CSP violation in the console", func(t *testing.T) {
		for _, m := range con.csp() {
			t.Errorf("CSP violation: %s", m)
		}
	})
}

// pdfPages returns the text of each page of a PDF, as pdftotext (Debian's
// poppler-utils) reads it.
func pdfPages(t *testing.T, pdf []byte) []string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (Debian's poppler-utils) is not installed; `make test-deps` installs it")
	}
	file := filepath.Join(t.TempDir(), "page.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	// Each page ends with a form feed.
	pages := strings.Split(string(out), "\f")
	return pages[:len(pages)-1]
}
