package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// wrkScript cycles through the request paths in a file, one request a
// path in turn, each thread starting at its own offset so that the threads
// do not ask the same address at the same moment, and prints one
// "LOADTEST key=value …" line at the end (parseWrk reads it).
//
// Counting, it also reads every response in Lua: it counts them by status
// class and those whose status is not the expected one. That reading
// costs the client more than the server's work for some pages: wrk hands
// each body to Lua as a string, which LuaJIT interns, so the reference's
// page, the same every time, is found and kept once while every distinct
// page is copied and collected. Measured at 100 000 organisations, wrk
// spent 49 µs of processor time per search page against 25 per reference
// page (on the same two cores as the server), and the search mix's ratio
// read 0.351 where the same portal, with the same server cost, read 0.383
// without it. So the warm-up before each measured run counts (every
// response's status is checked there, report.go notes any surprise) and
// the measured run itself does not: its errors are wrk's own (socket
// errors and statuses of 400 or more), its figures the server's.
//
// Arguments after "--": the paths file, the expected status, and an
// optional If-None-Match value.
func wrkScript(counting bool) string {
	response := ""
	if counting {
		response = wrkResponse
	}
	return strings.NewReplacer("{response}", response, "{counted}", strconv.FormatBool(counting)).Replace(wrkScriptText)
}

const wrkResponse = `function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status >= 400 then s4xx = s4xx + 1
  elseif status >= 300 then s3xx = s3xx + 1
  else s2xx = s2xx + 1 end
  if status ~= expect then unexpected = unexpected + 1 end
end
`

const wrkScriptText = `-- written by cmd/loadtest
local threads = {}
local count = 0

function setup(thread)
  count = count + 1
  thread:set("tid", count)
  table.insert(threads, thread)
end

function init(args)
  local headers = {}
  if args[3] ~= nil and args[3] ~= "" then
    headers["If-None-Match"] = args[3]
  end
  reqs = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      reqs[#reqs + 1] = wrk.format("GET", line, headers)
    end
  end
  n = #reqs
  expect = tonumber(args[2])
  -- thread k starts (k-1) times the golden ratio of the way through the
  -- list, so that the threads never ask the same addresses together
  idx = math.floor((tid - 1) * n * 0.6180339887) % n
  s2xx, s3xx, s4xx, s5xx, unexpected = 0, 0, 0, 0, 0
end

function request()
  idx = idx % n + 1
  return reqs[idx]
end

{response}
function done(summary, latency, requests)
  local t = { s2xx = 0, s3xx = 0, s4xx = 0, s5xx = 0, unexpected = 0 }
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
  end
  local e = summary.errors
  io.write(string.format(
    "LOADTEST requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d timeout=%d status=%d " ..
    "p50_us=%.0f p95_us=%.0f p99_us=%.0f max_us=%.0f s2xx=%d s3xx=%d s4xx=%d s5xx=%d unexpected=%d counted={counted}\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    t.s2xx, t.s3xx, t.s4xx, t.s5xx, t.unexpected))
end
`

// Result is one wrk run as the script reports it.
type Result struct {
	Requests                      int
	Duration                      time.Duration
	Bytes                         int64
	Connect, Read, Write, Timeout int // socket errors
	Status                        int // wrk's count of responses with status > 399
	P50, P95, P99, Max            time.Duration
	// Counted only when the script counted (see wrkScript):
	S2xx, S3xx, S4xx, S5xx int
	Unexpected             int // responses whose status was not the expected one
	Counted                bool
}

// RPS is requests per second.
func (r Result) RPS() float64 {
	if r.Duration <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Duration.Seconds()
}

// Errors counts the failed requests: socket errors and responses with a
// status of 400 or more (counted by the script and by wrk; the larger).
func (r Result) Errors() int {
	return r.Connect + r.Read + r.Write + r.Timeout + max(r.Status, r.S4xx+r.S5xx)
}

