// Command loadtest measures the public side of the portal under load, as
// `make loadtest` runs it: it generates a directory of ORGS organisations in
// a throwaway database, publishes it, serves it with bin/portal and runs
// wrk against the portal and against a reference handler that writes a
// 20 KB page from memory, then prints one table of throughput, latency,
// errors and each ratio to the reference. It talks to the portal only over
// HTTP (on 127.0.0.1) and through the portal's command line, and it drops
// its database at the end, also when it fails or is interrupted.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/mopr-leszno/portal/internal/sitetext"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
		}
		os.Exit(1)
	}
}

type options struct {
	orgs             int
	duration, warmup time.Duration
	portal, wrk      string
	generator        string
	threads, conns   int
	slugs, coldSlugs int
	hold             string
	rounds           int
}

func parseOptions(args []string, getenv func(string) string, stderr io.Writer) (options, error) {
	envInt := func(k string, def int) int {
		if n, err := strconv.Atoi(getenv(k)); err == nil && n > 0 {
			return n
		}
		return def
	}
	envDur := func(k string, def time.Duration) time.Duration {
		if d, err := time.ParseDuration(getenv(k)); err == nil && d > 0 {
			return d
		}
		return def
	}
	envStr := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	var o options
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&o.orgs, "orgs", envInt("ORGS", 100000), "organisations to generate (ORGS)")
	fs.DurationVar(&o.duration, "duration", envDur("DURATION", 15*time.Second), "length of each measured run (DURATION)")
	fs.DurationVar(&o.warmup, "warmup", envDur("WARMUP", 2*time.Second), "unmeasured run before each measured one (WARMUP)")
	fs.StringVar(&o.portal, "portal", envStr("PORTAL", "bin/portal"), "the portal binary (PORTAL)")
	fs.StringVar(&o.wrk, "wrk", envStr("WRK", "wrk"), "the wrk binary (WRK)")
	fs.StringVar(&o.generator, "generator", "internal/store/testdata/generate.sql", "the benchmark's generator SQL")
	fs.IntVar(&o.threads, "threads", 2, "wrk threads")
	fs.IntVar(&o.conns, "connections", 32, "wrk connections")
	fs.IntVar(&o.slugs, "slugs", 2000, "distinct organisation pages to request")
	fs.IntVar(&o.coldSlugs, "cold-slugs", 30000, "distinct organisation pages for the first-view run (more than the portal keeps rendered)")
	fs.IntVar(&o.rounds, "rounds", envInt("ROUNDS", 1), "times to measure the list, the search mix, the organisation pages and the 304s, each run against the reference runs just before and after it (ROUNDS; the machine's speed drifts)")
	fs.StringVar(&o.hold, "hold", envStr("HOLD", ""), "measure nothing: write the request lists into this folder, keep the portal serving and wait for Ctrl+C (HOLD; for profiling)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.orgs < 100 || o.orgs > 1_000_000 {
		return o, fmt.Errorf("ORGS=%d: want 100 … 1 000 000", o.orgs)
	}
	if o.rounds < 1 || o.rounds > 10 {
		return o, fmt.Errorf("ROUNDS=%d: want 1 … 10", o.rounds)
	}
	if o.duration < time.Second || o.duration > 10*time.Minute || o.warmup > time.Minute {
		return o, fmt.Errorf("DURATION=%v, WARMUP=%v: want 1s … 10m and at most 1m", o.duration, o.warmup)
	}
	return o, nil
}

// withDatabase is the connection string base with its database replaced by
// name; an empty base means the libpq defaults.
func withDatabase(base, name string) (string, error) {
	if base == "" {
		return "dbname=" + name, nil
	}
	if strings.HasPrefix(base, "postgres://") || strings.HasPrefix(base, "postgresql://") {
		u, err := url.Parse(base)
		if err != nil {
			return "", fmt.Errorf("DATABASE_URL: %w", err)
		}
		u.Path, u.RawPath = "/"+name, ""
		return u.String(), nil
	}
	// keyword/value: a later keyword wins
	return base + " dbname=" + name, nil
}

