// Package cards bundles the task cards of the city's development strategy
// that the portal starts with: real data copied from the published
// strategy (see the README of the team's seeds), imported by
// `portal import-strategy --seed`.
package cards

import (
	"embed"
	"fmt"
	"io/fs"

	"github.com/mopr-leszno/portal/internal/strategy"
)

// FS holds the bundled cards as text files in the card format.
//
//go:embed *.txt
var FS embed.FS

// Binding ties an indicator of a bundled card to a metric the portal
// computes, so that the data bank measures its own task (card 9.2).
type Binding struct {
	Task      string // task slug
	Indicator int    // index in the card's indicators
	Metric    strategy.Metric
}

// Bindings are the live indicators of the bundled cards: card 9.2's number
// of organisations in the base, the forms received, and the currency of
// their data.
var Bindings = []Binding{
	{Task: "ii-9-2", Indicator: 0, Metric: strategy.MetricOrganisations},
	{Task: "ii-9-2", Indicator: 1, Metric: strategy.MetricFormsReceived},
	{Task: "ii-9-2", Indicator: 3, Metric: strategy.MetricVerifiedShare},
}

// Named is a parsed bundled card and its file name.
type Named struct {
	File string
	Card *strategy.Card
}

// All parses every bundled card, in file-name order.
func All() ([]Named, error) {
	names, err := fs.Glob(FS, "*.txt")
	if err != nil {
		return nil, err
	}
	var out []Named
	for _, name := range names {
		f, err := FS.Open(name)
		if err != nil {
			return nil, err
		}
		c, err := strategy.Parse(name, f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("bundled card: %w", err)
		}
		out = append(out, Named{File: name, Card: c})
	}
	return out, nil
}
