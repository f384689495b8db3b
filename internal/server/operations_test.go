package server_test

import (
	"context"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/server"
)

// holdingDirectory makes the next Vocabulary call after hold wait until
// release: a PDF form that takes long to make.
type holdingDirectory struct {
	server.Directory
	hold    atomic.Bool
	held    chan struct{}
	release chan struct{}
}

func (d *holdingDirectory) Vocabulary(ctx context.Context) (directory.Vocabulary, error) {
	if d.hold.CompareAndSwap(true, false) {
		d.held <- struct{}{}
		<-d.release
	}
	return d.Directory.Vocabulary(ctx)
}

// Heavy requests beyond the bound are told to come back (503 with
// Retry-After, the site's page) instead of queueing without end, and
// pages keep answering meanwhile.
func TestHeavyRequestsAreBounded(t *testing.T) {
	var dir *holdingDirectory
	s := newSite(t, func(d *server.Deps) {
		dir = &holdingDirectory{Directory: d.Directory, held: make(chan struct{}, 1), release: make(chan struct{})}
		d.Directory = dir
		d.HeavyJobs = 1
	})
	dir.hold.Store(true)
	first := make(chan page, 1)
	go func() { first <- s.get("/formularz.pdf") }()
	select {
	case <-dir.held:
	case <-time.After(hangBound):
		t.Fatal("the first form never started")
	}
	second := timed(t, "a heavy request over the bound", func() page { return s.get("/formularz.pdf") })
	if second.status != http.StatusServiceUnavailable || second.header.Get("Retry-After") == "" {
		t.Errorf("over the bound: %d, Retry-After %q; want 503 with Retry-After", second.status, second.header.Get("Retry-After"))
	}
	if second.doc == nil || second.text("h1") != "Serwer jest teraz zajęty" {
		t.Errorf("over the bound: not the busy page: %.200s", second.body)
	}
	if p := s.get("/organizacje?q=seniorzy"); p.status != http.StatusOK {
		t.Errorf("a page while heavy work runs: %d", p.status)
	}
	close(dir.release)
	if p := timed(t, "the first form", func() page { return <-first }); p.status != http.StatusOK || !strings.HasPrefix(p.body, "%PDF") {
		t.Errorf("the form within the bound: %d", p.status)
	}
	// The slot is free again.
	if p := s.get("/formularz.pdf"); p.status != http.StatusOK {
		t.Errorf("a form after the first finished: %d", p.status)
	}
}
