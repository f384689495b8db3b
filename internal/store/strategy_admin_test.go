package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
)

var staffBy = accounts.Audit{ActorEmail: "redaktor@example.org", IP: "127.0.0.1"}

// partID finds the id of a goal (by number) or area (by goal and area
// numbers) in the tree.
func partID(t *testing.T, s *store.Store, goal string, area string) int64 {
	t.Helper()
	tree, err := s.StrategyTree(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range tree {
		for _, g := range d.Children {
			if g.Number != goal {
				continue
			}
			if area == "" {
				return g.ID
			}
			for _, a := range g.Children {
				if a.Number == area {
					return a.ID
				}
			}
		}
	}
	t.Fatalf("no goal %s area %s", goal, area)
	return 0
}

// The importer owns what it created; what staff created in the admin area
// survives every import: a staff task beside imported ones, a staff goal
// and area the card's numbers later name (their texts kept, the task put
// under them), and a card that would overwrite a staff task stops the
// whole import, with its file named and nothing written.
func TestImportKeepsWhatStaffCreated(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	c92 := seedCard(t, card92)
	if _, _, err := s.ImportCard(ctx, c92, card92); err != nil {
		t.Fatal(err)
	}
	area9 := partID(t, s, "II", "9")
	// Staff add task 3 to the imported area 9 and a new area 10 with a
	// task, and rename the imported area.
	slug3, err := s.CreateTask(ctx, area9, 3, "Forum organizacji", []int{2024, 2025}, staffBy)
	if err != nil || slug3 != "ii-9-3" {
		t.Fatalf("staff task: %q %v", slug3, err)
	}
	goal2 := partID(t, s, "II", "")
	area10, err := s.CreatePart(ctx, strategy.Part{Kind: strategy.KindArea, Number: "10", Name: "Wolontariat", Lead: "MOPR"}, goal2, staffBy)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateTask(ctx, area10, 1, "Centrum wolontariatu", []int{2025}, staffBy); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePart(ctx, strategy.Part{Kind: strategy.KindArea, Number: "10", Name: "Drugi"}, goal2, staffBy); !isTaken(err, "Wolontariat") {
		t.Errorf("a second area 10: %v", err)
	}

	// Re-importing card 9.2 leaves the staff task alone.
	c92 = seedCard(t, card92)
	c92.Task.Implementer = "MOPR (z importu)"
	res, err := s.ImportCards(ctx, []store.ImportedCard{{File: card92, Card: c92}})
	if err != nil || res[0].Created || res[0].Slug != "ii-9-2" {
		t.Fatalf("re-import: %+v %v", res, err)
	}
	cards, err := s.StrategyCards(ctx)
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{}
	for _, c := range cards {
		titles[c.Task.Slug] = c.Task.Title
	}
	if titles["ii-9-3"] != "Forum organizacji" || titles["ii-10-1"] != "Centrum wolontariatu" || len(titles) != 3 {
		t.Errorf("after the import: %v", titles)
	}

	// A card numbered 10.1 under goal II would overwrite the staff task:
	// the import stops, naming the file, and the card before it in the
	// same import is not written either.
	c81 := seedCard(t, card81)
	c81.Task.Title = "Zmieniony tytuł 8.1"
	clash := seedCard(t, card81)
	clash.Area.Number, clash.Task.Number = 10, 1
	_, err = s.ImportCards(ctx, []store.ImportedCard{{File: "a.txt", Card: c81}, {File: "b.txt", Card: clash}})
	if !fault.Is(err, fault.Conflict) || !strings.Contains(err.Error(), "b.txt") || !strings.Contains(err.Error(), "ii-10-1") {
		t.Fatalf("clash with a staff task: %v", err)
	}
	if _, err := s.StrategyCard(ctx, "ii-8-1"); !fault.Is(err, fault.NotFound) {
		t.Errorf("the card before the clash was written: %v", err)
	}
	got, _ := s.StrategyCard(ctx, "ii-10-1")
	if got == nil || got.Task.Title != "Centrum wolontariatu" || got.Area.Name != "Wolontariat" {
		t.Errorf("the staff task changed: %+v", got)
	}

	// A card for task 10.2 goes under the staff area, whose texts stay.
	c102 := seedCard(t, card81)
	c102.Area.Number, c102.Task.Number = 10, 2
	if _, err := s.ImportCards(ctx, []store.ImportedCard{{File: "c.txt", Card: c102}}); err != nil {
		t.Fatal(err)
	}
	got, err = s.StrategyCard(ctx, "ii-10-2")
	if err != nil || got.Area.Name != "Wolontariat" || got.Area.Coordinator != "MOPR" {
		t.Errorf("the staff area was overwritten by the import: %+v %v", got, err)
	}
	// The import changed no staff row's revision count: area 10 has one.
	revs, err := s.PartRevisions(ctx, strategy.KindArea, area10)
	if err != nil || len(revs) != 1 {
		t.Errorf("staff area revisions: %d %v", len(revs), err)
	}
}

func isTaken(err error, other string) bool {
	var taken *store.TakenError
	return errors.As(err, &taken) && taken.Other == other
}

// A retired goal and a trashed task leave what the public reads, also
// the partner list of organisations; staff still load them.
func TestRetiredAndTrashedAreNotPublic(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	for _, name := range []string{card81, card92} {
		if _, _, err := s.ImportCard(ctx, seedCard(t, name), name); err != nil {
			t.Fatal(err)
		}
	}
	v, err := s.TaskVersion(ctx, "ii-8-1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteTask(ctx, "ii-8-1", v, staffBy); err != nil {
		t.Fatal(err)
	}
	if _, err := s.StrategyCard(ctx, "ii-8-1"); !fault.Is(err, fault.NotFound) {
		t.Errorf("trashed task is public: %v", err)
	}
	// The importer keeps a trashed task in the trash.
	if _, _, err := s.ImportCard(ctx, seedCard(t, card81), card81); err != nil {
		t.Fatal(err)
	}
	if trash, _ := s.TaskTrash(ctx); len(trash) != 1 || trash[0].Number != "II.8.1" {
		t.Errorf("trash after the import: %+v", trash)
	}
	goal := partID(t, s, "II", "")
	g, err := s.StrategyPart(ctx, strategy.KindGoal, goal)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetPartRetired(ctx, strategy.KindGoal, goal, g.Version, true, staffBy); err != nil {
		t.Fatal(err)
	}
	if cards, _ := s.StrategyCards(ctx); len(cards) != 0 {
		t.Errorf("%d public cards under a retired goal", len(cards))
	}
	if _, err := s.StaffCard(ctx, "ii-9-2"); err != nil {
		t.Errorf("staff cannot load a task of a retired goal: %v", err)
	}
	// A stale version is refused.
	if err := s.SetPartRetired(ctx, strategy.KindGoal, goal, g.Version, false, staffBy); !fault.Is(err, fault.Conflict) {
		t.Errorf("stale unretire: %v", err)
	}
}
