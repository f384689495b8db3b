package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/demo"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
)

func portal(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(env["STDIN"]), &out, &errOut)
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

func TestImportStrategy(t *testing.T) {
	url := dbtest.New(t)
	env := map[string]string{"DATABASE_URL": url}
	good := "../../internal/strategy/cards/cel2-9-2-bank-danych-o-organizacjach-pozarzadowych.txt"
	src, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// The same card with a stage row holding a sixth year.
	bad := filepath.Join(t.TempDir(), "zla-karta.txt")
	broken := strings.Replace(string(src), "1. Przygotowanie formularza 3/3% 3/3% 3/3% 3/3% 3/3%",
		"1. Przygotowanie formularza 3/3% 3/3% 3/3% 3/3% 3/3% 3/3%", 1)
	if broken == string(src) {
		t.Fatal("the seed card changed; update the test")
	}
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}

	// A malformed file among good ones: a line-numbered reason, nothing written.
	_, err = portal(t, env, "import-strategy", good, bad)
	if err == nil || !strings.Contains(err.Error(), "zla-karta.txt:") {
		t.Fatalf("malformed card: %v", err)
	}
	if out, _ := portal(t, env, "import-strategy", "--dry-run", good); !strings.Contains(out, "6 etapów") {
		t.Errorf("dry run: %q", out)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n, _ := s.CountStrategyTasks(ctx); n != 0 {
		t.Fatalf("%d tasks written after a refused import, want 0", n)
	}

	// Importing twice updates in place.
	for i, want := range []string{"imported task ii-9-2", "updated task ii-9-2"} {
		out, err := portal(t, env, "import-strategy", good)
		if err != nil || !strings.Contains(out, want) {
			t.Errorf("import %d: %v, %q", i+1, err, out)
		}
	}
	if n, _ := s.CountStrategyTasks(ctx); n != 1 {
		t.Errorf("%d tasks after importing one card twice, want 1", n)
	}

	// --dry-run --json prints the documented shape and writes nothing new.
	out, err := portal(t, env, "import-strategy", "--dry-run", "--json", good)
	if err != nil {
		t.Fatal(err)
	}
	var card struct {
		Goal struct{ Number string } `json:"goal"`
		Task struct {
			TotalCost string `json:"total_cost"`
			Budget    []struct {
				Amount string `json:"amount"`
			} `json:"budget"`
		} `json:"task"`
	}
	if err := json.Unmarshal([]byte(out), &card); err != nil {
		t.Fatalf("dry-run JSON: %v\n%s", err, out)
	}
	if card.Goal.Number != "II" || card.Task.TotalCost != "2000.00" || len(card.Task.Budget) != 1 || card.Task.Budget[0].Amount != "2000.00" {
		t.Errorf("dry-run JSON = %+v", card)
	}

	// The bundled cards: imported once, with card 9.2's indicators bound.
	if out, err := portal(t, env, "import-strategy", "--seed", "--if-empty"); err != nil || !strings.Contains(out, "not imported") {
		t.Errorf("--seed --if-empty on a non-empty strategy: %v, %q", err, out)
	}
	if out, err := portal(t, env, "import-strategy", "--seed"); err != nil || !strings.Contains(out, "task ii-8-1") {
		t.Fatalf("--seed: %v, %q", err, out)
	}
	c, err := s.StrategyCard(ctx, "ii-9-2")
	if err != nil {
		t.Fatal(err)
	}
	if c.Task.Indicators[0].Metric != strategy.MetricOrganisations || c.Task.Indicators[1].Metric != strategy.MetricFormsReceived ||
		c.Task.Indicators[3].Metric != strategy.MetricVerifiedShare {
		t.Errorf("seed bindings: %q, %q, %q", c.Task.Indicators[0].Metric, c.Task.Indicators[1].Metric, c.Task.Indicators[3].Metric)
	}
	// The cards' years become closed year periods, with the cards' own
	// figures; a second seed adds none.
	snap, _, err := s.ClosedPeriod(ctx, "2011")
	if err != nil || len(snap.Tasks) != 2 || snap.Tasks[0].Reported || snap.Tasks[0].Values[4].Value != "13699" {
		t.Errorf("seeded period 2011: %+v, %v", snap, err)
	}
	if out, err := portal(t, env, "import-strategy", "--seed"); err != nil || strings.Contains(out, "closed the reporting periods") {
		t.Errorf("a second seed: %v, %q", err, out)
	}
}

// Without SMTP_URL the reminders are listed, not sent.
func TestMonitoringRemindersCommand(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.New(t)}
	if _, err := portal(t, env, "migrate", "up"); err != nil {
		t.Fatal(err)
	}
	out, err := portal(t, env, "monitoring-reminders")
	if err != nil || !strings.Contains(out, "SMTP_URL is not set: 0 reminders") {
		t.Errorf("monitoring-reminders: %v, %q", err, out)
	}
}

