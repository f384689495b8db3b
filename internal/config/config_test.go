package config

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func TestLoadDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "dbname='portal'" || c.ListenAddr != ":8080" || c.LogLevel != slog.LevelInfo {
		t.Errorf("defaults = %+v", c)
	}
}

func TestLoadHonoursEnvironment(t *testing.T) {
	c, err := Load(env(map[string]string{
		"DATABASE_URL": "postgres://u@h/db", "LISTEN_ADDR": "127.0.0.1:9000",
		"BASE_URL": "https://bank.example.org/", "LOG_LEVEL": "debug",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DatabaseURL != "postgres://u@h/db" || c.ListenAddr != "127.0.0.1:9000" ||
		c.BaseURL != "https://bank.example.org" || c.LogLevel != slog.LevelDebug {
		t.Errorf("got %+v", c)
	}
}

func TestLoadUsesPGDATABASE(t *testing.T) {
	c, _ := Load(env(map[string]string{"PGDATABASE": "o'brien"}))
	if c.DatabaseURL != `dbname='o\'brien'` {
		t.Errorf("DatabaseURL = %s", c.DatabaseURL)
	}
}

func TestLoadRejectsBadLogLevel(t *testing.T) {
	if _, err := Load(env(map[string]string{"LOG_LEVEL": "loud"})); err == nil {
		t.Error("LOG_LEVEL=loud accepted")
	}
}

func TestLoadRejectsBadBaseURL(t *testing.T) {
	for _, bad := range []string{"bank.mopr.leszno.pl", "ftp://x.pl", "https://", "https://x.pl/?a=b"} {
		if _, err := Load(env(map[string]string{"BASE_URL": bad})); err == nil {
			t.Errorf("BASE_URL=%q accepted", bad)
		}
	}
}

func TestLoadTrustedProxies(t *testing.T) {
	c, err := Load(env(map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.7"}))
	if err != nil || len(c.TrustedProxies) != 2 || c.TrustedProxies[1].String() != "192.0.2.7/32" {
		t.Errorf("got %v, %v", c.TrustedProxies, err)
	}
	if _, err := Load(env(map[string]string{"TRUSTED_PROXIES": "proxy.local"})); err == nil {
		t.Error("a host name accepted")
	}
}

func TestOperationsDefaultsAndOverrides(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Operations != (Operations{
		DBConnectTimeout: 5 * time.Second, DBAcquireTimeout: 5 * time.Second, DBStatementTimeout: 10 * time.Second,
		DBLockTimeout: 5 * time.Second, DBIdleInTransactionTimeout: 30 * time.Second, DBClientCheckInterval: 5 * time.Second,
		DBJobTimeout: 10 * time.Minute, DBMaxConns: DefaultDBMaxConns, HeavyJobs: 2, ShutdownTimeout: 30 * time.Second,
	}) {
		t.Errorf("defaults = %+v", c.Operations)
	}
	c, err = Load(env(map[string]string{
		"DB_STATEMENT_TIMEOUT": "2500ms", "DB_LOCK_TIMEOUT": "0", "DB_MAX_CONNS": "20", "HEAVY_JOBS": "4",
		"SHUTDOWN_DELAY": "5s", "SHUTDOWN_TIMEOUT": "1m",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DBStatementTimeout != 2500*time.Millisecond || c.DBLockTimeout != 0 || c.DBMaxConns != 20 || c.HeavyJobs != 4 ||
		c.ShutdownDelay != 5*time.Second || c.ShutdownTimeout != time.Minute {
		t.Errorf("overrides = %+v", c.Operations)
	}
	// The URL's pool_max_conns is kept unless DB_MAX_CONNS says otherwise.
	if c, _ := Load(env(map[string]string{"DATABASE_URL": "postgres://u@h/db?pool_max_conns=7"})); c.DBMaxConns != 0 {
		t.Errorf("with pool_max_conns in the URL: DBMaxConns = %d, want 0 (the URL's)", c.DBMaxConns)
	}
}

func TestOperationsRefuseNonsense(t *testing.T) {
	for _, e := range []map[string]string{
		{"DB_STATEMENT_TIMEOUT": "10"}, // no unit
		{"DB_CONNECT_TIMEOUT": "-1s"},
		{"SHUTDOWN_TIMEOUT": "forever"},
		{"DB_LOCK_TIMEOUT": "10us"},
		{"DB_MAX_CONNS": "1"},
		{"DB_MAX_CONNS": "lots"},
		{"HEAVY_JOBS": "0"},
		{"DB_MAX_CONNS": "4", "HEAVY_JOBS": "4"}, // heavy work could take every connection
	} {
		if _, err := Load(env(e)); err == nil {
			t.Errorf("%v accepted", e)
		}
	}
}

// /metrics is readable from loopback unless METRICS_FROM says otherwise.
func TestLoadMetricsFrom(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil || fmt.Sprint(c.MetricsFrom) != "[127.0.0.0/8 ::1/128]" {
		t.Errorf("default: %v, %v", c.MetricsFrom, err)
	}
	c, err = Load(env(map[string]string{"METRICS_FROM": "10.20.0.0/16 192.0.2.9"}))
	if err != nil || fmt.Sprint(c.MetricsFrom) != "[10.20.0.0/16 192.0.2.9/32]" {
		t.Errorf("METRICS_FROM: %v, %v", c.MetricsFrom, err)
	}
	if _, err := Load(env(map[string]string{"METRICS_FROM": "prometheus.local"})); err == nil || !strings.Contains(err.Error(), "METRICS_FROM") {
		t.Errorf("a host name: %v", err)
	}
}

// The profiler listens only on a loopback address.
func TestLoadDebugAddr(t *testing.T) {
	for _, ok := range []string{"", "127.0.0.1:6060", "[::1]:6060", "localhost:6060"} {
		c, err := Load(env(map[string]string{"DEBUG_ADDR": ok}))
		if err != nil || c.DebugAddr != ok {
			t.Errorf("DEBUG_ADDR=%q: %q, %v", ok, c.DebugAddr, err)
		}
	}
	for _, bad := range []string{":6060", "0.0.0.0:6060", "192.0.2.9:6060", "example.org:6060", "127.0.0.1"} {
		if _, err := Load(env(map[string]string{"DEBUG_ADDR": bad})); err == nil || !strings.Contains(err.Error(), "DEBUG_ADDR") {
			t.Errorf("DEBUG_ADDR=%q: %v", bad, err)
		}
	}
}
