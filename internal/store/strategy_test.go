package store_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/internal/strategy/cards"
)

func seedCard(t *testing.T, name string) *strategy.Card {
	t.Helper()
	f, err := cards.FS.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := strategy.Parse(name, f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const card92 = "cel2-9-2-bank-danych-o-organizacjach-pozarzadowych.txt"
const card81 = "cel2-8-1-strategia-rozwiazywania-problemow-spolecznych.txt"

// What is imported comes back equal to the parsed card, field by field.
func TestImportedCardsRoundTrip(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	for _, name := range []string{card81, card92} {
		want := seedCard(t, name)
		slug, created, err := s.ImportCard(ctx, want, name)
		if err != nil || !created {
			t.Fatalf("import %s: %v (created %v)", name, err, created)
		}
		got, err := s.StrategyCard(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		want.Task.Slug = slug
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs after the round trip\n got: %+v\nwant: %+v", name, got.Task, want.Task)
		}
	}
	all, err := s.StrategyCards(ctx)
	if err != nil || len(all) != 2 || all[0].Task.Slug != "ii-8-1" || all[1].Task.Slug != "ii-9-2" {
		t.Errorf("StrategyCards: %v, %d cards", err, len(all))
	}
}

// Importing the same card again updates it in place: no duplicates, new
// values win, and what staff linked and bound stays.
func TestReimportUpdatesInPlaceAndKeepsStaffLinks(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	o := org("partner-org", "Organizacja Partnerska")
	create(t, s, o)
	c := seedCard(t, card92)
	if _, _, err := s.ImportCard(ctx, c, card92); err != nil {
		t.Fatal(err)
	}
	if err := s.LinkPartner(ctx, "ii-9-2", 1, "partner-org"); err != nil {
		t.Fatal(err)
	}
	if err := s.BindIndicator(ctx, "ii-9-2", 0, strategy.MetricOrganisations); err != nil {
		t.Fatal(err)
	}

	c2 := seedCard(t, card92)
	c2.Task.Indicators[0].Values[4].Value = "55"
	slug, created, err := s.ImportCard(ctx, c2, card92)
	if err != nil || created {
		t.Fatalf("re-import: %v, created %v", err, created)
	}
	if n, _ := s.CountStrategyTasks(ctx); n != 1 {
		t.Errorf("%d tasks after re-import, want 1", n)
	}
	var revisions int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM revision WHERE entity = 'strategy_task'`).Scan(&revisions); err != nil || revisions != 2 {
		t.Errorf("%d revisions of the task after two imports, want 2 (%v)", revisions, err)
	}
	got, err := s.StrategyCard(ctx, slug)
	if err != nil {
		t.Fatal(err)
	}
	if v := got.Task.Indicators[0].Values[4].Value; v != "55" {
		t.Errorf("2013 value = %s, want the re-imported 55", v)
	}
	if got.Task.Partners[1].Organisation != "partner-org" || got.Task.Indicators[0].Metric != strategy.MetricOrganisations {
		t.Errorf("staff links lost: partner %q, metric %q", got.Task.Partners[1].Organisation, got.Task.Indicators[0].Metric)
	}
	partners, err := s.PartnerTasks(ctx)
	if refs := partners["partner-org"]; err != nil || len(refs) != 1 || refs[0].Slug != "ii-9-2" {
		t.Errorf("PartnerTasks = %+v, %v", partners, err)
	}
}

func TestLiveValues(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	fresh, stale, example := org("swieza", "Świeża"), org("stara", "Stara"), org("przyklad", "Przykład")
	now := time.Now()
	old := now.AddDate(-2, 0, 0)
	fresh.VerifiedOn, stale.VerifiedOn, example.VerifiedOn = &now, &old, &now
	example.Example = true
	create(t, s, fresh, stale, example)
	for m, want := range map[strategy.Metric]string{
		strategy.MetricOrganisations: "2",    // the example is not counted
		strategy.MetricVerifiedShare: "0.50", // one of the two verified within 12 months
	} {
		got, err := s.LiveValue(ctx, m)
		if err != nil || got != want {
			t.Errorf("LiveValue(%s) = %q, %v; want %q", m, got, err, want)
		}
	}
	if b, err := s.LiveBasis(ctx); err != nil || b != (strategy.LiveBasis{Organisations: 2, Examples: 1}) {
		t.Errorf("LiveBasis = %+v, %v; want 2 organisations and 1 example left out", b, err)
	}
	if err := s.BindIndicator(ctx, "nie-ma", 0, strategy.MetricOrganisations); err == nil {
		t.Error("binding an unknown task succeeded")
	}
}