func TestUserAdd(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.New(t)}
	// A weak password from standard input is refused and nothing is created.
	env["STDIN"] = "haslo123\n"
	if _, err := portal(t, env, "user", "add", "--email", "Ania@Example.org", "--role", "administrator"); err == nil {
		t.Fatal("a weak password accepted")
	}
	env["STDIN"] = "dobre-długie-hasło-mopr\n"
	out, err := portal(t, env, "user", "add", "--email", "Ania@Example.org", "--role", "administrator")
	if err != nil || !strings.Contains(out, "Created ania@example.org (administrator)") || strings.Contains(out, "Password") {
		t.Fatalf("user add: %v, %q", err, out)
	}
	// No password typed: one is generated, printed once, to be changed.
	env["STDIN"] = ""
	out, err = portal(t, env, "user", "add", "--email", "ola@example.org", "--role", "redaktor")
	if err != nil || !strings.Contains(out, "Password (shown once") {
		t.Fatalf("generated: %v, %q", err, out)
	}
	if _, err := portal(t, env, "user", "add", "--email", "ola@example.org", "--role", "redaktor"); err == nil {
		t.Error("a second account with the same e-mail was created")
	}
	for _, role := range []string{"szef", "", "Redaktor"} {
		if out, err := portal(t, env, "user", "add", "--email", "x@example.org", "--role", role); err == nil || !strings.Contains(err.Error(), "want administrator or redaktor") {
			t.Errorf("--role %q: %v, %q; want it refused with the roles named", role, err, out)
		}
	}
	// The address is checked before it is lower-cased: 0xFF is refused,
	// not stored as U+FFFD.
	if _, err := portal(t, env, "user", "add", "--email", "Ew\xffa@example.org", "--role", "redaktor"); err == nil || !strings.Contains(err.Error(), "not an e-mail address") {
		t.Errorf("an address with 0xFF: %v", err)
	}
	s, err := store.Open(t.Context(), env["DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if users, err := s.Users(t.Context()); err != nil || len(users) != 2 {
		t.Errorf("%d accounts (%v), want the two valid ones", len(users), err)
	}
}

// TestPublishAndDemoPublish: `publish` needs a note and prints the number
// of the publication it made; `demo` and `demo --remove` publish what they
// did, so the public read model follows them without a separate publish.
func TestPublishAndDemoPublish(t *testing.T) {
	url := dbtest.New(t)
	env := map[string]string{"DATABASE_URL": url}
	ctx := context.Background()
	s, err := store.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	publications := func() int {
		t.Helper()
		pubs, err := s.Publications(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		return len(pubs)
	}
	// What an instance shows once it has loaded the current publication.
	current := func() *published.Live {
		t.Helper()
		l := published.NewLive(s, nil, t.TempDir(), nil)
		if err := l.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		return l
	}
	visible := func() int {
		t.Helper()
		res, err := current().Search(ctx, directory.Query{Page: 1, PerPage: 100, Now: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	before := publications()

	// Without a note (or with only blanks) nothing is published and the
	// message says what to give.
	for _, args := range [][]string{{"publish"}, {"publish", "--note", "   "}, {"publish", "--note", "zmiany", "nadmiar"}} {
		out, err := portal(t, env, args...)
		if err == nil {
			t.Errorf("portal %q succeeded: %q", args, out)
			continue
		}
		if !strings.Contains(err.Error(), "--note") {
			t.Errorf("portal %q: %v, want a message naming --note", args, err)
		}
	}
	if n := publications(); n != before {
		t.Fatalf("%d publications after refused publishes, want %d", n, before)
	}

	// demo loads and publishes: the public sees the demo organisations.
	out, err := portal(t, env, "demo")
	if err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	first := regexp.MustCompile(`Published publication (\d+): 54 organisations \(added 54,`).FindStringSubmatch(out)
	if first == nil {
		t.Fatalf("demo printed %q, want it to say it published 54 organisations", out)
	}
	if n := visible(); n != 54 {
		t.Errorf("after demo the public read model shows %d organisations, want 54", n)
	}
	orgs, err := demo.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	if o, err := current().Organisation(ctx, orgs[0].Slug); err != nil || o.Name != orgs[0].Name {
		t.Errorf("public page of %s after demo: %v, %v", orgs[0].Slug, o, err)
	}

	// publish --note prints the next number; the note is kept.
	out, err = portal(t, env, "publish", "--note", "Poprawki po weryfikacji")
	if err != nil {
		t.Fatalf("publish: %v\n%s", err, out)
	}
	n, _ := strconv.Atoi(first[1])
	if want := fmt.Sprintf("Published publication %d: 54 organisations", n+1); !strings.Contains(out, want) {
		t.Errorf("publish printed %q, want %q", out, want)
	}
	pubs, err := s.Publications(ctx, 1)
	if err != nil || len(pubs) != 1 || pubs[0].Number != n+1 || pubs[0].Note != "Poprawki po weryfikacji" || !pubs[0].Current {
		t.Errorf("latest publication: %+v, %v", pubs, err)
	}

	// demo --remove removes and publishes: the public sees none.
	out, err = portal(t, env, "demo", "--remove")
	if err != nil || !strings.Contains(out, "Removed 54 demo organisations.") ||
		!strings.Contains(out, fmt.Sprintf("Published publication %d: 0 organisations", n+2)) {
		t.Fatalf("demo --remove: %v, %q", err, out)
	}
	if n := visible(); n != 0 {
		t.Errorf("after demo --remove the public read model shows %d organisations, want 0", n)
	}
	if _, err := current().Organisation(ctx, orgs[0].Slug); !fault.Is(err, fault.NotFound) {
		t.Errorf("public page of %s after demo --remove: %v, want not found", orgs[0].Slug, err)
	}
}
