package server

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/mopr-leszno/portal/internal/strategy"
)

// The task form's field names are the keys strategy.Validate reports
// errors under, so each message lands next to its field. Every table has
// one empty row for a new entry; a row left empty is dropped.

// parseTaskForm reads a task card from the submitted form over the stored
// card (which gives the numbers and the slug). What cannot be parsed is a
// field error; everything typed is kept.
func parseTaskForm(f url.Values, stored *strategy.Card) (*strategy.Card, strategy.FieldErrors) {
	errs := strategy.FieldErrors{}
	get := func(k string) string { return strings.TrimSpace(strings.ReplaceAll(f.Get(k), "\r\n", "\n")) }
	c := &strategy.Card{Document: stored.Document, Goal: stored.Goal, Area: stored.Area}
	c.Goal.Title, c.Goal.Lead = get("goal.title"), get("goal.lead")
	c.Area.Name, c.Area.Coordinator = get("area.name"), get("area.coordinator")
	t := &c.Task
	t.Slug, t.Number = stored.Task.Slug, stored.Task.Number
	t.Title, t.Addressees, t.Justification = get("task.title"), get("task.addressees"), get("task.justification")
	t.Description, t.Implementer = get("task.description"), get("task.implementer")
	t.TotalCost = money(get("task.total_cost"))
	for _, y := range strings.Fields(get("task.years")) {
		n, err := strconv.Atoi(y)
		if err != nil {
			errs["task.years"] = "err_years"
			continue
		}
		t.Years = append(t.Years, n)
	}
	t.Stages, t.Partners, t.Indicators, t.Budget, t.Flags = []strategy.Stage{}, []strategy.Partner{}, []strategy.Indicator{}, []strategy.BudgetLine{}, []strategy.Flag{}

	for i := 0; f.Has("stages." + strconv.Itoa(i) + ".description"); i++ {
		p := "stages." + strconv.Itoa(i) + "."
		s := strategy.Stage{Order: len(t.Stages) + 1, Description: get(p + "description"), Period: get(p + "period")}
		filled := s.Description != "" || s.Period != ""
		for _, y := range t.Years {
			sy := strategy.StageYear{Year: y}
			for _, part := range []struct {
				name string
				dst  **int
			}{{"planned", &sy.Planned}, {"actual", &sy.Actual}} {
				key := p + "years." + strconv.Itoa(y) + "." + part.name
				v := strings.TrimSuffix(get(key), "%")
				if v == "" || v == "-" {
					continue
				}
				filled = true
				n, err := strconv.Atoi(v)
				if err != nil {
					errs["stages."+strconv.Itoa(len(t.Stages))+".years."+strconv.Itoa(y)+"."+part.name] = "err_percent"
					continue
				}
				*part.dst = &n
			}
			s.Years = append(s.Years, sy)
		}
		if filled {
			t.Stages = append(t.Stages, s)
		}
	}
	for i := 0; f.Has("partners." + strconv.Itoa(i) + ".name"); i++ {
		p := "partners." + strconv.Itoa(i) + "."
		pt := strategy.Partner{Name: get(p + "name"), Scope: get(p + "scope"), Organisation: get(p + "organisation")}
		if pt != (strategy.Partner{}) {
			t.Partners = append(t.Partners, pt)
		}
	}
	for i := 0; f.Has("indicators." + strconv.Itoa(i) + ".name"); i++ {
		p := "indicators." + strconv.Itoa(i) + "."
		ind := strategy.Indicator{Type: strategy.IndicatorType(get(p + "type")), Name: get(p + "name"),
			Source: get(p + "source"), Metric: strategy.Metric(get(p + "metric")), Values: []strategy.IndicatorValue{}}
		filled := ind.Name != "" || ind.Source != ""
		for _, y := range t.Years {
			if v := strings.ReplaceAll(get(p+"values."+strconv.Itoa(y)), ",", "."); v != "" {
				ind.Values = append(ind.Values, strategy.IndicatorValue{Year: y, Value: v})
				filled = true
			}
		}
		if filled {
			t.Indicators = append(t.Indicators, ind)
		}
	}
	for i := 0; f.Has("budget." + strconv.Itoa(i) + ".source"); i++ {
		p := "budget." + strconv.Itoa(i) + "."
		b := strategy.BudgetLine{Source: get(p + "source"), Amount: money(get(p + "amount"))}
		if b != (strategy.BudgetLine{}) {
			t.Budget = append(t.Budget, b)
		}
	}
	for k, v := range c.Validate() {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	if len(errs) == 0 {
		return c, nil
	}
	return c, errs
}

// money reads an amount as people write it ("2 000,00 zł", "2000.00");
// what is not an amount stays as typed, for the form to show it back.
func money(typed string) string {
	s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(typed), "zł"))
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\u00a0':
			return -1
		case ',':
			return '.'
		}
		return r
	}, s)
	if _, err := decimal.NewFromString(s); err != nil {
		return typed
	}
	return s
}
