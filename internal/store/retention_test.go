package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/store"
)

// Two publishers at once: the second waits for the first and publishes
// after it, so both succeed with consecutive numbers (before, the second
// failed with "no rows in result set").
func TestConcurrentPublishesBothSucceedInTurn(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	create(t, s, org("alfa", "Alfa"))
	const publishers = 3
	var wg sync.WaitGroup
	got := make([]directory.Publication, publishers)
	errs := make([]error, publishers)
	start := make(chan struct{})
	for i := range publishers {
		wg.Go(func() {
			<-start
			got[i], errs[i] = s.Publish(ctx, fmt.Sprintf("wydawca %d", i), admin)
		})
	}
	close(start)
	wg.Wait()
	var numbers []int
	for i, err := range errs {
		if err != nil {
			t.Fatalf("publisher %d: %v", i, err)
		}
		numbers = append(numbers, got[i].Number)
	}
	slices.Sort(numbers)
	if !slices.Equal(numbers, []int{2, 3, 4}) {
		t.Fatalf("publication numbers %v, want 2 3 4", numbers)
	}
	cur, err := s.Publication(ctx, 4)
	if err != nil || !cur.Current || cur.Organisations != 1 {
		t.Fatalf("publication 4 = %+v, %v", cur, err)
	}
	if got := publicNames(t, public(t, s)); !slices.Equal(got, []string{"Alfa"}) {
		t.Fatalf("the public sees %v", got)
	}
}

// holdLock takes the publishing lock in a transaction of a connection of
// its own, as a publisher in the middle of its copy does, and returns the
// connection.
func holdLock(t *testing.T, s *store.Store) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.ConnectConfig(ctx, s.Pool().Config().ConnConfig.Copy())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close(context.Background()) })
	tx, err := c.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.LockPublishing(ctx, s, tx); err != nil {
		t.Fatal(err)
	}
	return c
}

