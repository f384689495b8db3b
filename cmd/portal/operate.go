package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/backup"
	"github.com/mopr-leszno/portal/internal/config"
	"github.com/mopr-leszno/portal/internal/store"
)

// backupCmd writes a backup of the database to the file named.
func backupCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("backup takes one argument: the file to write (e.g. portal-$(date +%F).dump)")
	}
	file := fs.Arg(0)
	start := time.Now()
	if err := backup.Dump(ctx, cfg.DatabaseURL, file, stderr); err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Backed up the database to %s (%.1f MB in %s).\n", file, float64(st.Size())/(1<<20), time.Since(start).Round(100*time.Millisecond))
	return nil
}

// restoreCmd restores a backup into the database of DATABASE_URL.
func restoreCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	force := fs.Bool("force", false, "drop everything in a database that is not empty, then restore")
	fs.BoolVar(force, "clean", false, "the same as --force")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("restore takes one argument: the backup file (made by portal backup)")
	}
	file := fs.Arg(0)
	if _, err := os.Stat(file); err != nil {
		return err
	}
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
	if err := backup.Restore(ctx, cfg.DatabaseURL, file, *force, stderr); err != nil {
		return err
	}
	s, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	// A backup made by an older portal is brought up to this one's
	// migrations.
	results, err := s.Migrate(ctx)
	if err != nil {
		return fmt.Errorf("restored, but migrating it failed: %w", err)
	}
	for _, r := range results {
		fmt.Fprintf(stdout, "Applied %s\n", r.Source.Path)
	}
	n, err := s.CountOrganisations(ctx)
	if err != nil {
		return err
	}
	pubs, err := s.Publications(ctx, 1)
	if err != nil {
		return err
	}
	// Running instances switch to the restored current publication now
	// rather than at their next periodic check.
	if err := s.Announce(ctx); err != nil {
		return err
	}
	current := 0
	if len(pubs) > 0 {
		current = pubs[0].Number
	}
	fmt.Fprintf(stdout, "Restored %s: %d organisations in the working copy, newest publication %d. Sign-in sessions were dropped: staff sign in again.\n", file, n, current)
	return nil
}

// publicationsCmd: portal publications prune [--keep N] | pin N | unpin N.
func publicationsCmd(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("publications: want prune [--keep N], pin N or unpin N")
	}
	switch args[0] {
	case "prune":
		fs := flag.NewFlagSet("publications prune", flag.ContinueOnError)
		fs.SetOutput(stderr)
		keep := fs.Int("keep", cfg.KeepPublications, "how many of the newest publications keep their copies")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *keep < 1 || fs.NArg() > 0 {
			return errors.New("publications prune: --keep wants a number of publications, at least 1")
		}
		s, err := open(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Close()
		p, err := s.Prune(ctx, *keep, accounts.Audit{})
		if err != nil {
			return err
		}
		if len(p.Publications) == 0 {
			fmt.Fprintf(stdout, "Nothing to prune: every copy is current, among the newest %d or pinned.\n", *keep)
			return nil
		}
		fmt.Fprintf(stdout, "Pruned the copies of publications %s (%d schemas dropped with their artifacts); their history stays.\n", joinInts(p.Publications), p.Schemas)
		return nil
	case "pin", "unpin":
		if len(args) != 2 {
			return fmt.Errorf("publications %s: want one publication number", args[0])
		}
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 {
			return fmt.Errorf("publications %s: %q is not a publication number", args[0], args[1])
		}
		s, err := open(ctx, cfg)
		if err != nil {
			return err
		}
		defer s.Close()
		if err := s.Pin(ctx, n, args[0] == "pin", accounts.Audit{}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Publication %d %sned.\n", n, args[0])
		return nil
	default:
		return fmt.Errorf("publications %q: want prune, pin or unpin", args[0])
	}
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ", ")
}
