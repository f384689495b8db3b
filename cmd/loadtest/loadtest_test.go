package main

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// vocabulary is shaped like what readVocabulary finds in the generated
// data of 100 000 organisations.
func vocabulary() Vocabulary {
	var v Vocabulary
	for i, w := range []string{"pomoc", "spoleczna", "stowarzyszenie", "fundacja", "seniorow", "dzieci", "rodzina",
		"niepelnosprawnymi", "uzaleznien", "przemocy", "bezdomnosci", "wolontariusze", "swietlica", "zywnosc",
		"odziez", "porady", "prawne", "psycholog", "grupa", "wsparcia", "klub", "mlodziez", "kultura", "sport",
		"zdrowie", "hospicjum", "opieka", "edukacja", "integracja", "aktywizacja", "autyzm", "streetworking"} {
		v.Lexemes = append(v.Lexemes, Word{w, 20000 - i*600})
	}
	v.Raw = []string{"Stowarzyszenie", "Fundacja", "Klub", "społeczna", "seniorów", "niepełnosprawnymi", "żywność", "świetlica"}
	v.NameWords = []string{"Stowarzyszenie", "Fundacja", "Klub", "pomoc", "społeczna", "dzieci", "rodzina", "sport", "kultura"}
	v.Categories = []Facet{{"ubostwo", "", 12000}, {"pomoc-zywnosciowa", "ubostwo", 5000}, {"autyzm", "niepelnosprawnosc", 5000}, {"niepelnosprawnosc", "", 19000}}
	v.Groups = []Facet{{"dzieci", "", 6600}, {"seniorzy", "", 6600}, {"kobiety", "", 6600}}
	v.Districts = []Facet{{"zatorze", "", 7700}, {"kloc", "", 7700}, {"ogrody", "", 10}}
	v.Orgs, v.Volunteers, v.Interns, v.MaxNumber = 100000, 50000, 33333, 100000
	return v
}

func TestMixYieldsDistinctValidSearches(t *testing.T) {
	v := vocabulary()
	mix := Mix(v, 10)
	if len(mix) < 1000 {
		t.Fatalf("%d addresses, want at least 1000", len(mix))
	}
	if !slices.Equal(mix, Mix(v, 10)) {
		t.Error("the same vocabulary and seed gave another mix")
	}
	known := map[string]func(string) bool{
		"q": func(s string) bool { return s != "" && len([]rune(s)) <= 200 },
		"kategoria": func(s string) bool {
			return slices.ContainsFunc(v.Categories, func(f Facet) bool { return f.Slug == s })
		},
		"grupa": func(s string) bool { return slices.ContainsFunc(v.Groups, func(f Facet) bool { return f.Slug == s }) },
		"dzielnica": func(s string) bool {
			return slices.ContainsFunc(v.Districts, func(f Facet) bool { return f.Slug == s })
		},
		"otwarte":     func(s string) bool { return s == "tak" },
		"wolontariat": func(s string) bool { return s == "tak" },
		"praktyki":    func(s string) bool { return s == "tak" },
		"strona":      func(s string) bool { n, err := strconv.Atoi(s); return err == nil && n >= 2 && n <= maxCount/perPage },
	}
	seen := map[string]bool{}
	kinds := map[string]int{}
	for _, u := range mix {
		if seen[u] {
			t.Errorf("%s twice", u)
		}
		seen[u] = true
		p, err := url.Parse(u)
		if err != nil || p.Path != directoryPath || p.Host != "" {
			t.Errorf("%q: not a directory search (%v)", u, err)
			continue
		}
		vals := p.Query()
		for k, vs := range vals {
			if len(vs) != 1 || known[k] == nil || !known[k](vs[0]) {
				t.Errorf("%s: %s=%q is not a value the directory takes", u, k, vs)
			}
			kinds[k]++
		}
		if vals.Has("strona") {
			// a deep page must be within the count the URL is known to match
			n, _ := strconv.Atoi(vals.Get("strona"))
			if within := deepPageWithin(v, vals); n > within {
				t.Errorf("%s: page %d is past %d", u, n, within)
			}
			kinds["deep"]++
		}
		if len(vals) >= 2 && !vals.Has("strona") {
			kinds["combination"]++
		}
		if q := vals.Get("q"); strings.Contains(q, " ") {
			kinds["two words"]++
		}
	}
	for _, k := range []string{"q", "kategoria", "grupa", "dzielnica", "otwarte", "wolontariat", "praktyki", "strona", "deep", "combination", "two words"} {
		if kinds[k] < 3 {
			t.Errorf("only %d addresses with %s", kinds[k], k)
		}
	}
	for _, want := range []string{
		"/organizacje?kategoria=pomoc-zywnosciowa", // a child category
		"/organizacje?kategoria=ubostwo",           // its parent
		"/organizacje?q=stowarzyszenie",            // a common word
		"/organizacje?q=sto",                       // a prefix
		"/organizacje?q=niepe%C5%82nosprawnymi",    // diacritics as written
		"/organizacje?otwarte=tak",
	} {
		if !seen[want] {
			t.Errorf("no %s in the mix", want)
		}
	}
	// A district too small for a second page gets none.
	for _, u := range mix {
		if strings.Contains(u, "dzielnica=ogrody") && strings.Contains(u, "strona=") {
			t.Errorf("%s: ogrody has 10 organisations, one page", u)
		}
	}
}