// parseWrk finds the script's LOADTEST line in wrk's output.
func parseWrk(out string) (Result, error) {
	var line string
	for l := range strings.Lines(out) {
		if strings.HasPrefix(l, "LOADTEST ") {
			line = strings.TrimSpace(l)
		}
	}
	if line == "" {
		return Result{}, fmt.Errorf("no LOADTEST line in wrk's output:\n%s", out)
	}
	var r Result
	ints := map[string]*int{
		"requests": &r.Requests, "connect": &r.Connect, "read": &r.Read, "write": &r.Write,
		"timeout": &r.Timeout, "status": &r.Status, "s2xx": &r.S2xx, "s3xx": &r.S3xx,
		"s4xx": &r.S4xx, "s5xx": &r.S5xx, "unexpected": &r.Unexpected,
	}
	durations := map[string]*time.Duration{
		"duration_us": &r.Duration, "p50_us": &r.P50, "p95_us": &r.P95, "p99_us": &r.P99, "max_us": &r.Max,
	}
	seen := 0
	for _, f := range strings.Fields(line)[1:] {
		k, v, ok := strings.Cut(f, "=")
		if !ok {
			return Result{}, fmt.Errorf("wrk output: %q is not key=value", f)
		}
		if k == "counted" {
			r.Counted, ok = v == "true", v == "true" || v == "false"
			if !ok {
				return Result{}, fmt.Errorf("wrk output: counted=%s", v)
			}
			seen++
			continue
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return Result{}, fmt.Errorf("wrk output: %s: %w", k, err)
		}
		switch {
		case ints[k] != nil:
			*ints[k] = int(n)
		case durations[k] != nil:
			*durations[k] = time.Duration(n) * time.Microsecond
		case k == "bytes":
			r.Bytes = n
		default:
			continue
		}
		seen++
	}
	if want := len(ints) + len(durations) + 2; seen != want {
		return Result{}, fmt.Errorf("wrk output: %d of %d fields in %q", seen, want, line)
	}
	return r, nil
}

// wrkRun is one run of wrk against base with the paths in a file.
type wrkRun struct {
	wrk, dir string
	// script counts the responses, lean does not (see wrkScript).
	script, lean   string
	threads, conns int
}

// run runs wrk for d against base over paths, expecting status (and
// sending If-None-Match: inm when it is not empty), reading and counting
// every response when counting. wrk is killed if it outlives d by a
// minute.
func (w wrkRun) run(ctx context.Context, name, base string, paths []string, status int, inm string, d time.Duration, counting bool) (Result, error) {
	script := w.lean
	if counting {
		script = w.script
	}
	file := filepath.Join(w.dir, name+".paths")
	if err := os.WriteFile(file, []byte(strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
		return Result{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, d+time.Minute)
	defer cancel()
	secs := max(1, int(d.Round(time.Second)/time.Second))
	cmd := exec.CommandContext(ctx, w.wrk,
		"-t"+strconv.Itoa(w.threads), "-c"+strconv.Itoa(w.conns), "-d"+strconv.Itoa(secs)+"s",
		"--timeout", "10s", "-s", script, base, "--", file, strconv.Itoa(status), inm)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return Result{}, fmt.Errorf("wrk %s: %w\n%s", name, err, out)
	}
	return parseWrk(string(out))
}

// procField is the value of key in a /proc file of "key: value" lines.
func procField(path, key string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), ":"); ok && k == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// cpuTime is the processor time (user and system) process pid has used so
// far, from /proc/PID/stat; 0 when it cannot be read. Pid 0 is this process.
func cpuTime(pid int) time.Duration {
	path := "/proc/self/stat"
	if pid != 0 {
		path = fmt.Sprintf("/proc/%d/stat", pid)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	// The command name (2nd field) is in parentheses and may hold spaces;
	// utime and stime are the 14th and 15th fields, in clock ticks.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// clockTicks is the kernel's USER_HZ, 100 on every Linux this runs on.
const clockTicks = 100
