package server

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
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
	t.TotalCost = strategy.TypedAmount(get("task.total_cost"))
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
			if v := strategy.TypedDecimal(get(p + "values." + strconv.Itoa(y))); v != "" {
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
		b := strategy.BudgetLine{Source: get(p + "source"), Amount: strategy.TypedAmount(get(p + "amount"))}
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

// sharedFields are the texts a task shares with the other tasks of its
// goal and area; the form carries each as it was when loaded in a hidden
// "was." field, so that the store can tell whether someone else changed
// it meanwhile.
var sharedFields = []string{"goal.title", "goal.lead", "area.name", "area.coordinator"}

// parseWas reads the hidden fields with the shared texts as the form was
// loaded with them. A browser sends them back as it got them, so one that
// is not text (a NUL byte, bytes that are not UTF-8: the form was altered
// on the way) cannot be compared and must never reach PostgreSQL, which
// refuses such text with an error. It is replaced by the stored text and
// the visible field it shadows gets a message, so that the person checks
// that field and saves again with a form that is whole.
func parseWas(f url.Values, stored *strategy.Card) (*strategy.Card, strategy.FieldErrors) {
	was := &strategy.Card{Goal: strategy.Goal{Number: stored.Goal.Number}, Area: strategy.Area{Number: stored.Area.Number}}
	dst := map[string]*string{"goal.title": &was.Goal.Title, "goal.lead": &was.Goal.Lead,
		"area.name": &was.Area.Name, "area.coordinator": &was.Area.Coordinator}
	current := map[string]string{"goal.title": stored.Goal.Title, "goal.lead": stored.Goal.Lead,
		"area.name": stored.Area.Name, "area.coordinator": stored.Area.Coordinator}
	var errs strategy.FieldErrors
	for _, k := range sharedFields {
		v := f.Get("was." + k)
		// The stored texts are whatever an import or an edit let through,
		// line breaks included: only what no text may hold is refused.
		if directory.CheckText(v, false, maxSharedText, true) != "" {
			if errs == nil {
				errs = strategy.FieldErrors{}
			}
			errs[k] = errFormState
			v = current[k]
		}
		*dst[k] = v
	}
	return was, errs
}

// errFormState asks to check a field whose hidden copy came back damaged.
const errFormState = "err_form_state"

// maxSharedText bounds a hidden shared text: the longest visible one
// (goal.title) may hold 1000 characters.
const maxSharedText = 10000
