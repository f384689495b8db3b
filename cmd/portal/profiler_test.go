package main

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// The profiler answers on its own address, and stops when told.
func TestProfilerServesOnItsOwnAddress(t *testing.T) {
	var addr string // read from the log line that names it
	logger := slog.New(slog.NewTextHandler(writerFunc(func(p []byte) (int, error) {
		if _, rest, ok := strings.Cut(string(p), "http://"); ok {
			addr, _, _ = strings.Cut(rest, "/debug")
		}
		return len(p), nil
	}), nil))
	stop, err := serveProfiler("127.0.0.1:0", logger)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "goroutine") {
		t.Errorf("%d %q", resp.StatusCode, body)
	}
	stop()
	if _, err := http.Get("http://" + addr + "/debug/pprof/"); err == nil {
		t.Error("the profiler still answers after stop")
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
