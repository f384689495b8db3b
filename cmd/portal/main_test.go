package main

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/dbtest"
)

func portal(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return out.String() + errOut.String(), err
}

func TestMigrateCreatesTheDatabaseThenDemoLoadsAndRemoves(t *testing.T) {
	// A database name nobody has: `migrate up` must create it. The test
	// database dbtest made tells which server to use; it is dropped at the
	// end, and so is the one created here.
	cfg, err := pgx.ParseConfig(dbtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	fresh := cfg.Database + "_cli"
	t.Cleanup(func() {
		admin := cfg.Copy()
		admin.Database = "postgres"
		c, err := pgx.ConnectConfig(context.Background(), admin)
		if err == nil {
			c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+fresh+" WITH (FORCE)")
			c.Close(context.Background())
		}
	})
	env := map[string]string{"DATABASE_URL": fmt.Sprintf("host=%s port=%d user=%s dbname=%s", cfg.Host, cfg.Port, cfg.User, fresh)}

	steps := []struct {
		args []string
		want string
	}{
		{[]string{"migrate", "up"}, "Created the database."},
		{[]string{"migrate", "up"}, "The database is up to date."},
		{[]string{"migrate", "status"}, "00001_directory.sql"},
		{[]string{"demo", "--if-empty"}, "Loaded 54 demo organisations"},
		{[]string{"demo", "--if-empty"}, "holds 54 organisations; demo content not loaded"},
		{[]string{"demo", "--remove"}, "Removed 54 demo organisations."},
	}
	for _, s := range steps {
		out, err := portal(t, env, s.args...)
		if err != nil {
			t.Fatalf("portal %v: %v\n%s", s.args, err, out)
		}
		if !strings.Contains(out, s.want) {
			t.Errorf("portal %v printed %q, want %q", s.args, out, s.want)
		}
	}
}

func TestNoServerSaysHowToGetOne(t *testing.T) {
	// Nothing listens on port 1.
	_, err := portal(t, map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/portal?connect_timeout=2"}, "migrate", "up")
	if err == nil {
		t.Fatal("no error without a server")
	}
	for _, want := range []string{"No PostgreSQL server answers", "apt-get install -y postgresql", "pg_ctlcluster", "DATABASE_URL"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message lacks %q:\n%v", want, err)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	if _, err := portal(t, nil); err == nil {
		t.Error("no command accepted")
	}
	if out, err := portal(t, nil, "frobnicate"); err == nil || !strings.Contains(out, "Usage: portal") {
		t.Errorf("unknown command: %v, %q", err, out)
	}
	if _, err := portal(t, map[string]string{"LOG_LEVEL": "loud"}, "serve"); err == nil {
		t.Error("a bad LOG_LEVEL accepted")
	}
	if out, err := portal(t, nil, "help"); err != nil || !strings.Contains(out, "demo --remove") {
		t.Errorf("help: %v, %q", err, out)
	}
}