// loadtest is one run of the tool and what it has to undo.
type loadtest struct {
	o            options
	stderr       io.Writer
	dir          string
	dsn          string
	env          []string
	wrk          wrkRun
	portalPID    int
	portalExited chan struct{}
	portalLog    string
	start        time.Time
	loadStart    string
	timings      []string // setup steps and their durations, for the report
	rssAfter     []string
	// peakSinceStart: the kernel refused to reset the peak (resetPeak)
	peakSinceStart bool
}

func (lt *loadtest) logf(format string, args ...any) {
	fmt.Fprintf(lt.stderr, "[%6.1fs] %s\n", time.Since(lt.start).Seconds(), fmt.Sprintf(format, args...))
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (err error) {
	o, err := parseOptions(args, getenv, stderr)
	if err != nil {
		return err
	}
	lt := &loadtest{o: o, stderr: stderr, start: time.Now(), loadStart: loadavg()}
	if o.portal, err = filepath.Abs(o.portal); err != nil {
		return err
	}
	if _, err := os.Stat(o.portal); err != nil {
		return fmt.Errorf("%w (build it with make build, or run make loadtest)", err)
	}
	if o.wrk, err = exec.LookPath(o.wrk); err != nil {
		return fmt.Errorf("%w (make loadtest installs wrk from Debian)", err)
	}
	generate, err := os.ReadFile(o.generator)
	if err != nil {
		return fmt.Errorf("the generator: %w (run from the repository's root)", err)
	}
	lt.dir, err = os.MkdirTemp("", "portal-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(lt.dir)
	lt.wrk = wrkRun{wrk: o.wrk, dir: lt.dir, threads: o.threads, conns: o.conns,
		script: filepath.Join(lt.dir, "mix.lua"), lean: filepath.Join(lt.dir, "lean.lua")}
	for file, counting := range map[string]bool{lt.wrk.script: true, lt.wrk.lean: false} {
		if err := os.WriteFile(file, []byte(wrkScript(counting)), 0o644); err != nil {
			return err
		}
	}

	// The throwaway database, dropped whatever happens next.
	base := getenv("DATABASE_URL")
	name := fmt.Sprintf("portal_load_%d", os.Getpid())
	if lt.dsn, err = withDatabase(base, name); err != nil {
		return err
	}
	admin, err := pgx.ParseConfig(base)
	if err != nil {
		return fmt.Errorf("DATABASE_URL: %w", err)
	}
	admin.Database = "postgres"
	if err := adminExec(ctx, admin, "CREATE DATABASE "+name); err != nil {
		return err
	}
	lt.logf("created database %s", name)
	defer func() {
		// not ctx: an interrupt must still drop the database
		c, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if derr := adminExec(c, admin, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); derr != nil {
			err = errors.Join(err, fmt.Errorf("dropping %s (drop it by hand): %w", name, derr))
			return
		}
		lt.logf("dropped database %s", name)
	}()
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); k != "DATABASE_URL" && k != "LISTEN_ADDR" {
			lt.env = append(lt.env, kv)
		}
	}
	lt.env = append(lt.env, "DATABASE_URL="+lt.dsn)
	if getenv("LOG_LEVEL") == "" {
		lt.env = append(lt.env, "LOG_LEVEL=warn") // a log line per request would measure the log
	}

	if _, err := lt.portalCmd(ctx, 2*time.Minute, "migrate", "up"); err != nil {
		return err
	}
	lt.logf("migrated")
	conn, err := pgx.Connect(ctx, lt.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	if err := lt.generate(ctx, conn, string(generate)); err != nil {
		return err
	}
	// Publishing needs the site texts written: the demo's examples.
	examples, err := json.Marshal(sitetext.Example())
	if err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `UPDATE site_texts SET texts = $1`, examples); err != nil {
		return fmt.Errorf("site texts: %w", err)
	}
	voc, err := readVocabulary(ctx, conn)
	if err != nil {
		return err
	}
	mix := Mix(voc, 10)
	slugs, err := readSlugs(ctx, conn, o.slugs, "")
	if err != nil {
		return err
	}
	coldSlugs, err := readSlugs(ctx, conn, o.coldSlugs, "/cold")
	if err != nil {
		return err
	}
	conn.Close(ctx)
	lt.logf("search mix: %d distinct addresses; %d organisation pages", len(mix), len(slugs))

	t := time.Now()
	if _, err := lt.portalCmd(ctx, 10*time.Minute, "publish", "--note", fmt.Sprintf("Test obciążenia: %d wygenerowanych organizacji", o.orgs)); err != nil {
		return err
	}
	firstPublish := time.Since(t)
	lt.timings = append(lt.timings, fmt.Sprintf("first publish (no load) %s", round(firstPublish)))
	lt.logf("published in %s", round(firstPublish))

	ref, err := startReference()
	if err != nil {
		return err
	}
	defer ref.Close()
	portalURL, stop, err := lt.serve(ctx)
	if err != nil {
		return err
	}
	defer stop()

	if o.hold != "" {
		return lt.holdOpen(ctx, portalURL, mix, slugs)
	}
	rep := &report{o: o, orgs: o.orgs, mixSize: len(mix), slugs: len(slugs), timings: lt.timings}
	measure := func(label, base string, paths []string, status int, inm string) error {
		lt.resetPeak()
		// The warm-up checks every response's status; the measured run
		// leaves that to it (see wrkScript).
		if o.warmup > 0 {
			w, err := lt.wrk.run(ctx, "warmup", base, paths, status, inm, o.warmup, true)
			if err != nil {
				return err
			}
			rep.warmup(label, w, status)
		}
		lt.logf("measuring %s for %s", label, o.duration)
		pid := lt.portalPID
		if base == "http://"+ref.Addr {
			pid = 0 // the reference runs in this process
		}
		cpu0 := cpuTime(pid)
		r, err := lt.wrk.run(ctx, "run", base, paths, status, inm, o.duration, o.warmup == 0)
		cpu := cpuTime(pid) - cpu0
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: %w", ctx.Err())
		}
		if err != nil {
			return err
		}
		if pid == 0 {
			rep.addReference(label, r, cpu)
		} else {
			rep.add(label, r, status, cpu)
		}
		if o.rounds > 1 && rep.round > 0 { // round 0: the first reference run
			label += fmt.Sprintf(" (round %d)", rep.round)
		}
		lt.rss(label)
		return nil
	}
	// The reference runs before the first page run and after each page
	// run, which is divided by the mean of the two beside it (see
	// report.addReference). The first round also measures what runs once
	// (downloads, a publish, first views).
	reference := func() error {
		return measure("reference: 20 KB page from memory", "http://"+ref.Addr, []string{"/"}, 200, "")
	}
	if err := reference(); err != nil {
		return err
	}
	for rep.round = 1; rep.round <= o.rounds; rep.round++ {
		if o.rounds > 1 {
			lt.logf("round %d of %d", rep.round, o.rounds)
		}
		first := rep.round == 1
		if err := measure("`/organizacje` (list)", portalURL, []string{directoryPath}, 200, ""); err != nil {
			return err
		}
		if err := reference(); err != nil {
			return err
		}
		if err := measure(fmt.Sprintf("search mix (%d distinct URLs)", len(mix)), portalURL, mix, 200, ""); err != nil {
			return err
		}
		if err := reference(); err != nil {
			return err
		}
		if first {
			if err := lt.searchWhileDownloading(ctx, rep, portalURL, "/organizacje.csv", mix, measure); err != nil {
				return err
			}
			if err := lt.publishUnderLoad(ctx, rep, portalURL, mix, firstPublish); err != nil {
				return err
			}
		}
		if err := measure(fmt.Sprintf("`/organizacje/{slug}` (%d random)", len(slugs)), portalURL, orgPages(slugs), 200, ""); err != nil {
			return err
		}
		// The portal keeps the pages asked for often already rendered;
		// this run asks for more distinct pages than it keeps, so nearly
		// every request renders its page.
		if first {
			if err := measure(fmt.Sprintf("`/organizacje/{slug}` first views (%d random)", len(coldSlugs)), portalURL, orgPages(coldSlugs), 200, ""); err != nil {
				return err
			}
		}
		if err := reference(); err != nil {
			return err
		}
		// The publish under load made a new publication: its ETag.
		etag, err := etagOf(ctx, portalURL+directoryPath)
		if err != nil {
			return err
		}
		if err := measure("`/organizacje` If-None-Match → 304", portalURL, []string{directoryPath}, 304, etag); err != nil {
			return err
		}
		if err := reference(); err != nil {
			return err
		}
	}
	for _, p := range []string{"/organizacje.csv", "/organizacje.json"} {
		rep.downloads = append(rep.downloads, download(ctx, portalURL+p, p))
		lt.logf("%s", rep.downloads[len(rep.downloads)-1])
	}
	rep.rss = lt.rssAfter
	rep.loadStart, rep.loadEnd = lt.loadStart, loadavg()
	rep.total = time.Since(lt.start)
	rep.write(stdout)
	return nil
}

