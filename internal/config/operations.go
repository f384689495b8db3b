package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Operations are the limits that keep the portal answering when the
// database is slow, away or busy, and the steps of a graceful shutdown.
// Every duration may be 0 to switch its limit off.
type Operations struct {
	// DBConnectTimeout bounds opening one connection, TCP and start-up
	// together (DB_CONNECT_TIMEOUT, default 5s).
	DBConnectTimeout time.Duration
	// DBAcquireTimeout bounds the wait for a connection of the pool when
	// every one is busy (DB_ACQUIRE_TIMEOUT, default 5s).
	DBAcquireTimeout time.Duration
	// DBStatementTimeout is PostgreSQL's statement_timeout for the
	// connections of `portal serve` (DB_STATEMENT_TIMEOUT, default 10s);
	// the client gives up a moment after it, so a server that stopped
	// answering altogether cannot hold a request either.
	DBStatementTimeout time.Duration
	// DBLockTimeout is lock_timeout (DB_LOCK_TIMEOUT, default 5s).
	DBLockTimeout time.Duration
	// DBIdleInTransactionTimeout is idle_in_transaction_session_timeout
	// (DB_IDLE_IN_TRANSACTION_TIMEOUT, default 30s).
	DBIdleInTransactionTimeout time.Duration
	// DBClientCheckInterval is client_connection_check_interval
	// (DB_CLIENT_CHECK_INTERVAL, default 5s): how often a running query
	// checks that its client is still there, so that the session of a
	// killed client stops.
	DBClientCheckInterval time.Duration
	// DBJobTimeout replaces the statement, lock and idle limits for long
	// jobs: publishing, a rollback, rebuilding artifacts after an erasure
	// (DB_JOB_TIMEOUT, default 10m).
	DBJobTimeout time.Duration
	// DBMaxConns is the size of the pool (DB_MAX_CONNS); 0 keeps the URL's
	// pool_max_conns, or DefaultDBMaxConns when the URL names none.
	DBMaxConns int
	// HeavyJobs bounds how many heavy requests (PDF forms, publishing,
	// rollback, erasure) run at once (HEAVY_JOBS, default 2); more get 503
	// with Retry-After.
	HeavyJobs int
	// ShutdownDelay is how long `portal serve` keeps serving after SIGTERM
	// with /readyz answering 503, so that load balancers stop sending
	// (SHUTDOWN_DELAY, default 0s).
	ShutdownDelay time.Duration
	// ShutdownTimeout bounds the wait for requests in flight once the
	// listener is closed (SHUTDOWN_TIMEOUT, default 30s).
	ShutdownTimeout time.Duration
}

// DefaultDBMaxConns is the pool's size when neither DB_MAX_CONNS nor the
// URL's pool_max_conns names one: pages keep connections free while the
// heavy jobs (HEAVY_JOBS, 2) hold theirs.
const DefaultDBMaxConns = 10

// DefaultOperations are the limits when the environment sets none.
var DefaultOperations = Operations{
	DBConnectTimeout:           5 * time.Second,
	DBAcquireTimeout:           5 * time.Second,
	DBStatementTimeout:         10 * time.Second,
	DBLockTimeout:              5 * time.Second,
	DBIdleInTransactionTimeout: 30 * time.Second,
	DBClientCheckInterval:      5 * time.Second,
	DBJobTimeout:               10 * time.Minute,
	HeavyJobs:                  2,
	ShutdownTimeout:            30 * time.Second,
}

func (c *Config) loadOperations(getenv func(string) string) error {
	c.Operations = DefaultOperations
	for _, d := range []struct {
		name string
		to   *time.Duration
	}{
		{"DB_CONNECT_TIMEOUT", &c.DBConnectTimeout},
		{"DB_ACQUIRE_TIMEOUT", &c.DBAcquireTimeout},
		{"DB_STATEMENT_TIMEOUT", &c.DBStatementTimeout},
		{"DB_LOCK_TIMEOUT", &c.DBLockTimeout},
		{"DB_IDLE_IN_TRANSACTION_TIMEOUT", &c.DBIdleInTransactionTimeout},
		{"DB_CLIENT_CHECK_INTERVAL", &c.DBClientCheckInterval},
		{"DB_JOB_TIMEOUT", &c.DBJobTimeout},
		{"SHUTDOWN_DELAY", &c.ShutdownDelay},
		{"SHUTDOWN_TIMEOUT", &c.ShutdownTimeout},
	} {
		v := getenv(d.name)
		if v == "" {
			continue
		}
		n, err := time.ParseDuration(v)
		if err != nil || n < 0 || n > 24*time.Hour {
			return fmt.Errorf("%s=%q: want a duration such as 5s, 500ms or 2m (0 switches the limit off)", d.name, v)
		}
		// PostgreSQL takes whole milliseconds; less would silently mean 0.
		if n > 0 && n < time.Millisecond {
			return fmt.Errorf("%s=%q: want at least 1ms", d.name, v)
		}
		*d.to = n
	}
	if v := getenv("DB_MAX_CONNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 2 || n > 1000 {
			return fmt.Errorf("DB_MAX_CONNS=%q: want a number of connections from 2 to 1000", v)
		}
		c.DBMaxConns = n
	} else if !strings.Contains(c.DatabaseURL, "pool_max_conns") {
		c.DBMaxConns = DefaultDBMaxConns
	}
	if v := getenv("HEAVY_JOBS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 100 {
			return fmt.Errorf("HEAVY_JOBS=%q: want a number from 1 to 100", v)
		}
		c.HeavyJobs = n
	}
	if c.DBMaxConns > 0 && c.HeavyJobs >= c.DBMaxConns {
		return fmt.Errorf("HEAVY_JOBS=%d must stay below DB_MAX_CONNS=%d, or heavy jobs can take every connection", c.HeavyJobs, c.DBMaxConns)
	}
	return nil
}
