package main

import (
	"fmt"
	"io"
	"runtime"
	"strconv"
	"time"
)

type row struct {
	label  string
	r      Result
	expect int
	// cpu is the processor time the server used during the run.
	cpu time.Duration
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
}

func (rep *report) add(label string, r Result, expect int, cpu time.Duration) {
	rep.rows = append(rep.rows, row{label, r, expect, cpu})
}

func (rep *report) write(w io.Writer) {
	fmt.Fprintf(w, "\n### Load test: %s organisations, wrk -t%d -c%d, %s a run after %s of warm-up (%s, %d CPUs)\n\n",
		thousands(float64(rep.orgs)), rep.o.threads, rep.o.conns, rep.o.duration, rep.o.warmup,
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU())
	fmt.Fprintln(w, "| request | req/s | p50 | p95 | p99 | errors | ÷ reference | server CPU µs/req |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	var ref float64
	if len(rep.rows) > 0 {
		ref = rep.rows[0].r.RPS()
	}
	var notes []string
	for _, x := range rep.rows {
		ratio := "–"
		if ref > 0 {
			ratio = fmt.Sprintf("%.3f", x.r.RPS()/ref)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d | %s | %s |\n", x.label, thousands(x.r.RPS()),
			latency(x.r.P50), latency(x.r.P95), latency(x.r.P99), x.r.Errors(), ratio, x.cpuPerRequest())
		if x.r.Unexpected > 0 || x.r.Errors() > 0 {
			notes = append(notes, fmt.Sprintf("%s: %d of %d responses not %d (2xx %d, 3xx %d, 4xx %d, 5xx %d; socket errors: connect %d, read %d, write %d, timeout %d)",
				x.label, x.r.Unexpected, x.r.Requests, x.expect, x.r.S2xx, x.r.S3xx, x.r.S4xx, x.r.S5xx,
				x.r.Connect, x.r.Read, x.r.Write, x.r.Timeout))
		}
	}
	fmt.Fprintln(w)
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
