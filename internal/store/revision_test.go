package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
)

var editor = accounts.Audit{ActorEmail: "redaktor@example.org"}

func TestEditsWriteRevisionsAndRestore(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	o := org("edytowana", "Stara nazwa")
	if err := s.CreateOrganisation(ctx, o, editor); err != nil {
		t.Fatal(err)
	}
	v1 := o.Version

	o.Name = "Nowa nazwa"
	o.Address.City = "Rydzyna"
	if err := s.UpdateOrganisation(ctx, o, v1, editor); err != nil {
		t.Fatal(err)
	}
	if o.Version != v1+1 {
		t.Errorf("version %d after an update from %d", o.Version, v1)
	}

	// A second editor who started from v1 is refused; nothing changes.
	stale := org("edytowana", "Inna nazwa")
	stale.ID = o.ID
	if err := s.UpdateOrganisation(ctx, stale, v1, editor); !fault.Is(err, fault.Conflict) {
		t.Fatalf("stale update: %v, want conflict", err)
	}
	got, _ := s.Organisation(ctx, "edytowana")
	if got.Name != "Nowa nazwa" {
		t.Errorf("a refused update changed the name to %q", got.Name)
	}

	revs, err := s.Revisions(ctx, uuid.MustParse(o.ID))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: %v, %d", err, len(revs))
	}
	if revs[0].Action != "update" || !slices.Equal(revs[0].Changed, []string{"name", "address.city"}) || revs[0].ActorEmail != "redaktor@example.org" {
		t.Errorf("latest revision = %+v", revs[0])
	}
	if revs[1].Action != "create" || revs[1].Snapshot.Name != "Stara nazwa" {
		t.Errorf("first revision = %+v", revs[1])
	}

	// Restoring the first version is itself a new revision.
	if err := s.RestoreRevision(ctx, uuid.MustParse(o.ID), revs[1].ID, o.Version, editor); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Organisation(ctx, "edytowana")
	if got.Name != "Stara nazwa" || got.Address.City != "Leszno" {
		t.Errorf("after restore: %q, %q", got.Name, got.Address.City)
	}
	revs, _ = s.Revisions(ctx, uuid.MustParse(o.ID))
	if len(revs) != 3 || revs[0].Action != "restore" {
		t.Errorf("after restore the history is %d long, latest %q", len(revs), revs[0].Action)
	}
	log, _ := s.AuditLog(ctx, "organisation_restore", "", 10)
	if len(log) != 1 || log[0].Target != "edytowana" {
		t.Errorf("audit of the restore: %+v", log)
	}
}

func TestSoftDeleteAndTrash(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	o := org("do-kosza", "Do kosza", "seniorzy")
	create(t, s, o, org("zostaje", "Zostaje"))
	if err := s.DeleteOrganisation(ctx, uuid.MustParse(o.ID), o.Version, editor); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Preview().Organisation(ctx, "do-kosza"); !fault.Is(err, fault.NotFound) {
		t.Errorf("a deleted organisation is public: %v", err)
	}
	slugs, _ := search(t, s, directory.Query{})
	if !slices.Equal(slugs, []string{"zostaje"}) {
		t.Errorf("search lists %v", slugs)
	}
	if f, _ := s.Preview().Facets(ctx); f.Counts["seniorzy"] != 0 || f.Total != 1 {
		t.Errorf("facets count the deleted one: %v, total %d", f.Counts, f.Total)
	}
	trash, err := s.Trash(ctx)
	if err != nil || len(trash) != 1 || trash[0].Slug != "do-kosza" {
		t.Fatalf("trash = %+v, %v", trash, err)
	}
	if err := s.UndeleteOrganisation(ctx, uuid.MustParse(o.ID), editor); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Preview().Organisation(ctx, "do-kosza"); err != nil {
		t.Errorf("restored from the trash but not public: %v", err)
	}
	cur, _ := s.Organisation(ctx, "do-kosza")
	if err := s.DeleteOrganisation(ctx, uuid.MustParse(o.ID), cur.Version, editor); err != nil {
		t.Fatal(err)
	}
	if n, err := s.EmptyTrash(ctx, editor); err != nil || n != 1 {
		t.Errorf("EmptyTrash = %d, %v", n, err)
	}
	if _, err := s.Organisation(ctx, "do-kosza"); !fault.Is(err, fault.NotFound) {
		t.Errorf("still there after emptying the trash: %v", err)
	}
	// Its history stays.
	if revs, _ := s.Revisions(ctx, uuid.MustParse(o.ID)); len(revs) != 4 {
		t.Errorf("%d revisions kept, want 4", len(revs))
	}
}

// Two saves of the same version at once, each giving the record a new
// address: one is stored, the other is an edit conflict (no field error),
// never "the address is taken" by the record's own winning save.
func TestSimultaneousUpdatesConflict(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	o := org("wyscigowa", "Wyścigowa")
	if err := s.CreateOrganisation(ctx, o, editor); err != nil {
		t.Fatal(err)
	}
	for round := range 10 {
		cur, err := s.OrganisationByID(ctx, uuid.MustParse(o.ID))
		if err != nil {
			t.Fatal(err)
		}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range errs {
			mine := *cur
			mine.Slug = fmt.Sprintf("wyscigowa-%d", round)
			mine.Description = fmt.Sprintf("Opis %d", i)
			wg.Go(func() { errs[i] = s.UpdateOrganisation(ctx, &mine, cur.Version, editor) })
		}
		wg.Wait()
		won, lost := errs[0], errs[1]
		if won != nil {
			won, lost = lost, won
		}
		var invalid *directory.InvalidError
		if won != nil || !fault.Is(lost, fault.Conflict) || errors.As(lost, &invalid) {
			t.Fatalf("round %d: %v and %v, want one save and one edit conflict", round, errs[0], errs[1])
		}
	}
}
