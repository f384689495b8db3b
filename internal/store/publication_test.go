package store_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/store"
)

var admin = accounts.Audit{ActorID: 0, ActorEmail: "admin@example.org"}

func publish(t *testing.T, s *store.Store, note string) directory.Publication {
	t.Helper()
	p, err := s.Publish(context.Background(), note, admin)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// public is the current publication as an instance holds it: loaded from
// its stored artifact into memory.
func public(t *testing.T, s *store.Store) *published.Live {
	t.Helper()
	l := published.NewLive(s, nil, t.TempDir(), nil)
	if err := l.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	return l
}

type searcher interface {
	Search(ctx context.Context, q directory.Query) (directory.Results, error)
}

func publicNames(t *testing.T, p searcher) []string {
	t.Helper()
	res, err := p.Search(context.Background(), directory.Query{PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range res.Items {
		names = append(names, it.Name)
	}
	return names
}

func slugs(cs []directory.PublishedChange) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Slug+fmt.Sprint(c.Fields))
	}
	return out
}

func TestPublicSeesOnlyThePublication(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	a, b := org("alfa", "Alfa", "ubostwo"), org("beta", "Beta", "ubostwo")
	create(t, s, a, b)

	if got := publicNames(t, public(t, s)); len(got) != 0 {
		t.Fatalf("before publishing the public sees %v", got)
	}
	if got := publicNames(t, s.Preview()); !slices.Equal(got, []string{"Alfa", "Beta"}) {
		t.Fatalf("preview = %v", got)
	}
	p2 := publish(t, s, "pierwsza")
	if p2.Number != 2 || !p2.Current || p2.Organisations != 2 || p2.Note != "pierwsza" || p2.By != "admin@example.org" {
		t.Fatalf("publication = %+v", p2)
	}
	if got := slugs(p2.Added); !slices.Equal(got, []string{"alfa[]", "beta[]"}) {
		t.Fatalf("added = %v", got)
	}

	// Edits stay in the working copy until the next publication.
	w, err := s.Organisation(ctx, "alfa")
	if err != nil {
		t.Fatal(err)
	}
	w.Name, w.Description = "Alfa Nowa", "Nowy opis"
	if err := s.UpdateOrganisation(ctx, w, w.Version, editor); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteOrganisation(ctx, uuid.MustParse(b.ID), b.Version, editor); err != nil {
		t.Fatal(err)
	}
	create(t, s, org("gamma", "Gamma", "ubostwo"))
	if got := publicNames(t, public(t, s)); !slices.Equal(got, []string{"Alfa", "Beta"}) {
		t.Fatalf("public sees unpublished edits: %v", got)
	}
	if o, err := public(t, s).Organisation(ctx, "alfa"); err != nil || o.Description == "Nowy opis" {
		t.Fatalf("public organisation = %+v, %v", o, err)
	}
	if _, err := public(t, s).Organisation(ctx, "gamma"); !fault.Is(err, fault.NotFound) {
		t.Fatalf("unpublished organisation: %v", err)
	}

	p3 := publish(t, s, "druga")
	if got := publicNames(t, public(t, s)); !slices.Equal(got, []string{"Alfa Nowa", "Gamma"}) {
		t.Fatalf("after publishing: %v", got)
	}
	if a, c, r := slugs(p3.Added), slugs(p3.Changed), slugs(p3.Removed); !slices.Equal(a, []string{"gamma[]"}) ||
		!slices.Equal(c, []string{"alfa[name description]"}) || !slices.Equal(r, []string{"beta[]"}) {
		t.Fatalf("changes: added %v, changed %v, removed %v", a, c, r)
	}
	cur, err := public(t, s).Current(ctx)
	if err != nil || cur.Number != 3 {
		t.Fatalf("current = %+v, %v", cur, err)
	}
	f, err := public(t, s).Facets(ctx)
	if err != nil || f.Total != 2 {
		t.Fatalf("facets total = %d, %v", f.Total, err)
	}

	// Rollback shows publication 2 again and is itself a publication.
	back, err := s.Rollback(ctx, 2, "cofnięcie", admin)
	if err != nil {
		t.Fatal(err)
	}
	if back.Number != 4 || back.RestoredFrom != 2 || !back.Current {
		t.Fatalf("rollback = %+v", back)
	}
	if a, c, r := slugs(back.Added), slugs(back.Changed), slugs(back.Removed); !slices.Equal(a, []string{"beta[]"}) ||
		!slices.Equal(c, []string{"alfa[name description]"}) || !slices.Equal(r, []string{"gamma[]"}) {
		t.Fatalf("rollback changes: added %v, changed %v, removed %v", a, c, r)
	}
	if got := publicNames(t, public(t, s)); !slices.Equal(got, []string{"Alfa", "Beta"}) {
		t.Fatalf("after rollback: %v", got)
	}
	if f, _ := public(t, s).Facets(ctx); f.Total != 2 || f.Counts["ubostwo"] != 2 {
		t.Fatalf("facets after rollback = %+v", f)
	}
	// The working copy is untouched by a rollback.
	if got := publicNames(t, s.Preview()); !slices.Equal(got, []string{"Alfa Nowa", "Gamma"}) {
		t.Fatalf("working copy after rollback: %v", got)
	}
	pubs, err := s.Publications(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var numbers []int
	for _, p := range pubs {
		numbers = append(numbers, p.Number)
		if p.Current != (p.Number == 4) {
			t.Errorf("publication %d current = %v", p.Number, p.Current)
		}
	}
	if !slices.Equal(numbers, []int{4, 3, 2, 1}) {
		t.Fatalf("publications = %v", numbers)
	}
	// The feed's copy names the first change of each kind and counts the
	// others.
	recent, err := s.RecentPublications(ctx, 10, 1)
	if err != nil || len(recent) != len(pubs) {
		t.Fatalf("recent publications: %d, %v", len(recent), err)
	}
	cut := 0
	for i, p := range pubs {
		r, unlisted := recent[i], 0
		for _, k := range [][2][]directory.PublishedChange{{p.Added, r.Added}, {p.Changed, r.Changed}, {p.Removed, r.Removed}} {
			all, listed := slugs(k[0]), slugs(k[1])
			if len(listed) != min(len(all), 1) || !slices.Equal(listed, all[:len(listed)]) {
				t.Errorf("publication %d lists %v of %v", p.Number, listed, all)
			}
			unlisted += len(all) - len(listed)
		}
		if r.Unlisted != unlisted || r.Number != p.Number {
			t.Errorf("publication %d: %d unlisted, want %d", p.Number, r.Unlisted, unlisted)
		}
		cut += unlisted
	}
	if cut == 0 {
		t.Fatal("no publication had more than one change of a kind: the test shows nothing")
	}
	if _, err := s.Rollback(ctx, 99, "", admin); !fault.Is(err, fault.NotFound) {
		t.Fatalf("rollback to an unknown publication: %v", err)
	}
	log, err := s.AuditLog(ctx, "", "", 20)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range log {
		kinds = append(kinds, e.Kind)
	}
	if !slices.Contains(kinds, "published") || !slices.Contains(kinds, "publication_restored") {
		t.Fatalf("audit log kinds = %v", kinds)
	}
}

func TestPublicationHoldsConsentedContactsOnly(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	o := org("kontakty", "Kontakty", "ubostwo")
	o.Contacts = []directory.Contact{{Name: "Anna Zgodna", Consent: true}, {Name: "Jan Bezzgody"}}
	create(t, s, o)
	publish(t, s, "")
	var n int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM publication_2.contact_person`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("published contact persons = %d, %v", n, err)
	}
	var all []string
	if err := public(t, s).Each(ctx, 0, func(o *directory.Organisation) error {
		for _, c := range o.Contacts {
			all = append(all, c.Name)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(all, []string{"Anna Zgodna"}) {
		t.Fatalf("contacts = %v", all)
	}
}

func TestEachWalksTheWholePublicationInNameOrder(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	// More than one batch, with names that sort differently from slugs.
	if _, err := s.Pool().Exec(ctx, `INSERT INTO organisation (slug, name, legal_form)
		SELECT 'org-' || i, 'Organizacja ' || lpad((1300 - i)::text, 4, '0'), 'fundacja' FROM generate_series(1, 1234) i`); err != nil {
		t.Fatal(err)
	}
	publish(t, s, "")
	var names []string
	if err := public(t, s).Each(ctx, 0, func(o *directory.Organisation) error {
		names = append(names, o.Name)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(names) != 1234 || !slices.IsSorted(names) || names[0] != "Organizacja 0066" {
		t.Fatalf("walked %d organisations, first %q, sorted %v", len(names), names[0], slices.IsSorted(names))
	}
}

// TestReadersNeverSeeAMixedPublication publishes again and again while
// readers search: in publication k every organisation's name ends in "k"
// and there are k+... of them, so a page that mixed two publications, or a
// count from one and a page from another, would show.
func TestReadersNeverSeeAMixedPublication(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	if _, err := s.Pool().Exec(ctx, `INSERT INTO organisation (slug, name, legal_form)
		SELECT 'org-' || i, 'Organizacja ' || i || ' gen 0', 'fundacja' FROM generate_series(1, 30) i`); err != nil {
		t.Fatal(err)
	}
	publish(t, s, "gen 0")

	live := public(t, s)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	reads := make([]int, 4)
	for r := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				// One request's reads, from the publication pinned for it.
				req := live.Pin(ctx)
				res, err := live.Search(req, directory.Query{PerPage: 100})
				if err != nil {
					errs <- err
					return
				}
				facets, _ := live.Facets(req)
				cur, _ := live.Current(req)
				if facets.Total != res.Total || cur.Organisations != res.Total {
					errs <- fmt.Errorf("one request saw %d results, %d in the facets, %d in publication %d", res.Total, facets.Total, cur.Organisations, cur.Number)
					return
				}
				gens := map[string]bool{}
				for _, it := range res.Items {
					gens[it.Name[strings.LastIndex(it.Name, " ")+1:]] = true
				}
				gen := 0
				for g := range gens {
					gen, _ = strconv.Atoi(g)
				}
				if len(gens) != 1 || res.Total != 30+gen || len(res.Items) != res.Total {
					errs <- fmt.Errorf("mixed read: generations %v, total %d, items %d", gens, res.Total, len(res.Items))
					return
				}
				reads[r]++
			}
		}()
	}
	for gen := 1; gen <= 8; gen++ {
		if _, err := s.Pool().Exec(ctx, `UPDATE organisation SET name = regexp_replace(name, '[0-9]+$', $1), version = version + 1`, strconv.Itoa(gen)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Pool().Exec(ctx, `INSERT INTO organisation (slug, name, legal_form) VALUES ($1, $2, 'fundacja')`,
			"nowa-"+strconv.Itoa(gen), "Nowa "+strconv.Itoa(gen)+" gen "+strconv.Itoa(gen)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Pool().Exec(ctx, `UPDATE organisation SET name = regexp_replace(name, '[0-9]+$', $1)`, strconv.Itoa(gen)); err != nil {
			t.Fatal(err)
		}
		publish(t, s, "gen "+strconv.Itoa(gen))
		if err := live.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for r, n := range reads {
		if n == 0 {
			t.Errorf("reader %d read nothing", r)
		}
	}
	if got := publicNames(t, public(t, s)); len(got) != 38 {
		t.Fatalf("final publication has %d organisations", len(got))
	}
}

func TestPendingChangesSayWhatPublishingWouldDo(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	a := org("alfa", "Alfa", "ubostwo")
	create(t, s, a)
	publish(t, s, "")
	if p, err := s.PendingChanges(ctx); err != nil || len(p.Added)+len(p.Changed)+len(p.Removed) != 0 {
		t.Fatalf("pending right after publishing = %+v, %v", p, err)
	}
	w, _ := s.Organisation(ctx, "alfa")
	w.Website = "https://alfa.example.org"
	if err := s.UpdateOrganisation(ctx, w, w.Version, editor); err != nil {
		t.Fatal(err)
	}
	create(t, s, org("beta", "Beta", "ubostwo"))
	p, err := s.PendingChanges(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a, c := slugs(p.Added), slugs(p.Changed); !slices.Equal(a, []string{"beta[]"}) || !slices.Equal(c, []string{"alfa[website]"}) {
		t.Fatalf("pending: added %v, changed %v", a, c)
	}
	w, _ = s.Organisation(ctx, "alfa")
	if err := s.DeleteOrganisation(ctx, uuid.MustParse(w.ID), w.Version, editor); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.PendingChanges(ctx); !slices.Equal(slugs(p.Removed), []string{"alfa[]"}) {
		t.Fatalf("pending after deleting: removed %v", slugs(p.Removed))
	}
}

func TestAPinnedRequestKeepsItsPublication(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	create(t, s, org("alfa", "Alfa", "ubostwo"))
	p2 := publish(t, s, "")
	live := public(t, s)
	req := live.Pin(ctx) // a request under way when the next publication arrives
	create(t, s, org("beta", "Beta", "ubostwo"))
	publish(t, s, "")
	if err := live.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	count := func(ctx context.Context, n int) int {
		var got int
		if err := live.Each(ctx, n, func(*directory.Organisation) error { got++; return nil }); err != nil {
			t.Fatal(err)
		}
		return got
	}
	if count(req, p2.Number) != 1 || count(ctx, 0) != 2 {
		t.Fatalf("the pinned request walks %d organisations, a new one %d", count(req, p2.Number), count(ctx, 0))
	}
	if err := live.Each(ctx, 99, func(*directory.Organisation) error { return nil }); !fault.Is(err, fault.NotFound) {
		t.Fatalf("a publication not loaded: %v", err)
	}
}

// A publication whose artifact is missing or in an encoding this portal
// does not read (made before artifacts, or by an older portal) is built
// again when an instance loads it.
func TestAnArtifactOfAnotherEncodingIsBuiltAgain(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	create(t, s, org("alfa", "Alfa", "ubostwo"))
	publish(t, s, "")
	if _, err := s.Pool().Exec(ctx, `UPDATE publication_artifact SET part = 'index-v0' WHERE part = $1`, published.PartIndex); err != nil {
		t.Fatal(err)
	}
	if got := publicNames(t, public(t, s)); !slices.Equal(got, []string{"Alfa"}) {
		t.Fatalf("the public sees %v", got)
	}
	var n int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM publication_artifact WHERE part = $1`, published.PartIndex).Scan(&n); err != nil || n == 0 {
		t.Fatalf("index parts in the current encoding: %d, %v", n, err)
	}
}
