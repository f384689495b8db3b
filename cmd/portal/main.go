// Command portal is the NGO data bank and strategy monitor of MOPR Leszno:
// one binary with subcommands to serve the portal, migrate the database and
// load the demo content.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	runtimemetrics "runtime/metrics"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
	_ "time/tzdata" // office hours need Europe/Warsaw on any machine

	"github.com/alexedwards/scs/pgxstore"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/config"
	"github.com/mopr-leszno/portal/internal/demo"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/krs"
	"github.com/mopr-leszno/portal/internal/mail"
	"github.com/mopr-leszno/portal/internal/metrics"
	"github.com/mopr-leszno/portal/internal/published"
	"github.com/mopr-leszno/portal/internal/searchlog"
	"github.com/mopr-leszno/portal/internal/server"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "portal:", err)
		}
		os.Exit(1)
	}
}

const usage = `Usage: portal <command> [flags]

Commands:
  serve              serve the portal on LISTEN_ADDR (default :8080)
  migrate [up]       create the database if missing and apply pending migrations
  migrate status     list the migrations and whether each is applied
  demo               load the demo organisations (example data, marked as such)
  demo --if-empty    … only when the directory holds no organisation
  demo --remove      remove every demo organisation
                     (demo and demo --remove publish the result)
  publish --note TEXT
                     publish the working copy: the public pages, feeds and
                     downloads show it from now on
  publications prune [--keep N]
                     drop the copies of publications that are not current,
                     pinned or among the newest N (KEEP_PUBLICATIONS)
  publications pin|unpin NUMBER
                     keep a publication's copy whatever its age, or not
  backup FILE        back the database up into FILE (pg_dump, custom format)
  restore [--force] FILE
                     restore a backup into the database of DATABASE_URL
                     (an empty one, or with --force replace what it holds)
  import-strategy [--dry-run] [--json] FILE...
                     import strategy task cards (one transaction per file;
                     a card imported before is updated in place)
  import-strategy --seed [--if-empty]
                     import the bundled cards of the strategy (and close
                     the year periods of their years with their figures)
  monitoring-reminders
                     e-mail the strategy reports' reminders due today (once
                     each; run daily); without SMTP_URL list them
  user add --email E --role administrator|redaktor [--name N]
                     create a staff account; the password is read from
                     standard input, or generated and printed once

Configuration comes from the environment; see README.md.
`

// run is the whole program: it takes its arguments, environment and output
// streams as parameters so that tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: cfg.LogLevel}))

	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		autoLimit := getenv("GOMEMLIMIT") == ""
		if autoLimit {
			// The publication in memory is most of the heap; a soft limit
			// keeps the garbage around it from doubling the process.
			debug.SetMemoryLimit(defaultMemoryLimit)
		}
		return serve(ctx, cfg, logger, rest, stdout, autoLimit)
	case "migrate":
		return migrate(ctx, cfg, rest, stdout)
	case "demo":
		return loadDemo(ctx, cfg, rest, stdout, stderr)
	case "publish":
		return publish(ctx, cfg, rest, stdout, stderr)
	case "publications":
		return publicationsCmd(ctx, cfg, rest, stdout, stderr)
	case "backup":
		return backupCmd(ctx, cfg, rest, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, cfg, rest, stdout, stderr)
	case "import-strategy":
		return importStrategy(ctx, cfg, rest, stdout, stderr)
	case "user":
		return user(ctx, cfg, rest, stdin, stdout, stderr)
	case "monitoring-reminders":
		return monitoringReminders(ctx, cfg, stdout)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

// open connects to the database, explaining how to get one when no server
// answers.
func open(ctx context.Context, cfg config.Config) (*store.Store, error) {
	s, err := store.Open(ctx, cfg.DatabaseURL)
	if unreachable, ok := errors.AsType[*store.UnreachableError](err); ok {
		return nil, noServer(unreachable)
	}
	if err != nil {
		return nil, err
	}
	if err := useArtifacts(s, cfg); err != nil {
		s.Close()
		return nil, err
	}
	s.SetKeepPublications(cfg.KeepPublications)
	return s, nil
}

