package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mopr-leszno/portal/internal/config"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/internal/strategy/cards"
)

type namedCard struct {
	file string
	card *strategy.Card
}

// importStrategy parses every file first and writes nothing when any of
// them is malformed; then it writes each card in its own transaction.
func importStrategy(ctx context.Context, cfg config.Config, args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("import-strategy", flag.ContinueOnError)
	fl.SetOutput(stderr)
	dryRun := fl.Bool("dry-run", false, "parse and report, write nothing")
	asJSON := fl.Bool("json", false, "with --dry-run: print the parsed cards as JSON")
	seed := fl.Bool("seed", false, "import the cards bundled with the portal and bind their live indicators")
	ifEmpty := fl.Bool("if-empty", false, "import only when the portal holds no strategy task")
	if err := fl.Parse(args); err != nil {
		return err
	}
	var parsed []namedCard
	var err error
	if *seed {
		parsed, err = parseBundled()
	} else {
		if fl.NArg() == 0 {
			return errors.New("import-strategy: name at least one card file (or --seed)")
		}
		parsed, err = parseFiles(fl.Args())
	}
	if err != nil {
		return err
	}

	if *dryRun {
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			for _, p := range parsed {
				if err := enc.Encode(p.card); err != nil {
					return err
				}
			}
			return nil
		}
		for _, p := range parsed {
			t := p.card.Task
			fmt.Fprintf(stdout, "%s: cel %s, obszar %d, zadanie %d %q: %d etapów, %d mierników, %d partnerów, %d pozycji budżetu, %d uwag\n",
				p.file, p.card.Goal.Number, p.card.Area.Number, t.Number, t.Title,
				len(t.Stages), len(t.Indicators), len(t.Partners), len(t.Budget), len(t.Flags))
		}
		return nil
	}

	s, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer s.Close()
	if *ifEmpty {
		n, err := s.CountStrategyTasks(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(stdout, "The portal holds %d strategy tasks; cards not imported.\n", n)
			return nil
		}
	}
	// One transaction for all the cards: a card that cannot be written
	// (one that would overwrite a task staff created) leaves nothing
	// written, and the error names its file.
	batch := make([]store.ImportedCard, len(parsed))
	for i, p := range parsed {
		batch[i] = store.ImportedCard{File: p.file, Card: p.card}
	}
	results, err := s.ImportCards(ctx, batch)
	if err != nil {
		return err
	}
	for i, p := range parsed {
		verb := "updated"
		if results[i].Created {
			verb = "imported"
		}
		fmt.Fprintf(stdout, "%s: %s task %s (%d flagged values)\n", p.file, verb, results[i].Slug, len(p.card.Task.Flags))
	}
	if *seed {
		for _, b := range cards.Bindings {
			if err := s.BindIndicator(ctx, b.Task, b.Indicator, b.Metric); err != nil {
				return fmt.Errorf("bind %s indicator %d: %w", b.Task, b.Indicator+1, err)
			}
		}
		if err := seedPeriods(ctx, s, parsed, stdout); err != nil {
			return err
		}
	}
	return nil
}

func parseFiles(names []string) ([]namedCard, error) {
	var out []namedCard
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		c, err := strategy.Parse(name, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		out = append(out, namedCard{name, c})
	}
	return out, nil
}

func parseBundled() ([]namedCard, error) {
	all, err := cards.All()
	if err != nil {
		return nil, err
	}
	out := make([]namedCard, len(all))
	for i, n := range all {
		out[i] = namedCard{n.File, n.Card}
	}
	return out, nil
}