// adminExec runs one statement on the maintenance database.
func adminExec(ctx context.Context, cfg *pgx.ConnConfig, sql string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connecting to PostgreSQL (database postgres): %w", err)
	}
	defer c.Close(context.Background())
	_, err = c.Exec(ctx, sql)
	return err
}

// portalCmd runs a portal command against the throwaway database.
func (lt *loadtest) portalCmd(ctx context.Context, limit time.Duration, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, lt.o.portal, args...)
	cmd.Env = lt.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	out, err := cmd.CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("portal %s: %w\n%s", strings.Join(args, " "), err, out)
	}
	return string(out), nil
}

// generate fills the working copy: the benchmark's generator
// (internal/store/testdata/generate.sql), then what BenchmarkSearch adds to
// it (two categories for each organisation, office hours on weekdays for
// three in four), plus a target group for each organisation so that the
// target-group filter selects something. The working copy's search
// documents are left out: only the staff's preview searches them, and
// building them for 100 000 rows takes over two minutes; the public side
// searches the publication's own index.
func (lt *loadtest) generate(ctx context.Context, conn *pgx.Conn, generateSQL string) error {
	t0 := time.Now()
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"organisations (generate.sql)", generateSQL, []any{lt.o.orgs}},
		{"categories", `INSERT INTO organisation_category SELECT o.id, c.slug FROM organisation o,
			LATERAL (SELECT slug FROM category ORDER BY position OFFSET (abs(hashtext(o.slug)) % 40) LIMIT 2) c`, nil},
		{"target groups", `INSERT INTO organisation_target_group SELECT o.id, g.slug FROM organisation o,
			LATERAL (SELECT slug FROM target_group ORDER BY position OFFSET (abs(hashtext(o.slug || '/g')) % 15) LIMIT 1) g`, nil},
		{"office hours", `INSERT INTO office_hours SELECT o.id, d, '08:00', '16:00' FROM organisation o, generate_series(1, 5) d
			WHERE abs(hashtext(o.slug)) % 4 <> 0`, nil},
		{"analyze", `ANALYZE`, nil},
	}
	for _, s := range steps {
		t := time.Now()
		if _, err := conn.Exec(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("generating %s: %w", s.what, err)
		}
		lt.logf("generated %s in %s", s.what, round(time.Since(t)))
	}
	d := time.Since(t0)
	lt.timings = append(lt.timings, fmt.Sprintf("generation of %s organisations %s", thousands(float64(lt.o.orgs)), round(d)))
	return nil
}

