package main

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/backup"
	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/store"
)

// otherDatabase returns the address of a database named name+suffix on the
// server of url, which does not exist yet, and drops it when t ends.
func otherDatabase(t *testing.T, url, suffix string) string {
	t.Helper()
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	name := cfg.Database + suffix
	t.Cleanup(func() {
		admin := cfg.Copy()
		admin.Database = "postgres"
		c, err := pgx.ConnectConfig(context.Background(), admin)
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s", cfg.Host, cfg.Port, cfg.User, name)
}

// contents counts the rows of every table of the database at url, the
// publications' copies included, by schema-qualified name; and
// fingerprints every stored artifact part.
func contents(t *testing.T, url string) (counts map[string]int, parts map[string]string) {
	t.Helper()
	ctx := context.Background()
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close(ctx)
	rows, _ := c.Query(ctx, `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	counts = map[string]int{}
	for _, tb := range tables {
		var n int
		if err := c.QueryRow(ctx, `SELECT count(*) FROM `+tb).Scan(&n); err != nil {
			t.Fatal(err)
		}
		counts[tb] = n
	}
	parts = map[string]string{}
	rows, _ = c.Query(ctx, `SELECT schema_name || '/' || part, md5(string_agg(data, ''::bytea ORDER BY seq))
		FROM publication_artifact GROUP BY 1`)
	var k, v string
	if _, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error { parts[k] = v; return nil }); err != nil {
		t.Fatal(err)
	}
	return counts, parts
}

// publicNames opens the database at url as an instance does and lists
// what its current publication shows, loaded from the stored artifact.
func publicNames(t *testing.T, url string) []string {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	live := published.NewLive(s, nil, t.TempDir(), nil)
	if err := live.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	res, err := live.Search(ctx, directory.Query{Text: "pomoc", PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range res.Items {
		names = append(names, it.Name)
	}
	return names
}

// The restore drill: a directory with a few organisations and two
// publications is backed up, restored into a new database, and the
// restored one holds the same rows, the same publications' copies and
// artifacts, and serves the same organisations; the sign-in sessions are
// not brought back.
func TestRestoreDrill(t *testing.T) {
	ctx := context.Background()
	url := dbtest.New(t)
	env := map[string]string{"DATABASE_URL": url}
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var orgs []*directory.Organisation
	for i, name := range []string{"Pomoc Sąsiedzka", "Bank Żywności – pomoc", "Fundacja Pomocy Seniorom"} {
		orgs = append(orgs, &directory.Organisation{
			Slug: fmt.Sprintf("org-%d", i), Name: name, LegalForm: directory.FormFoundation,
			Address:     directory.Address{Street: "ul. Słowiańska 1", PostalCode: "64-100", City: "Leszno"},
			Description: "Pomoc dla mieszkańców Leszna.", Categories: []string{"ubostwo"},
			Contacts: []directory.Contact{{Name: "Anna Kowalska", Consent: true}},
		})
	}
	if err := s.CreateOrganisations(ctx, orgs[:2]...); err != nil {
		t.Fatal(err)
	}
	if out, err := portal(t, env, "publish", "--note", "pierwsza"); err != nil {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	if err := s.CreateOrganisations(ctx, orgs[2]); err != nil {
		t.Fatal(err)
	}
	if out, err := portal(t, env, "publish", "--note", "druga"); err != nil {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	if _, err := s.Pool().Exec(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ('sekret', '\x00', now() + interval '1 hour')`); err != nil {
		t.Fatal(err)
	}
	wantCounts, wantParts := contents(t, url)
	wantNames := publicNames(t, url)
	if len(wantNames) != 3 || wantCounts["public.organisation"] != 3 || wantCounts["public.publication"] != 3 ||
		wantCounts["publication_3.organisation"] != 3 || wantCounts["publication_2.organisation"] != 2 || len(wantParts) == 0 {
		t.Fatalf("the directory to back up is not what the test made: %v, %v, %d parts", wantNames, wantCounts, len(wantParts))
	}

	file := filepath.Join(t.TempDir(), "portal.dump")
	out, err := portal(t, env, "backup", file)
	if err != nil || !strings.Contains(out, "Backed up the database to "+file) {
		t.Fatalf("backup: %v\n%s", err, out)
	}

	// Into a database that does not exist yet: it is created.
	restored := otherDatabase(t, url, "_restored")
	out, err = portal(t, map[string]string{"DATABASE_URL": restored}, "restore", file)
	if err != nil || !strings.Contains(out, "Created the database.") || !strings.Contains(out, "3 organisations in the working copy, newest publication 3") {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	gotCounts, gotParts := contents(t, restored)
	delete(wantCounts, "public.sessions")
	if n := gotCounts["public.sessions"]; n != 0 {
		t.Errorf("the restore brought back %d sessions", n)
	}
	delete(gotCounts, "public.sessions")
	if !maps.Equal(gotCounts, wantCounts) {
		t.Errorf("row counts differ:\nbacked up %v\nrestored  %v", wantCounts, gotCounts)
	}
	if !maps.Equal(gotParts, wantParts) {
		t.Errorf("artifacts differ:\nbacked up %v\nrestored  %v", wantParts, gotParts)
	}
	if got := publicNames(t, restored); !slices.Equal(got, wantNames) {
		t.Errorf("the restored publication shows %v, the original %v", got, wantNames)
	}
	// The restored portal goes on: the next publication is number 4.
	if out, err := portal(t, map[string]string{"DATABASE_URL": restored}, "publish", "--note", "po odtworzeniu"); err != nil || !strings.Contains(out, "Published publication 4") {
		t.Errorf("publish after the restore: %v\n%s", err, out)
	}

	// A database that holds something is refused, and left as it was…
	_, err = portal(t, env, "restore", file)
	if !errors.Is(err, backup.ErrNotEmpty) || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore into a database that is not empty: %v", err)
	}
	if c, _ := contents(t, url); c["public.sessions"] != 1 || c["public.organisation"] != 3 {
		t.Errorf("the refused restore changed the database: %v", c)
	}
	// …unless --force says to replace it: then it holds what the backup
	// holds, and no copy made after the backup.
	if out, err := portal(t, env, "publish", "--note", "po kopii"); err != nil {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	out, err = portal(t, env, "restore", "--force", file)
	if err != nil {
		t.Fatalf("restore --force: %v\n%s", err, out)
	}
	gotCounts, _ = contents(t, url)
	delete(gotCounts, "public.sessions")
	if !maps.Equal(gotCounts, wantCounts) {
		t.Errorf("after restore --force:\nbacked up %v\nrestored  %v", wantCounts, gotCounts)
	}
	if out, err := portal(t, env, "publish", "--note", "znowu"); err != nil || !strings.Contains(out, "Published publication 4") {
		t.Errorf("publish after restore --force: %v\n%s", err, out)
	}

	// What is not a backup is refused before the database is touched.
	if _, err := portal(t, env, "restore", "--force", "main.go"); err == nil || !strings.Contains(err.Error(), "is not a backup") {
		t.Errorf("restore of a file that is not a backup: %v", err)
	}
}

func TestPublicationsPruneFromTheCommandLine(t *testing.T) {
	url := dbtest.New(t)
	env := map[string]string{"DATABASE_URL": url, "KEEP_PUBLICATIONS": "50"}
	for i := range 3 {
		if out, err := portal(t, env, "publish", "--note", fmt.Sprint("nr ", i+2)); err != nil {
			t.Fatalf("publish: %v\n%s", err, out)
		}
	}
	if out, err := portal(t, env, "publications", "pin", "2"); err != nil || !strings.Contains(out, "Publication 2 pinned.") {
		t.Fatalf("pin: %v\n%s", err, out)
	}
	out, err := portal(t, env, "publications", "prune", "--keep", "1")
	if err != nil || !strings.Contains(out, "Pruned the copies of publications 1, 3") {
		t.Fatalf("prune: %v\n%s", err, out)
	}
	out, err = portal(t, env, "publications", "prune", "--keep", "1")
	if err != nil || !strings.Contains(out, "Nothing to prune") {
		t.Fatalf("prune again: %v\n%s", err, out)
	}
	if _, err := portal(t, env, "publications", "pin", "3"); err == nil || !strings.Contains(err.Error(), "została już usunięta") {
		t.Fatalf("pin of a pruned publication: %v", err)
	}
}

// Two `portal publish` at once: the second waits for the first, and both
// publish, with consecutive numbers.
func TestConcurrentPublishFromTheCommandLine(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.New(t)}
	outs := make([]string, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range outs {
		wg.Go(func() { outs[i], errs[i] = portal(t, env, "publish", "--note", fmt.Sprint("wydawca ", i)) })
	}
	wg.Wait()
	all := strings.Join(outs, "\n")
	for i, err := range errs {
		if err != nil {
			t.Fatalf("publisher %d: %v\n%s", i, err, outs[i])
		}
	}
	if !strings.Contains(all, "Published publication 2:") || !strings.Contains(all, "Published publication 3:") {
		t.Fatalf("the two publishers said:\n%s", all)
	}
}