// useArtifacts makes s build each publication with the directory's
// downloads, labelled in Polish, linking to the portal at BASE_URL.
func useArtifacts(s *store.Store, cfg config.Config) error {
	cat, err := i18n.New()
	if err != nil {
		return err
	}
	s.SetArtifactBuilder(&published.Builder{Downloads: export.Downloads(cat.Localizer(i18n.Default.String()), strings.TrimSuffix(cfg.BaseURL, "/"), licence(cfg))})
	return nil
}

// licence is the downloads' licence as configured.
func licence(cfg config.Config) export.Licence {
	return export.Licence{Name: cfg.DataLicence, URL: cfg.DataLicenceURL}
}

func noServer(err *store.UnreachableError) error {
	return fmt.Errorf(`%w

No PostgreSQL server answers. To get one on Debian or Ubuntu:
    sudo apt-get install -y postgresql
    sudo pg_ctlcluster --skip-systemctl-redirect 15 main start   # or: sudo systemctl start postgresql
Or point DATABASE_URL at a server you have, e.g.
    DATABASE_URL=postgres://user:password@host:5432/portal make run`, err)
}

func serve(ctx context.Context, cfg config.Config, logger *slog.Logger, args []string, stdout io.Writer, autoLimit bool) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The public pages answer from the publication in memory, so the
	// portal starts even when the database does not answer yet: it says
	// so and keeps trying (the admin area and the forms answer 503 until
	// then).
	s, err := store.Connect(ctx, cfg.DatabaseURL, store.WithLimits(limits(cfg)))
	if err != nil {
		return err
	}
	defer s.Close()
	if err := useArtifacts(s, cfg); err != nil {
		return err
	}
	s.SetKeepPublications(cfg.KeepPublications)
	// A staff member publishing while another publication is being made
	// waits for it this long, then is told so (the page must answer).
	s.SetPublishWait(webPublishWait)
	if err := s.Ping(ctx); err != nil {
		logger.Warn("the database does not answer yet; retrying", "error", err)
	}
	cat, err := i18n.New()
	if err != nil {
		return err
	}
	live := published.NewLive(s, export.DownloadNames, "", logger)
	defer live.Close()
	var held *published.View // the publication in memory at the last check
	go s.WatchPublications(ctx, publicationCheck, func() {
		if err := live.Refresh(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("loading the current publication failed; retrying", "error", err)
		}
		now, _ := live.Loaded()
		// Just after a switch, requests still reading the previous
		// publication keep it in memory too: the live heap is measured at
		// the next check (30 s on), when only the current one is held.
		if autoLimit && now != nil && (held == nil || now == held) {
			debug.SetMemoryLimit(memoryLimit(heapLive()))
		}
		held = now
	})
	if cfg.BaseURL == "" {
		logger.Warn("BASE_URL is not set: canonical links follow the request's Host header and the session cookie is not marked Secure; set BASE_URL in production")
	}
	// A nil Mailer (not a nil *mail.Mailer) tells the server there is no
	// mail server.
	var mailer server.Mailer
	if cfg.SMTPURL != "" {
		m, err := mail.New(cfg.SMTPURL, cfg.MailFrom)
		if err != nil {
			return err
		}
		mailer = m
	} else {
		logger.Info("SMTP_URL is not set: reminders to organisations are prepared as mailto: links")
	}
	// The searches that found nothing are counted in memory and written
	// every searchLogEvery; the last counts after the requests in flight
	// have finished (this defer runs before the pool closes).
	misses := searchlog.NewCounter(0)
	logCtx, stopLog := context.WithCancel(context.WithoutCancel(ctx))
	logDone := make(chan struct{})
	go func() {
		defer close(logDone)
		misses.Run(logCtx, searchLogEvery, s.AddSearchMisses, logger)
	}()
	defer func() { stopLog(); <-logDone }()
	var draining atomic.Bool
	srv := &http.Server{
		Addr: cfg.ListenAddr,
		Handler: server.New(server.Deps{
			Directory:       live,
			Downloads:       live,
			Refresh:         live.Refresh,
			Preview:         s.Preview(),
			Publishing:      s,
			Erasing:         s,
			Strategy:        s,
			Accounts:        s,
			Editing:         s,
			Submissions:     s,
			StrategyEditing: s,
			Monitoring:      s,
			SiteTexts:       s,
			Sessions:        server.NewSessions(pgxstore.New(s.Pool()), strings.HasPrefix(cfg.BaseURL, "https://")),
			Catalogue:       cat,
			Logger:          logger,
			BaseURL:         cfg.BaseURL,
			Licence:         licence(cfg),
			EmbedOrigins:    cfg.EmbedOrigins,
			TrustedProxies:  cfg.TrustedProxies,
			Ready:           s.Ping,
			Mailer:          mailer,
			VerifyMonths:    cfg.VerifyMonths,
			Draining:        &draining,
			HeavyJobs:       cfg.HeavyJobs,
			Metrics:         metrics.New(metrics.Pool(s.Pool().Stat), metrics.Publication(loadedPublication(live), time.Now)),
			MetricsFrom:     cfg.MetricsFrom,
			SearchWords:     s,
			SearchLog:       misses,
			OpenData:        live,
			KRS:             &krs.Client{BaseURL: cfg.KRSURL, Timeout: cfg.KRSTimeout},
		}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return err
	}
	if cfg.DebugAddr != "" {
		stop, err := serveProfiler(cfg.DebugAddr, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	fmt.Fprintf(stdout, "Portal: http://localhost%s (listening on %s; Ctrl+C stops)\n", portOf(cfg.ListenAddr), cfg.ListenAddr)
	// The pool (deferred s.Close above) closes only after serveUntil has
	// returned, that is after the requests in flight finished.
	return serveUntil(ctx, srv, ln, &draining, cfg.Operations, logger)
}

// searchLogEvery is how often an instance writes its counts of searches
// that found nothing (see internal/searchlog).
const searchLogEvery = 5 * time.Minute

// defaultMemoryLimit is the Go runtime's soft memory limit for serve
// unless GOMEMLIMIT sets one, for a publication of up to about 100 000
// organisations (about 50 MB live in memory, with the portal's other
// data). The process's RSS is the Go runtime's memory plus the pages of the
// binary it runs (about 26 MB), so the limit binds the peak: while the next
// publication loads beside the current one (about 35 MB more live), the
// heap grows to the limit. Measured at 100 000 organisations with the
// search mix at 32 connections and a publish under it: at 115 MiB the RSS
// was 132-136 MB steady and 144-154 MB at the switch; at 100 MiB 119-122
// MB steady and 136 MB at the switch, for 1-2 % more processor time per
// request. A larger publication raises the limit (see memoryLimit).
const defaultMemoryLimit = 100 << 20

// memoryLimit is the soft memory limit for a heap of which live bytes
// stay in use (the publication, mostly): half as much again as those, for
// the requests' garbage, and at least defaultMemoryLimit. The headroom
// grows with the publication because a collection marks the whole live
// heap: with a fixed headroom, a directory three times as large is
// collected as often and each time three times the work. Measured at
// 300 000 organisations (about 200 MB live), processor time per request:
//
//	limit                 list    search   organisation
//	fixed 115 MiB         145 µs  577 µs   193 µs (the collector never stops)
//	live + 40 MiB          68 µs  381 µs   134 µs
//	twice the live heap    40 µs  183 µs    98 µs
//
// At 100 000 (about 50 MB live) half as much again stays at the default.
func memoryLimit(live uint64) int64 {
	return max(defaultMemoryLimit, int64(live+live/2))
}

// heapLive is the heap the last collection found in use (Refresh collects
// after loading a publication, so it is the publication's size and the
// rest of what the portal holds).
func heapLive() uint64 {
	s := []runtimemetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	runtimemetrics.Read(s)
	if s[0].Value.Kind() != runtimemetrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// webPublishWait bounds how long publishing from the admin area waits for
// a publication being made by someone else (the command line waits as long
// as it takes).
const webPublishWait = 20 * time.Second

// publicationCheck is how often an instance checks for a new publication
// besides being notified of one.
const publicationCheck = 30 * time.Second

func portOf(addr string) string {
	for i := len(addr) - 1; i >= 0; i-- {
		if addr[i] == ':' {
			return addr[i:]
		}
	}
	return ""
}

func migrate(ctx context.Context, cfg config.Config, args []string, stdout io.Writer) error {
	action := "up"
	if len(args) > 0 {
		action = args[0]
	}
	switch action {
	case "up":
		created, err := store.EnsureDatabase(ctx, cfg.DatabaseURL)
		if unreachable, ok := errors.AsType[*store.UnreachableError](err); ok {
			return noServer(unreachable)
		}
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintln(stdout, "Created the database.")
		}
		s, err := open(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Close()
		results, err := s.Migrate(ctx)
		if err != nil {
			return err
		}
		for _, r := range results {
			fmt.Fprintf(stdout, "Applied %s (%s)\n", r.Source.Path, r.Duration.Round(time.Millisecond))
		}
		if len(results) == 0 {
			fmt.Fprintln(stdout, "The database is up to date.")
		}
		return nil
	case "status":
		s, err := open(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Close()
		status, err := s.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, m := range status {
			state := "pending"
			if m.State == "applied" {
				state = "applied " + m.AppliedAt.Local().Format(time.DateTime)
			}
			fmt.Fprintf(stdout, "%-40s %s\n", m.Source.Path, state)
		}
		return nil
	default:
		return fmt.Errorf("migrate %q: want up or status", action)
	}
}

func loadDemo(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	remove := fs.Bool("remove", false, "remove every demo organisation instead of loading")
	ifEmpty := fs.Bool("if-empty", false, "load only when the directory holds no organisation")
	if err := fs.Parse(args); err != nil {
		return err
	}
	s, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if *remove {
		n, err := demo.Remove(ctx, s)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Removed %d demo organisations.\n", n)
		return publishAs(ctx, s, "Usunięto przykładowe dane", stdout)
	}
	if *ifEmpty {
		n, err := s.CountOrganisations(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "The directory holds %d organisations; demo content not loaded.\n", n)
			return nil
		}
	}
	n, err := demo.Load(ctx, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Loaded %d demo organisations (marked \"przykładowe dane\"; remove them with: portal demo --remove).\n", n)
	// A demonstration site must publish: the site texts still empty get
	// examples (example.org, 65 000 …), which staff replace before going
	// live (/admin/teksty).
	filled, err := s.FillSiteTexts(ctx, sitetext.Example(), accounts.Audit{})
	if err != nil {
		return err
	}
	if filled {
		fmt.Fprintln(stdout, "Filled the empty site texts with examples; replace them at /admin/teksty before going live.")
	}
	return publishAs(ctx, s, "Przykładowe dane", stdout)
}

// publish publishes the working copy from the command line.
func publish(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(stderr)
	note := fs.String("note", "", "what changed and why (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("publish takes no arguments, only --note (got %q)", fs.Args())
	}
	*note = strings.TrimSpace(*note)
	if msg := directory.CheckText(*note, true, 500, true); msg != "" {
		return fmt.Errorf("--note: give a note of at most 500 characters without control characters (what changed and why)")
	}
	s, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	return publishAs(ctx, s, *note, stdout)
}

func publishAs(ctx context.Context, s *store.Store, note string, stdout io.Writer) error {
	p, err := s.Publish(ctx, note, accounts.Audit{})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Published publication %d: %d organisations (added %d, changed %d, removed %d).\n",
		p.Number, p.Organisations, len(p.Added), len(p.Changed), len(p.Removed))
	return nil
}
