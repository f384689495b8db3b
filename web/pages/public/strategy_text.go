package public

import (
	"context"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
)

// percent writes a percentage or a dash for none.
func percent(p *int) string {
	if p == nil {
		return "–"
	}
	return strconv.Itoa(*p) + "%"
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// localNumber writes an exact decimal the way the reader's language does
// (strategy.FormatDecimal): "13699" is "13 699" in Polish and Ukrainian,
// "13,699" in English; "1.0" is "1,0" or "1.0"; "" is a dash.
func localNumber(ctx context.Context, v string) string {
	return strategy.FormatDecimal(i18n.From(ctx).Lang(), v)
}

// money writes an amount in złoty in the reader's language: "2000.00" is
// "2 000,00 zł" in Polish, "PLN 2,000.00" in English.
func money(ctx context.Context, v string) string {
	if v == "" {
		return i18n.T(ctx, "strategy_no_cost")
	}
	return i18n.T(ctx, "money_amount", map[string]string{"Amount": strategy.FormatAmount(i18n.From(ctx).Lang(), v)})
}

// indicatorChart draws an indicator's yearly values; flagged years are
// marked.
func indicatorChart(ctx context.Context, id string, t *strategy.Task, idx int) components.BarChart {
	ind := t.Indicators[idx]
	flagged := map[int]bool{}
	for _, f := range t.Flags {
		if f.Indicator == idx {
			flagged[f.Year] = true
		}
	}
	var top float64
	nums := make([]float64, len(t.Years))
	for i, y := range t.Years {
		// Only for drawing: the values themselves stay exact strings.
		n, err := strconv.ParseFloat(ind.ValueIn(y), 64)
		if err == nil && n > top {
			top = n
		}
		nums[i] = n
	}
	c := components.BarChart{
		ID:    id,
		Title: ind.Name, TitleLang: "pl", // the card's own text
		Description: i18n.T(ctx, "chart_description", map[string]string{
			"From": strconv.Itoa(first(t.Years)), "To": strconv.Itoa(last(t.Years)),
		}),
	}
	var parts []string
	for i, y := range t.Years {
		v := ind.ValueIn(y)
		b := components.Bar{Label: strconv.Itoa(y), Value: localNumber(ctx, v), Highlight: flagged[y], Empty: v == ""}
		if top > 0 {
			b.Height = nums[i] / top
		}
		c.Bars = append(c.Bars, b)
		parts = append(parts, strconv.Itoa(y)+": "+localNumber(ctx, v))
	}
	c.Description += " " + strings.Join(parts, "; ") + "."
	return c
}

func first(ys []int) int {
	if len(ys) == 0 {
		return 0
	}
	return ys[0]
}

func last(ys []int) int {
	if len(ys) == 0 {
		return 0
	}
	return ys[len(ys)-1]
}

// budgetTotal adds the budget lines exactly. The amounts come from the
// database as numeric text; one that is not is left out rather than
// guessed.
func budgetTotal(lines []strategy.BudgetLine) string {
	sum := decimal.Zero
	for _, l := range lines {
		if d, err := decimal.NewFromString(l.Amount); err == nil {
			sum = sum.Add(d)
		}
	}
	return sum.StringFixed(2)
}

func indicatorTypeKey(t strategy.IndicatorType) string { return "indicator_type_" + string(t) }

func flagsOf(t *strategy.Task, idx int) []strategy.Flag {
	var out []strategy.Flag
	for _, f := range t.Flags {
		if f.Indicator == idx {
			out = append(out, f)
		}
	}
	return out
}

func taskTitle(c *strategy.Card) string {
	return strconv.Itoa(c.Area.Number) + "." + strconv.Itoa(c.Task.Number) + ". " + c.Task.Title
}

// halfName names a half-year: "I półrocze 2013".
func halfName(ctx context.Context, h strategy.HalfYear) string {
	return i18n.T(ctx, "half_year_"+strconv.Itoa(h.Half), map[string]int{"Year": h.Year})
}

// completion is how much of a year's plan a stage did, in percent of the
// plan, for drawing.
func completion(y strategy.StageYear) int {
	if y.Planned == nil || *y.Planned == 0 {
		return 0
	}
	return deref(y.Actual) * 100 / *y.Planned
}

// dash stands for an empty text.
func dash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// sharePercent writes a share of a target ("87.5") as "87,5%" in the
// reader's language, or a dash.
func sharePercent(ctx context.Context, v string) string {
	return strategy.FormatPercent(i18n.From(ctx).Lang(), v)
}

// changeText says what changed of a task between two periods.
func changeText(ctx context.Context, c strategy.PeriodChange) string {
	status := func(v string) string {
		if v == "" {
			return i18n.T(ctx, "report_missing")
		}
		return i18n.T(ctx, "report_status_"+v)
	}
	pct := func(v string) string {
		if v == "" {
			return "–"
		}
		return v + "%"
	}
	switch c.What {
	case "status":
		return i18n.T(ctx, "mon_change_status", map[string]string{"Before": status(c.Before), "After": status(c.After)})
	case "stage":
		return i18n.T(ctx, "mon_change_stage", map[string]string{"Name": c.Name, "Before": pct(c.Before), "After": pct(c.After)})
	case "indicator":
		return i18n.T(ctx, "mon_change_indicator", map[string]string{"Name": c.Name, "Before": localNumber(ctx, c.Before), "After": localNumber(ctx, c.After)})
	}
	return i18n.T(ctx, "mon_change_new")
}