// readVocabulary reads the words, filter values and counts of the
// generated data that the search mix is drawn from.
func readVocabulary(ctx context.Context, conn *pgx.Conn) (Vocabulary, error) {
	var v Vocabulary
	rows, _ := conn.Query(ctx, `SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('portal_pl', name || ' ' || short_name || ' ' || description) FROM organisation$$)
		WHERE word !~ '[[:digit:]]' AND length(word) BETWEEN 3 AND 40 ORDER BY word`)
	lex, err := pgx.CollectRows(rows, pgx.RowToStructByPos[Word])
	if err != nil {
		return v, fmt.Errorf("reading the words: %w", err)
	}
	v.Lexemes = lex
	sample := `(SELECT name, description FROM organisation ORDER BY slug LIMIT 5000)`
	rows, _ = conn.Query(ctx, `SELECT DISTINCT w FROM `+sample+` o,
		regexp_split_to_table(o.name || ' ' || o.description, '[\s,.:;()]+') w
		WHERE length(w) >= 3 AND w !~ '[0-9]' ORDER BY w`)
	if v.Raw, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return v, fmt.Errorf("reading the words: %w", err)
	}
	rows, _ = conn.Query(ctx, `SELECT DISTINCT w FROM `+sample+` o, regexp_split_to_table(o.name, '\s+') w
		WHERE length(w) >= 3 AND w !~ '[0-9]' ORDER BY w`)
	if v.NameWords, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return v, fmt.Errorf("reading the words: %w", err)
	}
	facets := func(sql string) ([]Facet, error) {
		rows, _ := conn.Query(ctx, sql)
		return pgx.CollectRows(rows, pgx.RowToStructByPos[Facet])
	}
	if v.Categories, err = facets(`SELECT c.slug, coalesce(c.parent, ''), (SELECT count(DISTINCT oc.organisation_id)::int
		FROM organisation_category oc JOIN category k ON k.slug = oc.category WHERE k.slug = c.slug OR k.parent = c.slug)
		FROM category c ORDER BY c.position`); err != nil {
		return v, fmt.Errorf("reading the categories: %w", err)
	}
	if v.Groups, err = facets(`SELECT g.slug, '', (SELECT count(*)::int FROM organisation_target_group og WHERE og.target_group = g.slug)
		FROM target_group g ORDER BY g.position`); err != nil {
		return v, fmt.Errorf("reading the target groups: %w", err)
	}
	if v.Districts, err = facets(`SELECT d.slug, '', (SELECT count(*)::int FROM organisation o WHERE o.district = d.slug)
		FROM district d ORDER BY d.position`); err != nil {
		return v, fmt.Errorf("reading the districts: %w", err)
	}
	err = conn.QueryRow(ctx, `SELECT count(*)::int, (count(*) FILTER (WHERE takes_volunteers))::int,
		(count(*) FILTER (WHERE takes_interns))::int, coalesce(max(substring(name from 'nr ([0-9]+)')::int), 0)
		FROM organisation`).Scan(&v.Orgs, &v.Volunteers, &v.Interns, &v.MaxNumber)
	return v, err
}

