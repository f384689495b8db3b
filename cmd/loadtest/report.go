package main

import (
	"cmp"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"time"
)

type row struct {
	label  string
	r      Result
	expect int
	// cpu is the processor time the server used during the run.
	cpu time.Duration
	// round is the round of the run (see options.rounds), and ref the
	// reference's req/s beside it: the mean of the reference runs just
	// before and just after it (the machine's speed drifts within
	// minutes), or the one before while no run has come after.
	round int
	ref   float64
	// reference: the run is one of the reference's.
	reference bool
}

// ratio is the row's req/s divided by its round's reference, or 0.
func (x row) ratio() float64 {
	if x.ref <= 0 {
		return 0
	}
	return x.r.RPS() / x.ref
}

// cpuPerRequest is the server's processor time per response in
// microseconds: unlike req/s it hardly depends on what else the machine
// runs, so it compares runs made at different loads.
func (x row) cpuPerRequest() string {
	if x.cpu <= 0 || x.r.Requests == 0 {
		return "–"
	}
	return strconv.FormatFloat(float64(x.cpu.Microseconds())/float64(x.r.Requests), 'f', 1, 64)
}

// report collects the runs and prints them as one markdown table with
// notes.
type report struct {
	o                  options
	orgs, mixSize      int
	slugs              int
	rows               []row
	timings            []string
	publish            string
	downloaders        string
	downloads          []string
	rss                []string
	loadStart, loadEnd string
	total              time.Duration
	round              int     // the round being measured (add)
	lastRef            float64 // the last reference run's req/s
	// surprises are the warm-ups whose responses were not all as
	// expected (warmup).
	surprises []string
}

// warmup notes a warm-up run in which a response was not the expected
// status or failed: the measured run after it does not read statuses
// itself (see wrkScript).
func (rep *report) warmup(label string, r Result, expect int) {
	if r.Unexpected > 0 || r.Errors() > 0 {
		rep.surprises = append(rep.surprises, fmt.Sprintf("warm-up before %s: %s", label, r.unexpected(expect)))
	}
}

// unexpected says how many of r's responses were not expect, by class.
func (r Result) unexpected(expect int) string {
	return fmt.Sprintf("%d of %d responses not %d (2xx %d, 3xx %d, 4xx %d, 5xx %d; socket errors: connect %d, read %d, write %d, timeout %d)",
		r.Unexpected, r.Requests, expect, r.S2xx, r.S3xx, r.S4xx, r.S5xx, r.Connect, r.Read, r.Write, r.Timeout)
}

// add records a page run of the current round, beside the last
// reference run.
func (rep *report) add(label string, r Result, expect int, cpu time.Duration) {
	rep.rows = append(rep.rows, row{label: label, r: r, expect: expect, cpu: cpu, round: max(1, rep.round), ref: rep.lastRef})
}

// addReference records a run of the reference: the page runs since the
// last one are divided by the mean of the two around them.
func (rep *report) addReference(label string, r Result, cpu time.Duration) {
	for i := len(rep.rows) - 1; i >= 0 && !rep.rows[i].reference; i-- {
		rep.rows[i].ref = (rep.rows[i].ref + r.RPS()) / 2
	}
	rep.lastRef = r.RPS()
	rep.rows = append(rep.rows, row{label: label, r: r, expect: http.StatusOK, cpu: cpu, round: max(1, rep.round), ref: r.RPS(), reference: true})
}

// table is what the report prints of the rows: each label once, in the
// order first run; a label run in several rounds by its median round
// (by ratio), with the range of its ratios.
func (rep *report) table() []tableRow {
	var out []tableRow
	at := map[string]int{}
	for _, x := range rep.rows {
		i, ok := at[x.label]
		if !ok {
			i = len(out)
			at[x.label] = i
			out = append(out, tableRow{})
		}
		out[i].runs = append(out[i].runs, x)
	}
	for i := range out {
		runs := slices.Clone(out[i].runs)
		slices.SortStableFunc(runs, func(a, b row) int { return cmp.Compare(a.ratio(), b.ratio()) })
		out[i].row = runs[(len(runs)-1)/2]
		out[i].lo, out[i].hi = runs[0].ratio(), runs[len(runs)-1].ratio()
	}
	return out
}

