package dbtest

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
)

// Proxy is a TCP proxy between the code under test and PostgreSQL, which a
// test can cut (connections are dropped and new ones refused, as when the
// server is down), stall (connections are accepted and kept but nothing
// passes, as when the server is frozen or the network silently drops
// packets) and restore.
type Proxy struct {
	t      testing.TB
	ln     net.Listener
	dial   func() (net.Conn, error)
	target *pgconn.Config

	mu      sync.Mutex
	mode    proxyMode
	changed chan struct{} // closed and replaced on every change of mode
	conns   map[net.Conn]struct{}
}

type proxyMode int

const (
	passing proxyMode = iota
	cut
	stalled
)

// NewProxy starts a proxy to the server of connString (a URL or
// keyword/value string, as New returns) and closes it when t ends.
func NewProxy(t testing.TB, connString string) *Proxy {
	t.Helper()
	cfg, err := pgconn.ParseConfig(connString)
	if err != nil {
		t.Fatalf("dbtest: proxy: %v", err)
	}
	network, addr := "tcp", net.JoinHostPort(cfg.Host, strconv.Itoa(int(cfg.Port)))
	if strings.HasPrefix(cfg.Host, "/") {
		network, addr = "unix", fmt.Sprintf("%s/.s.PGSQL.%d", cfg.Host, cfg.Port)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("dbtest: proxy: %v", err)
	}
	p := &Proxy{
		t: t, ln: ln, target: cfg,
		dial:    func() (net.Conn, error) { return net.Dial(network, addr) },
		changed: make(chan struct{}),
		conns:   map[net.Conn]struct{}{},
	}
	go p.accept()
	t.Cleanup(func() {
		ln.Close()
		p.set(cut)
	})
	return p
}

// ConnString is the address of the database through the proxy, in
// keyword/value form. TLS is not asked for: the proxy is on loopback.
func (p *Proxy) ConnString() string {
	_, port, _ := net.SplitHostPort(p.ln.Addr().String())
	q := func(v string) string { return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'" }
	s := fmt.Sprintf("host=127.0.0.1 port=%s dbname=%s user=%s sslmode=disable", port, q(p.target.Database), q(p.target.User))
	if p.target.Password != "" {
		s += " password=" + q(p.target.Password)
	}
	return s
}

// Cut drops every connection and refuses new ones until Restore.
func (p *Proxy) Cut() { p.set(cut) }

// Stall keeps every connection, and accepts new ones, but passes nothing
// until Restore (or Cut).
func (p *Proxy) Stall() { p.set(stalled) }

// Restore passes traffic again. Connections dropped while cut stay
// dropped; those held while stalled carry on.
func (p *Proxy) Restore() { p.set(passing) }

func (p *Proxy) set(m proxyMode) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.mode = m
	close(p.changed)
	p.changed = make(chan struct{})
	if m == cut {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}

// wait blocks while the proxy stalls and reports whether traffic may pass
// (false: cut).
func (p *Proxy) wait() bool {
	for {
		p.mu.Lock()
		m, changed := p.mode, p.changed
		p.mu.Unlock()
		switch m {
		case passing:
			return true
		case cut:
			return false
		}
		<-changed
	}
}

// track registers c to be closed on Cut; it reports false (and closes c)
// when the proxy is cut already.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.mode == cut {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) accept() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return // closed at the end of the test
		}
		go p.serve(client)
	}
}

func (p *Proxy) serve(client net.Conn) {
	if !p.track(client) || !p.wait() {
		client.Close()
		return
	}
	server, err := p.dial()
	if err != nil {
		client.Close()
		return
	}
	if !p.track(server) {
		client.Close()
		return
	}
	go p.pipe(server, client)
	p.pipe(client, server)
}

// pipe copies from src to dst, holding each read while the proxy stalls.
func (p *Proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if !p.wait() {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}
