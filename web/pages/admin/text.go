package admin

import (
	"slices"
	"strconv"
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fieldID is the HTML id of a form field (components.FieldID).
func fieldID(key string) string { return components.FieldID(key) }

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// taskLabel is the catalogue key of a task form field's label: the table
// rows share their column's label.
func taskLabel(key string) string {
	parts := strings.Split(key, ".")
	switch {
	case len(parts) >= 3 && (parts[0] == "stages" || parts[0] == "partners" || parts[0] == "indicators" || parts[0] == "budget"):
		return "field_" + parts[0] + "_" + parts[2]
	case len(parts) == 1:
		return "field_" + parts[0]
	}
	return "field_" + strings.ReplaceAll(key, ".", "_")
}

func years(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = strconv.Itoa(y)
	}
	return strings.Join(s, " ")
}

func stagePercent(s strategy.Stage, year int, part string) string {
	y := s.YearIn(year)
	p := y.Planned
	if part == "actual" {
		p = y.Actual
	}
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func withEmptyStage(t strategy.Task) []strategy.Stage {
	return append(slices.Clone(t.Stages), strategy.Stage{})
}

func withEmptyPartner(ps []strategy.Partner) []strategy.Partner {
	return append(slices.Clone(ps), strategy.Partner{})
}

func withEmptyIndicator(is []strategy.Indicator) []strategy.Indicator {
	return append(slices.Clone(is), strategy.Indicator{Type: strategy.Product})
}

func withEmptyBudget(bs []strategy.BudgetLine) []strategy.BudgetLine {
	return append(slices.Clone(bs), strategy.BudgetLine{})
}

// Change is a changed field as the history and the conflict notice show
// it: Label is the catalogue key of the field's label.
type Change struct {
	Label, Before, After string
}

// OrgChanges turns an organisation's changed fields into rows to show.
func OrgChanges(cs []directory.FieldChange) []Change {
	out := make([]Change, len(cs))
	for i, c := range cs {
		out[i] = Change{components.FieldLabel(c.Field), c.Before, c.After}
	}
	return out
}

// TaskChanges turns a task card's changed fields into rows to show.
func TaskChanges(cs []strategy.Change) []Change {
	out := make([]Change, len(cs))
	for i, c := range cs {
		out[i] = Change{taskLabel(c.Field), c.Before, c.After}
	}
	return out
}
