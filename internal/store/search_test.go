package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/searchlog"
)

func TestSynonyms(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	seeded, err := s.Synonyms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The defaults are there, and each is what the admin form would accept.
	var food *directory.Synonym
	for i, syn := range seeded {
		parsed, errs := directory.ParseSynonym(syn.Word, strings.Join(syn.Alternatives, ", "))
		if errs != nil || !slices.Equal(parsed.Alternatives, syn.Alternatives) || parsed.Word != syn.Word {
			t.Errorf("seeded %+v: the form would make it %+v (%v)", syn, parsed, errs)
		}
		if syn.Word == "jedzenie" {
			food = &seeded[i]
		}
	}
	if food == nil || !slices.Equal(food.Alternatives, []string{"żywność", "posiłek"}) {
		t.Fatalf("jedzenie: %+v", food)
	}

	by := accounts.Audit{ActorEmail: "redaktor@example.org"}
	if err := s.SaveSynonym(ctx, directory.Synonym{Word: "jedzenie", Alternatives: []string{"żywność", "obiad"}}, by); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSynonym(ctx, directory.Synonym{Word: "zupa", Alternatives: []string{"posiłek"}}, by); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSynonym(ctx, "ubrania", by); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteSynonym(ctx, "ubrania", by); !fault.Is(err, fault.NotFound) {
		t.Errorf("deleting a missing synonym: %v", err)
	}
	got, err := s.Synonyms(ctx)
	if err != nil {
		t.Fatal(err)
	}
	words := map[string][]string{}
	for _, syn := range got {
		words[syn.Word] = syn.Alternatives
	}
	if len(got) != len(seeded) || !slices.Equal(words["jedzenie"], []string{"żywność", "obiad"}) || words["zupa"] == nil || words["ubrania"] != nil {
		t.Errorf("after the edits: %v", words)
	}
	events, err := s.AuditLog(ctx, accounts.AuditSynonymSaved, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 2 {
		t.Errorf("%d synonym_saved events, want 2", len(events))
	}
}

func TestSearchMisses(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	now := time.Now()
	this, last := searchlog.WeekOf(now), searchlog.WeekOf(now).AddDate(0, 0, -7)
	add := func(misses ...searchlog.Miss) {
		t.Helper()
		if err := s.AddSearchMisses(ctx, misses); err != nil {
			t.Fatal(err)
		}
	}
	add(searchlog.Miss{Week: this, Query: "jedzenie", Count: 2}, searchlog.Miss{Week: last, Query: "jedzenie", Count: 1},
		searchlog.Miss{Week: this, Query: "basen", Count: 1}, searchlog.Miss{Week: this.AddDate(0, 0, -7*60), Query: "stare", Count: 9})
	// A second instance, or the next flush, adds to the same week.
	add(searchlog.Miss{Week: this, Query: "jedzenie", Count: 3}, searchlog.Miss{Week: this, Query: "kino", Count: 1})

	weeks, err := s.SearchMisses(ctx, last.AddDate(-1, 0, 0), 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(weeks) != 2 {
		t.Fatalf("%d weeks, want 2 (a week older than a year is forgotten): %+v", len(weeks), weeks)
	}
	w := weeks[0]
	if !w.Week.Equal(this) || w.Searches != 7 || w.Texts != 3 || len(w.Misses) != 2 {
		t.Fatalf("this week: %+v", w)
	}
	if w.Misses[0].Query != "jedzenie" || w.Misses[0].Count != 5 || w.Misses[1].Query != "basen" {
		t.Errorf("this week's commonest first, then by text: %+v", w.Misses)
	}
	if !weeks[1].Week.Equal(last) || weeks[1].Searches != 1 {
		t.Errorf("last week: %+v", weeks[1])
	}
}