// readSlugs picks n organisations in an order that looks random but is
// the same on every run.
// readSlugs returns n slugs in an order that salt shuffles.
func readSlugs(ctx context.Context, conn *pgx.Conn, n int, salt string) ([]string, error) {
	rows, _ := conn.Query(ctx, `SELECT slug FROM organisation ORDER BY md5(slug || $2) LIMIT $1`, n, salt)
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// orgPages are the addresses of the organisations' pages.
func orgPages(slugs []string) []string {
	paths := make([]string, len(slugs))
	for i, s := range slugs {
		paths[i] = directoryPath + "/" + url.PathEscape(s)
	}
	return paths
}

// serve starts `portal serve` on a free loopback port and waits until the
// directory answers; stop ends it.
func (lt *loadtest) serve(ctx context.Context) (string, func(), error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	addr := l.Addr().String()
	l.Close()
	lt.portalLog = filepath.Join(lt.dir, "portal.log")
	logf, err := os.Create(lt.portalLog)
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(lt.o.portal, "serve")
	cmd.Env = append(lt.env, "LISTEN_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	// its own process group (a Ctrl+C reaches us, and we stop it), and a
	// SIGTERM should this program die without stopping it
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	started := time.Now()
	if err := cmd.Start(); err != nil {
		logf.Close()
		return "", nil, err
	}
	lt.portalPID = cmd.Process.Pid
	lt.portalExited = make(chan struct{})
	go func() { cmd.Wait(); logf.Close(); close(lt.portalExited) }()
	stop := func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-lt.portalExited:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			<-lt.portalExited
		}
	}
	base := "http://" + addr
	deadline := time.Now().Add(2 * time.Minute)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+directoryPath, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				// An instance answers once it has loaded the publication.
				lt.timings = append(lt.timings, fmt.Sprintf("instance start to its first page (loading the publication) %s", round(time.Since(started))))
				lt.logf("portal serving on %s (pid %d)", base, lt.portalPID)
				return base, stop, nil
			}
		}
		select {
		case <-lt.portalExited:
			log, _ := os.ReadFile(lt.portalLog)
			return "", nil, fmt.Errorf("portal serve exited:\n%s", tail(string(log), 2000))
		case <-ctx.Done():
			stop()
			return "", nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			stop()
			return "", nil, fmt.Errorf("portal serve did not answer %s within 2 minutes", base+directoryPath)
		}
	}
}