// deepPageWithin is the deepest page of a search with a page number that
// Mix may produce: the list, one word, or one filter.
func deepPageWithin(v Vocabulary, vals url.Values) int {
	count := -1
	if len(vals) == 1 {
		count = v.Orgs
	}
	for _, w := range v.Lexemes {
		if vals.Get("q") == w.Text {
			count = w.Docs
		}
	}
	for key, fs := range map[string][]Facet{"kategoria": v.Categories, "grupa": v.Groups, "dzielnica": v.Districts} {
		for _, f := range fs {
			if vals.Get(key) == f.Slug {
				count = f.Count
			}
		}
	}
	if vals.Get("wolontariat") == "tak" {
		count = v.Volunteers
	}
	if vals.Get("praktyki") == "tak" {
		count = v.Interns
	}
	if len(vals) != 2 && count != v.Orgs {
		return 0 // a page number with more than one condition: never made
	}
	return lastPage(count)
}

func TestTypos(t *testing.T) {
	v := vocabulary()
	mix := strings.Join(Mix(v, 1), "\n")
	// stowarzyszenie with a letter swapped, dropped or doubled somewhere inside
	found := 0
	for _, u := range strings.Split(mix, "\n") {
		q, _ := url.Parse(u)
		w := q.Query().Get("q")
		if w != "stowarzyszenie" && len(w) >= 13 && len(w) <= 15 && strings.HasPrefix(w, "s") && !strings.Contains(w, " ") &&
			editDistance(w, "stowarzyszenie") <= 2 {
			found++
		}
	}
	if found == 0 {
		t.Error("no misspelling of stowarzyszenie in the mix")
	}
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

func TestParseWrk(t *testing.T) {
	out := `Running 15s test @ http://127.0.0.1:40001
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms    0.51ms  20.11ms   90.00%
  523456 requests in 15.00s, 10.23GB read
Requests/sec:  34897.07
Transfer/sec:    698.34MB
LOADTEST requests=523456 duration_us=15000123 bytes=10987654321 connect=0 read=2 write=0 timeout=1 status=5 p50_us=912 p95_us=2100 p99_us=4650 max_us=20110 s2xx=523449 s3xx=0 s4xx=3 s5xx=4 unexpected=7 counted=true
`
	r, err := parseWrk(out)
	if err != nil {
		t.Fatal(err)
	}
	want := Result{Requests: 523456, Duration: 15000123 * time.Microsecond, Bytes: 10987654321, Read: 2, Timeout: 1, Status: 5,
		P50: 912 * time.Microsecond, P95: 2100 * time.Microsecond, P99: 4650 * time.Microsecond, Max: 20110 * time.Microsecond,
		S2xx: 523449, S4xx: 3, S5xx: 4, Unexpected: 7, Counted: true}
	if r != want {
		t.Errorf("got %+v\nwant %+v", r, want)
	}
	if got := r.Errors(); got != 2+1+7 {
		t.Errorf("Errors() = %d, want 10 (socket errors and the script's 4xx+5xx count, larger than wrk's)", got)
	}
	if rps := r.RPS(); rps < 34896 || rps > 34898 {
		t.Errorf("RPS() = %f", rps)
	}
	lean, err := parseWrk(strings.Replace(out, "counted=true", "counted=false", 1))
	if err != nil || lean.Counted {
		t.Errorf("a run that did not count: %+v, %v", lean, err)
	}
	for _, bad := range []string{
		"no line here",
		strings.Replace(out, " counted=true", "", 1),
		strings.Replace(out, "counted=true", "counted=maybe", 1),
		"LOADTEST requests=1",
		"LOADTEST requests=x duration_us=1",
		strings.Replace(out, "p95_us=2100", "p95_us=2100.5", 1),
	} {
		if _, err := parseWrk(bad); err == nil {
			t.Errorf("parseWrk(%q): no error", bad)
		}
	}
}

// The counting script reads every response in Lua and the lean one
// reads none (wrk reads a body into Lua only for a response function),
// and both say which they are.
func TestWrkScripts(t *testing.T) {
	for _, counting := range []bool{true, false} {
		s := wrkScript(counting)
		if got := strings.Contains(s, "function response("); got != counting {
			t.Errorf("counting %v: a response function: %v", counting, got)
		}
		if !strings.Contains(s, fmt.Sprintf("counted=%v", counting)) || strings.Contains(s, "{") && strings.Contains(s, "{response}") {
			t.Errorf("counting %v: the script is not filled in:\n%s", counting, s)
		}
	}
}

func TestWithDatabase(t *testing.T) {
	for _, c := range []struct{ base, want string }{
		{"", "dbname=portal_load_1"},
		{"postgres://u:p@db:5432/portal?sslmode=require", "postgres://u:p@db:5432/portal_load_1?sslmode=require"},
		{"host=127.0.0.1 user=root dbname=portal", "host=127.0.0.1 user=root dbname=portal dbname=portal_load_1"},
	} {
		got, err := withDatabase(c.base, "portal_load_1")
		if err != nil || got != c.want {
			t.Errorf("withDatabase(%q) = %q, %v; want %q", c.base, got, err, c.want)
		}
	}
}

func TestReferencePage(t *testing.T) {
	p := referencePage(20 << 10)
	if len(p) != 20<<10 || !strings.HasPrefix(string(p), "<!doctype html>") || !strings.HasSuffix(string(p), "</html>") {
		t.Errorf("reference page: %d bytes, %.40q…", len(p), p)
	}
}

func TestThousandsAndLatency(t *testing.T) {
	for n, want := range map[float64]string{0: "0", 999.6: "1 000", 34897.07: "34 897", 1234567: "1 234 567"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%v) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{912 * time.Microsecond: "0.91 ms", 174 * time.Millisecond: "174 ms", 1200 * time.Millisecond: "1.20 s"} {
		if got := latency(d); got != want {
			t.Errorf("latency(%v) = %q, want %q", d, got, want)
		}
	}
}

// The processor time read from /proc grows with the work done (on a busy
// machine the work gets the processor later, hence the deadline).
func TestCPUTimeCountsWork(t *testing.T) {
	before := cpuTime(0)
	deadline := time.Now().Add(10 * time.Second)
	x := 0
	for cpuTime(0)-before < 50*time.Millisecond {
		if time.Now().After(deadline) {
			t.Fatalf("10 s of work counted as %v (x=%d)", cpuTime(0)-before, x)
		}
		for range 1_000_000 {
			x++
		}
	}
	if cpuTime(1<<30) != 0 {
		t.Error("a process that does not exist used processor time")
	}
}

// Each page run is divided by the mean of the reference runs just before
// and just after it (the one before, while none has come after), and a row
// run in several rounds shows its median round and the range of its
// ratios.
func TestReportRounds(t *testing.T) {
	rps := func(n int) Result { return Result{Requests: n, Duration: time.Second} }
	rep := &report{o: options{rounds: 3, threads: 2, conns: 32, duration: time.Second}}
	rep.addReference("reference", rps(40000), 0)
	for i, r := range []struct{ list, ref, search, after int }{
		{24000, 40000, 8000, 40000}, // list 24/40 = 0.600, search 8/40 = 0.200
		{24500, 30000, 9000, 30000}, // 24.5/35 = 0.700, 9/30 = 0.300
		{20000, 50000, 4000, 30000}, // 20/40 = 0.500, 4/40 = 0.100
	} {
		rep.round = i + 1
		rep.add("list", rps(r.list), 200, 0)
		rep.addReference("reference", rps(r.ref), 0)
		rep.add("search", rps(r.search), 200, 0)
		if i == 0 {
			rep.add("publish", rps(1000), 200, 0) // once, in the first round
		}
		rep.addReference("reference", rps(r.after), 0)
	}
	rep.add("last", rps(3000), 200, 0) // no reference after it
	got := map[string]tableRow{}
	var order []string
	for _, x := range rep.table() {
		got[x.label] = x
		order = append(order, x.label)
	}
	if want := []string{"reference", "list", "search", "publish", "last"}; !slices.Equal(order, want) {
		t.Errorf("rows %v, want %v", order, want)
	}
	for label, want := range map[string]struct {
		median, lo, hi float64
		runs           int
	}{
		"reference": {1, 1, 1, 7},
		"list":      {0.6, 0.5, 0.7, 3},
		"search":    {0.2, 0.1, 0.3, 3},
		"publish":   {0.025, 0.025, 0.025, 1},
		"last":      {0.1, 0.1, 0.1, 1},
	} {
		x := got[label]
		near := func(a, b float64) bool { return a-b < 1e-9 && b-a < 1e-9 }
		if !near(x.ratio(), want.median) || !near(x.lo, want.lo) || !near(x.hi, want.hi) || len(x.runs) != want.runs {
			t.Errorf("%s: ratio %.3f (%.3f–%.3f) in %d runs, want %.3f (%.3f–%.3f) in %d", label,
				x.ratio(), x.lo, x.hi, len(x.runs), want.median, want.lo, want.hi, want.runs)
		}
	}
	var b strings.Builder
	rep.write(&b)
	if !strings.Contains(b.String(), "| search | 8 000 |") || !strings.Contains(b.String(), "0.200 (0.100–0.300 in 3 runs)") {
		t.Errorf("the table does not show the search's median round and range:\n%s", b.String())
	}
}

// A warm-up that met a status other than the expected one is noted in the
// report, as are failures of a measured run that did not count statuses;
// a warm-up with every response as expected adds nothing.
func TestReportNotesSurprises(t *testing.T) {
	rep := &report{o: options{rounds: 1, threads: 2, conns: 32, duration: time.Second, warmup: time.Second}}
	rep.round = 1
	rep.warmup("list", Result{Requests: 100, Duration: time.Second, S2xx: 100, Counted: true}, 200)
	rep.warmup("304", Result{Requests: 100, Duration: time.Second, S2xx: 3, S3xx: 97, Unexpected: 3, Counted: true}, 304)
	rep.addReference("reference", Result{Requests: 1000, Duration: time.Second}, 0)
	rep.add("search", Result{Requests: 400, Duration: time.Second, Status: 2, Timeout: 1}, 200, 0)
	var b strings.Builder
	rep.write(&b)
	out := b.String()
	for _, want := range []string{
		"- warm-up before 304: 3 of 100 responses not 304 (2xx 3, 3xx 97,",
		"- search: 3 of 400 requests failed (statuses of 400 or more: 2; socket errors: connect 0, read 0, write 0, timeout 1)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report does not say %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "warm-up before list") {
		t.Errorf("a warm-up with every response as expected is noted:\n%s", out)
	}
}
