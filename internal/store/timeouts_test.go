package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/store"
)

// Every connection carries the limits as its session settings; a
// statement or a lock wait over them fails with an error that says the
// database is unavailable (a 503), and a long job lifts them for its own
// transaction only.
func TestLimitsApplyPerConnectionAndJobsLiftThem(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, dbtest.New(t), store.WithLimits(store.Limits{
		Statement: 300 * time.Millisecond, Lock: 100 * time.Millisecond, IdleInTransaction: 2 * time.Second,
		ClientCheck: time.Second, Job: time.Minute, MaxConns: 3,
	}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	if got := s.Pool().Config().MaxConns; got != 3 {
		t.Errorf("pool size %d, want 3", got)
	}
	settings := func(q interface {
		QueryRow(context.Context, string, ...any) pgx.Row
	}) (stmt, lock, idle, check string) {
		t.Helper()
		err := q.QueryRow(ctx, `SELECT current_setting('statement_timeout'), current_setting('lock_timeout'),
			current_setting('idle_in_transaction_session_timeout'), current_setting('client_connection_check_interval')`).Scan(&stmt, &lock, &idle, &check)
		if err != nil {
			t.Fatal(err)
		}
		return
	}
	if stmt, lock, idle, check := settings(s.Pool()); stmt != "300ms" || lock != "100ms" || idle != "2s" || check != "1s" {
		t.Errorf("session settings: statement %s, lock %s, idle %s, client check %s", stmt, lock, idle, check)
	}

	_, err = s.Pool().Exec(ctx, `SELECT pg_sleep(1)`)
	if cause := store.UnavailableCause(err); cause != "database statement timeout" {
		t.Errorf("a statement over the limit: %v (cause %q)", err, cause)
	}

	err = store.InJob(s, ctx, func(tx pgx.Tx) error {
		if stmt, lock, idle, _ := settings(tx); stmt != "1min" || lock != "1min" || idle != "1min" {
			t.Errorf("in a job: statement %s, lock %s, idle %s; want the job's minute", stmt, lock, idle)
		}
		_, err := tx.Exec(ctx, `SELECT pg_sleep(0.6)`)
		return err
	})
	if err != nil {
		t.Errorf("a job's statement over the page limit: %v", err)
	}
	if stmt, _, _, _ := settings(s.Pool()); stmt != "300ms" {
		t.Errorf("after a job: statement_timeout %s, want the session's 300ms again", stmt)
	}

	// A lock held elsewhere: the wait ends at lock_timeout.
	holder, err := s.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Rollback(ctx)
	if _, err := holder.Exec(ctx, `SELECT * FROM publication_state FOR UPDATE`); err != nil {
		t.Fatal(err)
	}
	_, err = s.Pool().Exec(ctx, `UPDATE publication_state SET current = current`)
	if cause := store.UnavailableCause(err); cause != "database lock timeout" {
		t.Errorf("waiting for a lock: %v (cause %q)", err, cause)
	}
}

// Errors that waiting does not cure are not unavailability.
func TestUnavailableCauseLeavesOtherErrorsAlone(t *testing.T) {
	s := open(t)
	_, err := s.Pool().Exec(context.Background(), `SELECT 1/0`)
	if err == nil {
		t.Fatal("division by zero succeeded")
	}
	if cause := store.UnavailableCause(err); cause != "" {
		t.Errorf("division by zero counted as unavailability: %q", cause)
	}
	if cause := store.UnavailableCause(pgx.ErrNoRows); cause != "" {
		t.Errorf("no rows counted as unavailability: %q", cause)
	}
}