// resetPeak starts the portal's peak resident memory (VmHWM) afresh, so
// that rss reports the peak of one run, not of the process's life (Linux:
// clear_refs, "5"). Where that is refused, the peak is the life's.
func (lt *loadtest) resetPeak() {
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", lt.portalPID), []byte("5"), 0); err != nil && !lt.peakSinceStart {
		lt.peakSinceStart = true
		lt.logf("the peak RSS is the portal's since it started: %v", err)
	}
}

// rss records the portal's resident memory now and at its peak during the
// run that just ended (see resetPeak).
func (lt *loadtest) rss(after string) {
	status := fmt.Sprintf("/proc/%d/status", lt.portalPID)
	peak := "peak during the run"
	if lt.peakSinceStart {
		peak = "peak since the portal started"
	}
	s := fmt.Sprintf("after %s: VmRSS %s, %s %s", after, procField(status, "VmRSS"), peak, procField(status, "VmHWM"))
	select {
	case <-lt.portalExited:
		s += " (the portal had exited!)"
	default:
	}
	lt.rssAfter = append(lt.rssAfter, s)
}

// publishUnderLoad runs the search mix while `portal publish` runs,
// starting a second into the run; the run lasts long enough for a publish
// three times as slow as the first one (under load it is; at most three
// minutes), so that every request during the publication is counted.
func (lt *loadtest) publishUnderLoad(ctx context.Context, rep *report, base string, mix []string, first time.Duration) error {
	d := max(lt.o.duration, min(3*first+5*time.Second, 3*time.Minute))
	type outcome struct {
		start, took time.Duration
		err         error
	}
	done := make(chan outcome, 1)
	t0 := time.Now()
	go func() {
		select {
		case <-time.After(time.Second):
		case <-ctx.Done():
			done <- outcome{err: ctx.Err()}
			return
		}
		start := time.Since(t0)
		_, err := lt.portalCmd(ctx, 10*time.Minute, "publish", "--note", "Test obciążenia: publikacja pod obciążeniem")
		done <- outcome{start, time.Since(t0) - start, err}
	}()
	lt.resetPeak()
	lt.logf("measuring the search mix while publishing, for %s", round(d))
	r, err := lt.wrk.run(ctx, "publish", base, mix, 200, "", d, true) // its outcome is the failures
	if ctx.Err() != nil {
		err = ctx.Err()
	}
	wrkEnd := time.Since(t0)
	pub := <-done
	if err != nil {
		return err
	}
	if pub.err != nil {
		return pub.err
	}
	label := fmt.Sprintf("search mix while publishing (%s run)", round(d))
	rep.add(label, r, 200, 0) // the publishing process works too
	lt.rss("search mix while publishing")
	within := "within the run"
	if pub.start+pub.took > wrkEnd {
		within = fmt.Sprintf("ended %s after the run: make DURATION longer", round(pub.start+pub.took-wrkEnd))
	}
	rep.publish = fmt.Sprintf("publish under load: %s (from %s to %s of a %s run, %s); %d failed requests in that run",
		round(pub.took), round(pub.start), round(pub.start+pub.took), round(wrkEnd), within, r.Errors())
	lt.logf("%s", rep.publish)
	return nil
}

