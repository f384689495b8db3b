// Package dbtest gives each test its own PostgreSQL database, cloned from a
// migrated template, and drops it when the test ends. The server is the one
// TEST_DATABASE_URL names, or the local one through the libpq defaults.
package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/migrations"
)

var counter atomic.Int64

// New creates an empty, migrated database for t and returns its connection
// string. The database is dropped when t ends.
func New(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	admin, err := pgx.ParseConfig(serverURL())
	if err != nil {
		t.Fatalf("dbtest: TEST_DATABASE_URL: %v", err)
	}
	admin.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, admin)
	if err != nil {
		t.Fatalf("dbtest: no PostgreSQL to test against (set TEST_DATABASE_URL or the PG* variables): %v", err)
	}
	defer conn.Close(ctx)

	tmpl, err := template(ctx, conn)
	if err != nil {
		t.Fatalf("dbtest: template database: %v", err)
	}
	name := fmt.Sprintf("portal_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, counter.Add(1))
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tmpl)); err != nil {
		t.Fatalf("dbtest: create %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		c, err := pgx.ConnectConfig(ctx, admin)
		if err != nil {
			t.Errorf("dbtest: drop %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dbtest: drop %s: %v", name, err)
		}
	})
	return withDatabase(serverURL(), name)
}

// withDatabase returns the server address connString with the database
// replaced by name, in either form of connection string.
func withDatabase(connString, name string) string {
	if u, err := url.Parse(connString); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path = "/" + name
		q := u.Query()
		q.Del("dbname")
		u.RawQuery = q.Encode()
		return u.String()
	}
	// In keyword/value form the last occurrence of a keyword wins.
	return connString + " dbname=" + name
}

func serverURL() string {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		return u
	}
	return ""
}

// template returns the name of a template database holding the current
// migrations, creating it once per set of migrations. Test binaries run in
// parallel, so creation is serialised with an advisory lock and published by
// a rename.
func template(ctx context.Context, conn *pgx.Conn) (string, error) {
	sum, err := migrationsHash()
	if err != nil {
		return "", err
	}
	name := "portal_template_" + sum[:16]
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(7277001)"); err != nil {
		return "", err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock(7277001)")

	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Templates of older migrations are of little further use, but another
	// checkout (a branch with other migrations) may be testing from one right
	// now: keep the four newest (database oids grow) and drop the rest.
	rows, err := conn.Query(ctx, `SELECT datname FROM pg_database
		WHERE datname LIKE 'portal\_template\_%' AND datname NOT LIKE '%\_build'
		ORDER BY oid DESC OFFSET 4`)
	if err != nil {
		return "", err
	}
	old, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", err
	}
	for _, o := range append(old, name+"_build") {
		conn.Exec(ctx, "ALTER DATABASE "+o+" IS_TEMPLATE false")
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+o+" WITH (FORCE)"); err != nil {
			return "", err
		}
	}

	build := name + "_build"
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+build); err != nil {
		return "", err
	}
	s, err := store.Open(ctx, withDatabase(serverURL(), build))
	if err != nil {
		return "", err
	}
	_, err = s.Migrate(ctx)
	if err == nil {
		// Tests start from a site whose texts are written (the demo's
		// examples), as a site that publishes has them; the tests of the
		// refusal to publish empty them first.
		_, err = s.FillSiteTexts(ctx, sitetext.Example(), accounts.Audit{})
	}
	s.Close()
	if err != nil {
		return "", fmt.Errorf("migrate: %w", err)
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+build+" RENAME TO "+name); err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+name+" IS_TEMPLATE true"); err != nil {
		return "", err
	}
	return name, nil
}

func migrationsHash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", path, len(b))
		h.Write(b)
		return nil
	})
	// The texts the template is seeded with are part of what it holds.
	fmt.Fprintf(h, "%v", sitetext.Example())
	return hex.EncodeToString(h.Sum(nil)), err
}