// A publisher killed mid-copy blocks nobody for long: a process holding
// the lock in a publishing transaction, busy in a long statement, is
// killed (SIGKILL: no goodbye, no cancel request). The publishing session
// checks its client while a statement runs, so the server ends it, and the
// next publisher goes on. Without that check the dead session would sleep
// for five minutes with the lock and the publish below would time out.
func TestAKilledPublisherBlocksNobody(t *testing.T) {
	ctx := context.Background()
	url := dbtest.New(t)
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	create(t, s, org("alfa", "Alfa"))

	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperPublisher$", "-test.v")
	cmd.Env = append(os.Environ(), "PORTAL_HELPER_PUBLISHER="+url)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	waitFor(t, s, `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
		WHERE datname = current_database() AND query = 'SELECT pg_sleep(300)' AND state = 'active')`)
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	wctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	p, err := s.Publish(wctx, "po zabitym wydawcy", admin)
	if err != nil {
		t.Fatalf("publishing after a killed publisher: %v\nthe killed one said: %s", err, out.String())
	}
	if p.Number != 2 || !p.Current {
		t.Fatalf("publication = %+v", p)
	}
	// The killed one left nothing behind: no schema of its own.
	var schemas int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'publication\_%'`).Scan(&schemas); err != nil || schemas != 2 {
		t.Fatalf("publication schemas: %d, %v", schemas, err)
	}
}

// TestHelperPublisher is the publisher TestAKilledPublisherBlocksNobody
// kills: run alone, it does nothing.
func TestHelperPublisher(t *testing.T) {
	url := os.Getenv("PORTAL_HELPER_PUBLISHER")
	if url == "" {
		t.Skip("the helper process of TestAKilledPublisherBlocksNobody")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := s.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.LockPublishing(ctx, s, tx); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `CREATE SCHEMA publication_2`); err != nil {
		t.Fatal(err)
	}
	tx.Exec(ctx, `SELECT pg_sleep(300)`)
	t.Fatal("not killed")
}

// A publisher whose session is ended by the server (pg_terminate_backend,
// a restart) releases the lock at once; the next publication proceeds.
func TestATerminatedPublisherReleasesTheLock(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	c := holdLock(t, s)
	if _, err := s.Pool().Exec(ctx, `SELECT pg_terminate_backend($1)`, c.PgConn().PID()); err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if p, err := s.Publish(wctx, "", admin); err != nil || p.Number != 2 {
		t.Fatalf("publish after a terminated publisher: %+v, %v", p, err)
	}
}

// Past the wait it was given, a publisher is told that another publication
// is being made, and nothing changes.
func TestAPublisherThatWaitsTooLongIsToldSo(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	s.SetPublishWait(300 * time.Millisecond)
	c := holdLock(t, s)
	if _, err := s.Publish(ctx, "", admin); !errors.Is(err, store.ErrPublishing) || !fault.Is(err, fault.Conflict) {
		t.Fatalf("publish while another runs: %v", err)
	}
	if err := s.Pin(ctx, 1, true, admin); !errors.Is(err, store.ErrPublishing) {
		t.Fatalf("pin while a publication runs: %v", err)
	}
	c.Close(ctx)
	pubs, err := s.Publications(ctx, 10)
	if err != nil || len(pubs) != 1 || pubs[0].Pinned {
		t.Fatalf("publications after the refused ones: %+v, %v", pubs, err)
	}
	if p, err := s.Publish(ctx, "", admin); err != nil || p.Number != 2 {
		t.Fatalf("publish once the other ended: %+v, %v", p, err)
	}
}

// waitFor polls query until it is true, for a minute at most (a helper
// process starts slowly on a loaded machine).
func waitFor(t *testing.T, s *store.Store, query string, args ...any) {
	t.Helper()
	for range 1200 {
		var ok bool
		if err := s.Pool().QueryRow(context.Background(), query, args...).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("never true: %s", query)
}

// retained lists the publications whose copies are kept and those pruned,
// in ascending order, and checks that a kept one has its schema and
// artifact and a pruned one neither.
func retained(t *testing.T, s *store.Store) (kept, pruned []int) {
	t.Helper()
	ctx := context.Background()
	pubs, err := s.Publications(ctx, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pubs {
		var schema, artifact bool
		if err := s.Pool().QueryRow(ctx, `SELECT
				EXISTS (SELECT 1 FROM pg_namespace n JOIN publication p ON p.schema_name = n.nspname WHERE p.number = $1),
				EXISTS (SELECT 1 FROM publication_artifact a JOIN publication p ON p.schema_name = a.schema_name WHERE p.number = $1)`,
			p.Number).Scan(&schema, &artifact); err != nil {
			t.Fatal(err)
		}
		if p.PrunedAt.IsZero() {
			// Publication 1 (made by the migration) may have no artifact
			// until an instance loads it.
			if !schema || (!artifact && p.Number != 1) {
				t.Errorf("kept publication %d: schema %v, artifact %v", p.Number, schema, artifact)
			}
			kept = append([]int{p.Number}, kept...)
		} else {
			if schema || artifact {
				t.Errorf("pruned publication %d: schema %v, artifact %v", p.Number, schema, artifact)
			}
			pruned = append([]int{p.Number}, pruned...)
		}
	}
	return kept, pruned
}

func TestRetentionKeepsCurrentNewestAndPinned(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	s.SetKeepPublications(3)
	o := org("alfa", "Alfa")
	o.Contacts = []directory.Contact{{Name: "Anna Kowalska", Consent: true}}
	create(t, s, o)
	for i := 2; i <= 4; i++ {
		publish(t, s, fmt.Sprint("nr ", i))
	}
	if err := s.Pin(ctx, 2, true, admin); err != nil {
		t.Fatal(err)
	}
	// Publications 5 and 6 push out 1 and 3 (2 is pinned); each publish
	// prunes after itself.
	publish(t, s, "nr 5")
	publish(t, s, "nr 6")
	kept, pruned := retained(t, s)
	if !slices.Equal(kept, []int{2, 4, 5, 6}) || !slices.Equal(pruned, []int{1, 3}) {
		t.Fatalf("kept %v, pruned %v", kept, pruned)
	}
	// The history keeps every row, numbering goes on.
	pubs, _ := s.Publications(ctx, 100)
	if len(pubs) != 6 || !pubs[len(pubs)-2].Pinned || pubs[len(pubs)-1].Number != 1 {
		t.Fatalf("history: %+v", pubs)
	}

	// Rolling back to a pruned publication is refused with a message.
	_, err := s.Rollback(ctx, 3, "", admin)
	var f *fault.Error
	if !errors.Is(err, store.ErrPruned) || !errors.As(err, &f) || f.Code != fault.Conflict || f.Message != "kopia publikacji nr 3 została już usunięta" {
		t.Fatalf("rollback to a pruned publication: %v", err)
	}
	if err := s.Pin(ctx, 3, true, admin); !errors.Is(err, store.ErrPruned) {
		t.Fatalf("pin of a pruned publication: %v", err)
	}

	// A rollback to the pinned one makes it current, and is a publication
	// too: 7 shows 2's copy, and 4 is no longer among the newest three.
	// 2's copy stays kept after 2 is unpinned: it is current.
	back, err := s.Rollback(ctx, 2, "wracamy", admin)
	if err != nil || back.Number != 7 {
		t.Fatalf("rollback to 2: %+v, %v", back, err)
	}
	kept, pruned = retained(t, s)
	if !slices.Equal(kept, []int{2, 5, 6, 7}) || !slices.Equal(pruned, []int{1, 3, 4}) {
		t.Fatalf("after the rollback: kept %v, pruned %v", kept, pruned)
	}
	if err := s.Pin(ctx, 2, false, admin); err != nil {
		t.Fatal(err)
	}
	if got := publicNames(t, public(t, s)); !slices.Equal(got, []string{"Alfa"}) {
		t.Fatalf("the public sees %v", got)
	}
	p, err := s.Prune(ctx, 1, admin)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.Publications, []int{5, 6}) || p.Schemas != 2 {
		t.Fatalf("prune keeping 1: %+v", p)
	}
	kept, pruned = retained(t, s)
	if !slices.Equal(kept, []int{2, 7}) || !slices.Equal(pruned, []int{1, 3, 4, 5, 6}) {
		t.Fatalf("after pruning to 1: kept %v, pruned %v", kept, pruned)
	}
	if p, err := s.Prune(ctx, 1, admin); err != nil || len(p.Publications) != 0 {
		t.Fatalf("pruning again: %+v, %v", p, err)
	}
	log, err := s.AuditLog(ctx, "publications_pruned", "", 10)
	if err != nil || len(log) != 4 { // after 4, 6, the rollback and by hand
		t.Fatalf("pruning audited %d times, %v", len(log), err)
	}
	if log, _ := s.AuditLog(ctx, "publication_pinned", "", 10); len(log) != 1 || log[0].Target != "2" {
		t.Fatalf("pinning audited as %+v", log)
	}

	// The erasure of a person reaches the kept copy (2's, current) and
	// passes over the pruned ones.
	e, err := s.ErasePerson(ctx, uuid.MustParse(o.ID), "Anna Kowalska", admin)
	if err != nil {
		t.Fatal(err)
	}
	if e.WorkingCopy != 1 || e.Publications != 1 {
		t.Fatalf("erased %+v", e)
	}
	var n int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM publication_2.contact_person`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("contact persons left in the kept copy: %d, %v", n, err)
	}
	pub, err := public(t, s).Organisation(ctx, "alfa")
	if err != nil || len(pub.Contacts) != 0 {
		t.Fatalf("the public still sees %+v, %v", pub.Contacts, err)
	}
}