// holdOpen writes the search mix and the organisation pages, one path a
// line, into the hold folder, says where the portal answers, and waits for
// an interrupt: the same data and portal as a measured run, for wrk, a
// profiler or a browser by hand.
func (lt *loadtest) holdOpen(ctx context.Context, base string, mix, slugs []string) error {
	if err := os.MkdirAll(lt.o.hold, 0o755); err != nil {
		return err
	}
	for name, paths := range map[string][]string{"mix.txt": mix, "organisations.txt": orgPages(slugs)} {
		if err := os.WriteFile(filepath.Join(lt.o.hold, name), []byte(strings.Join(paths, "\n")+"\n"), 0o644); err != nil {
			return err
		}
	}
	lt.logf("portal %s (pid %d, database %s); request lists in %s; Ctrl+C ends it", base, lt.portalPID, lt.dsn, lt.o.hold)
	select {
	case <-ctx.Done():
	case <-lt.portalExited:
		return errors.New("portal serve exited; its log: " + lt.portalLog)
	}
	return nil
}

// etagOf is the ETag of a page.
func etagOf(ctx context.Context, u string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || etag == "" {
		return "", fmt.Errorf("GET %s: %s, ETag %q: want 200 with an ETag", u, resp.Status, etag)
	}
	return etag, nil
}

// download times one full GET (bounded by two minutes).
func download(ctx context.Context, u, label string) string {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	t := time.Now()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Sprintf("`%s`: %v", label, err)
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	s := fmt.Sprintf("`%s`: %d, %.1f MB in %s", label, resp.StatusCode, float64(n)/1e6, round(time.Since(t)))
	if err != nil {
		s += fmt.Sprintf(" (%v)", err)
	}
	return s
}

// startReference serves a 20 KB HTML page from memory on a loopback port:
// plain net/http, no middleware.
func startReference() (*http.Server, error) {
	page := referencePage(20 << 10)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	size := strconv.Itoa(len(page))
	srv := &http.Server{
		Addr: l.Addr().String(),
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Content-Length", size)
			w.Write(page)
		}),
		ReadHeaderTimeout: 10 * time.Second,
	}
	go srv.Serve(l)
	return srv, nil
}

// referencePage is an HTML page of exactly size bytes.
func referencePage(size int) []byte {
	head := `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Strona wzorcowa</title></head><body><main>`
	tail := `</main></body></html>`
	var b strings.Builder
	b.WriteString(head)
	para := `<p>Organizacja pozarządowa z Leszna: pomoc społeczna, wsparcie rodziny, wolontariat.</p>`
	for b.Len()+len(para)+len(tail) <= size {
		b.WriteString(para)
	}
	b.WriteString(strings.Repeat(" ", size-b.Len()-len(tail)))
	b.WriteString(tail)
	return []byte(b.String())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func round(d time.Duration) time.Duration {
	if d > 10*time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(10 * time.Millisecond)
}

func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}