type tableRow struct {
	row            // the median run
	runs   []row   // every run, by round
	lo, hi float64 // the least and greatest ratio
}

func (rep *report) write(w io.Writer) {
	fmt.Fprintf(w, "\n### Load test: %s organisations, wrk -t%d -c%d, %s a run after %s of warm-up (%s, %d CPUs)\n\n",
		thousands(float64(rep.orgs)), rep.o.threads, rep.o.conns, rep.o.duration, rep.o.warmup,
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU())
	fmt.Fprint(w, "The reference runs before the first page run and after each: a page run's ratio is to the mean of the reference runs just before and just after it (the machine's speed drifts within minutes).")
	if rep.o.rounds > 1 {
		fmt.Fprintf(w, " %d rounds of the list, the search mix, the organisation pages and the 304s: a row shows its median run by ratio, with the range of its ratios.", rep.o.rounds)
	}
	fmt.Fprint(w, "\n\n")
	fmt.Fprintln(w, "| request | req/s | p50 | p95 | p99 | errors | ÷ reference | server CPU µs/req |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	var notes []string
	for _, x := range rep.table() {
		ratio := "–"
		if x.ref > 0 {
			ratio = fmt.Sprintf("%.3f", x.ratio())
		}
		if len(x.runs) > 1 {
			ratio += fmt.Sprintf(" (%.3f–%.3f in %d runs)", x.lo, x.hi, len(x.runs))
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d | %s | %s |\n", x.label, thousands(x.r.RPS()),
			latency(x.r.P50), latency(x.r.P95), latency(x.r.P99), x.r.Errors(), ratio, x.cpuPerRequest())
		switch {
		case x.r.Counted && (x.r.Unexpected > 0 || x.r.Errors() > 0):
			notes = append(notes, x.label+": "+x.r.unexpected(x.expect))
		case x.r.Errors() > 0:
			notes = append(notes, fmt.Sprintf("%s: %d of %d requests failed (statuses of 400 or more: %d; socket errors: connect %d, read %d, write %d, timeout %d)",
				x.label, x.r.Errors(), x.r.Requests, x.r.Status, x.r.Connect, x.r.Read, x.r.Write, x.r.Timeout))
		}
	}
	fmt.Fprintln(w)
	notes = append(notes, rep.surprises...)
	for _, n := range notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	if rep.downloaders != "" {
		fmt.Fprintf(w, "- %s\n", rep.downloaders)
	}
	if rep.publish != "" {
		fmt.Fprintf(w, "- %s\n", rep.publish)
	}
	for _, t := range rep.timings {
		fmt.Fprintf(w, "- %s\n", t)
	}
	for _, d := range rep.downloads {
		fmt.Fprintf(w, "- download %s\n", d)
	}
	fmt.Fprintln(w, "- portal RSS:")
	for _, r := range rep.rss {
		fmt.Fprintf(w, "  - %s\n", r)
	}
	fmt.Fprintf(w, "- load average (1, 5, 15 min): %s at start, %s at end; whole run %s\n",
		rep.loadStart, rep.loadEnd, rep.total.Round(time.Second))
	fmt.Fprintf(w, "- errors: socket errors plus responses with status ≥ 400; latency: wrk's distribution (timeout 10 s)\n")
	if rep.o.warmup > 0 {
		fmt.Fprintf(w, "- the warm-up before each run checked every response's status (no note above: all as expected); the measured runs leave the responses unread by wrk's Lua, whose copy of each distinct page cost the client more than the reference's one page (see wrkScript)\n")
	}
}

// latency prints a duration the way the tables do.
func latency(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	case d >= 10*time.Millisecond:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	default:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
}

// thousands rounds n and groups its digits by three with spaces (Polish
// style): 34 512.
func thousands(n float64) string {
	s := strconv.FormatInt(int64(n+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}
