package strategy

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/mopr-leszno/portal/internal/directory"
)

// FieldErrors maps a form field ("task.title", "stages.2.years.2011.planned",
// "indicators.0.values.2010") to the catalogue ID of what is wrong with it.
type FieldErrors map[string]string

// Validate checks a card edited by staff: the texts, the years, every
// stage, partner, indicator and budget line. It returns nil when the card
// may be saved.
func (c *Card) Validate() FieldErrors {
	errs := FieldErrors{}
	// Long texts may hold line breaks; names and titles may not.
	text := func(key, v string, required bool, max int) {
		if e := directory.CheckText(v, required, max, max > 1000); e != "" {
			errs[key] = e
		}
	}
	text("goal.title", c.Goal.Title, true, 1000)
	text("goal.lead", c.Goal.Lead, false, 300)
	text("area.name", c.Area.Name, true, 300)
	text("area.coordinator", c.Area.Coordinator, false, 300)
	t := &c.Task
	text("task.title", t.Title, true, 1000)
	for key, v := range map[string]string{"task.addressees": t.Addressees, "task.justification": t.Justification,
		"task.description": t.Description, "task.implementer": t.Implementer} {
		text(key, v, false, 10000)
	}
	if len(t.Years) == 0 || len(t.Years) > 30 {
		errs["task.years"] = "err_years"
	}
	for i, y := range t.Years {
		if y < 1990 || y > 2100 || (i > 0 && y <= t.Years[i-1]) {
			errs["task.years"] = "err_years"
		}
	}
	money := func(key, v string, required bool) {
		if v == "" {
			if required {
				errs[key] = "err_required"
			}
			return
		}
		d, err := decimal.NewFromString(v)
		if err != nil || d.IsNegative() || d.Exponent() < -2 || d.GreaterThanOrEqual(decimal.New(1, 12)) {
			errs[key] = "err_amount"
		}
	}
	money("task.total_cost", t.TotalCost, false)
	for i, s := range t.Stages {
		p := "stages." + strconv.Itoa(i) + "."
		text(p+"description", s.Description, true, 2000)
		text(p+"period", s.Period, false, 100)
		for _, y := range s.Years {
			for _, pc := range []struct {
				name string
				v    *int
			}{{"planned", y.Planned}, {"actual", y.Actual}} {
				if pc.v != nil && (*pc.v < 0 || *pc.v > 100) {
					errs[p+"years."+strconv.Itoa(y.Year)+"."+pc.name] = "err_percent"
				}
			}
		}
	}
	for i, pt := range t.Partners {
		p := "partners." + strconv.Itoa(i) + "."
		text(p+"name", pt.Name, true, 300)
		text(p+"scope", pt.Scope, false, 2000)
	}
	for i, ind := range t.Indicators {
		p := "indicators." + strconv.Itoa(i) + "."
		if ind.Type != Product && ind.Type != Result && ind.Type != Impact {
			errs[p+"type"] = "err_indicator_type"
		}
		text(p+"name", ind.Name, true, 1000)
		text(p+"source", ind.Source, false, 300)
		if ind.Metric != "" && !ind.Metric.Valid() {
			errs[p+"metric"] = "err_metric"
		}
		for _, v := range ind.Values {
			if _, err := decimal.NewFromString(v.Value); err != nil {
				errs[p+"values."+strconv.Itoa(v.Year)] = "err_decimal"
			}
		}
	}
	for i, b := range t.Budget {
		p := "budget." + strconv.Itoa(i) + "."
		text(p+"source", b.Source, true, 300)
		money(p+"amount", b.Amount, true)
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Change is a field of a card whose text differs between two versions.
type Change struct {
	Field, Before, After string
}

// Fields writes a card's fields as text, one entry a line of the card, for
// the history.
func (c *Card) Fields() [][2]string {
	pct := func(p *int) string {
		if p == nil {
			return "-"
		}
		return strconv.Itoa(*p)
	}
	out := [][2]string{
		{"goal.title", c.Goal.Title}, {"goal.lead", c.Goal.Lead},
		{"area.name", c.Area.Name}, {"area.coordinator", c.Area.Coordinator},
		{"task.title", c.Task.Title}, {"task.addressees", c.Task.Addressees},
		{"task.justification", c.Task.Justification}, {"task.description", c.Task.Description},
		{"task.implementer", c.Task.Implementer}, {"task.total_cost", c.Task.TotalCost},
	}
	var years []string
	for _, y := range c.Task.Years {
		years = append(years, strconv.Itoa(y))
	}
	out = append(out, [2]string{"task.years", strings.Join(years, " ")})
	var lines []string
	for _, s := range c.Task.Stages {
		cells := []string{strconv.Itoa(s.Order) + ". " + s.Description, s.Period}
		for _, y := range s.Years {
			cells = append(cells, pct(y.Planned)+"/"+pct(y.Actual))
		}
		lines = append(lines, strings.Join(cells, " | "))
	}
	out = append(out, [2]string{"stages", strings.Join(lines, "\n")})
	lines = nil
	for _, p := range c.Task.Partners {
		lines = append(lines, strings.Join([]string{p.Name, p.Scope, p.Organisation}, " | "))
	}
	out = append(out, [2]string{"partners", strings.Join(lines, "\n")})
	lines = nil
	for _, ind := range c.Task.Indicators {
		cells := []string{string(ind.Type), ind.Name, ind.Source, string(ind.Metric)}
		for _, v := range ind.Values {
			cells = append(cells, v.Value)
		}
		lines = append(lines, strings.Join(cells, " | "))
	}
	out = append(out, [2]string{"indicators", strings.Join(lines, "\n")})
	lines = nil
	for _, b := range c.Task.Budget {
		lines = append(lines, b.Source+" | "+b.Amount)
	}
	return append(out, [2]string{"budget", strings.Join(lines, "\n")})
}

// Diff lists the fields whose text differs from before to after; a nil
// before lists every field with a value.
func Diff(before, after *Card) []Change {
	var b [][2]string
	if before != nil {
		b = before.Fields()
	}
	return diffFields(b, after.Fields())
}

// diffFields lists the fields of after whose text differs from the same
// field of before (nil: no fields, every one with a value differs).
func diffFields(before, after [][2]string) []Change {
	var out []Change
	for i, f := range after {
		old := ""
		if before != nil {
			old = before[i][1]
		}
		if old != f[1] {
			out = append(out, Change{Field: f[0], Before: old, After: f[1]})
		}
	}
	return out
}
