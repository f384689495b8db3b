// Package councilpdf draws the report of a closed monitoring period for the
// city council: a cover, a summary table of every task with its status,
// and for each task its account, stages, indicators against their targets
// (with bars) and its budget. It is made once, when the period closes, from
// the frozen snapshot, and stored with it (see store.ClosePeriod).
package councilpdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/johnfercher/maroto/v2"
	"github.com/johnfercher/maroto/v2/pkg/components/col"
	"github.com/johnfercher/maroto/v2/pkg/components/page"
	"github.com/johnfercher/maroto/v2/pkg/components/row"
	"github.com/johnfercher/maroto/v2/pkg/components/text"
	"github.com/johnfercher/maroto/v2/pkg/config"
	"github.com/johnfercher/maroto/v2/pkg/consts/align"
	"github.com/johnfercher/maroto/v2/pkg/consts/border"
	"github.com/johnfercher/maroto/v2/pkg/consts/fontstyle"
	"github.com/johnfercher/maroto/v2/pkg/consts/pagesize"
	"github.com/johnfercher/maroto/v2/pkg/core"
	"github.com/johnfercher/maroto/v2/pkg/props"
	"github.com/shopspring/decimal"

	"github.com/mopr-leszno/portal/internal/dataform"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/strategy"
)

// Text looks up interface text by message ID; (*i18n.Localizer).T is one.
type Text func(id string, data ...any) string

var (
	grey  = &props.Color{Red: 80, Green: 80, Blue: 80}
	shade = &props.Color{Red: 228, Green: 232, Blue: 238}
	bar   = &props.Color{Red: 0, Green: 76, Blue: 153}
	cell  = &props.Cell{BorderType: border.Bottom, BorderThickness: 0.2, BorderColor: &props.Color{Red: 150, Green: 150, Blue: 150}}
)

// Render draws the council report of the snapshot s, in the language of t
// (the council reads Polish).
func Render(s *strategy.Snapshot, t Text) ([]byte, error) {
	custom, err := dataform.Fonts()
	if err != nil {
		return nil, fmt.Errorf("council report fonts: %w", err)
	}
	p, _ := strategy.ParsePeriod(s.Period)
	title := t("council_title", map[string]string{"Period": PeriodName(t, p)})
	cfg := config.NewBuilder().
		WithPageSize(pagesize.A4).
		WithLeftMargin(15).WithRightMargin(15).WithTopMargin(12).WithBottomMargin(10).
		WithCustomFonts(custom).
		WithDefaultFont(&props.Font{Family: dataform.FontFamily, Style: fontstyle.Normal, Size: 9}).
		WithTitle(title, true).
		WithAuthor(t("site_owner"), true).
		WithCreator(t("site_name"), true).
		WithCreationDate(s.ClosedAt).
		WithCompression(true).
		WithPageNumber(props.PageNumber{Pattern: t("dataform_page"), Place: props.RightBottom, Family: dataform.FontFamily, Size: 7.5, Color: grey}).
		Build()
	m := maroto.New(cfg)
	bold := props.Text{Style: fontstyle.Bold}
	m.AddRows(
		text.NewAutoRow(t("site_owner"), props.Text{Size: 11, Color: grey, Top: 30}),
		text.NewAutoRow(title, props.Text{Style: fontstyle.Bold, Size: 20, Top: 8}),
		text.NewAutoRow(t("council_closed", map[string]string{"Date": s.ClosedAt.In(directory.Warsaw).Format("02.01.2006")}), props.Text{Size: 11, Top: 6}),
		text.NewAutoRow(t("council_period_dates", map[string]string{"From": p.Start().Format("02.01.2006"), "To": p.End().Format("02.01.2006")}), props.Text{Size: 11, Top: 2}),
		text.NewAutoRow(t("council_intro"), props.Text{Size: 10, Top: 10}),
	)
	m.AddRows(heading(t("council_summary")))
	m.AddRows(row.New(7).Add(
		text.NewCol(2, t("council_task_number"), withB(bold)), text.NewCol(6, t("council_task"), withB(bold)),
		text.NewCol(4, t("monitoring_status"), withB(bold)),
	).WithStyle(&props.Cell{BackgroundColor: shade}))
	for _, e := range s.Tasks {
		m.AddAutoRow(
			text.NewCol(2, e.Number, props.Text{Top: 1}), text.NewCol(6, e.Title, props.Text{Top: 1}),
			text.NewCol(4, StatusLabel(t, e), props.Text{Top: 1}),
		).WithStyle(cell)
	}
	for _, e := range s.Tasks {
		m.AddPages(taskPage(t, p, e))
	}
	doc, err := m.Generate()
	if err != nil {
		return nil, fmt.Errorf("council report: %w", err)
	}
	return doc.GetBytes(), nil
}

// PeriodName names a period: "I półrocze 2026", "rok 2026".
func PeriodName(t Text, p strategy.Period) string {
	if p.Half == 0 {
		return t("period_year", map[string]int{"Year": p.Year})
	}
	return t("half_year_"+strconv.Itoa(p.Half), map[string]int{"Year": p.Year})
}

// StatusLabel is the task's status as people read it, or that no report
// was confirmed.
func StatusLabel(t Text, e strategy.SnapshotTask) string {
	if !e.Reported {
		return t("report_missing")
	}
	return t("report_status_" + string(e.Status))
}

func withB(p props.Text) props.Text { p.Top, p.Left = 1.5, 1; return p }

func heading(s string) core.Row {
	return row.New(9).Add(text.NewCol(12, s, props.Text{Style: fontstyle.Bold, Size: 12, Top: 2, Left: 1})).
		WithStyle(&props.Cell{BackgroundColor: shade})
}

func taskPage(t Text, p strategy.Period, e strategy.SnapshotTask) core.Page {
	pg := page.New()
	bold := props.Text{Style: fontstyle.Bold, Top: 1}
	rows := []core.Row{
		text.NewAutoRow(e.Number+". "+e.Title, props.Text{Style: fontstyle.Bold, Size: 13}),
		text.NewAutoRow(t("monitoring_status")+": "+StatusLabel(t, e), props.Text{Size: 10, Top: 3}),
	}
	if e.Unit != "" {
		rows = append(rows, text.NewAutoRow(t("monitoring_unit")+": "+e.Unit, props.Text{Size: 10, Top: 1}))
	}
	if e.Reported {
		rows = append(rows, text.NewAutoRow(t("report_done"), props.Text{Style: fontstyle.Bold, Top: 4}),
			text.NewAutoRow(orDash(e.Done), props.Text{Top: 1}),
			text.NewAutoRow(t("report_blockers"), props.Text{Style: fontstyle.Bold, Top: 3}),
			text.NewAutoRow(orDash(e.Blockers), props.Text{Top: 1}))
	} else {
		rows = append(rows, text.NewAutoRow(t("report_missing_note"), props.Text{Top: 4}))
	}
	if len(e.Stages) > 0 {
		rows = append(rows, text.NewAutoRow(t("task_stages"), props.Text{Style: fontstyle.Bold, Size: 11, Top: 5}),
			row.New(6).Add(text.NewCol(8, t("stage"), bold), text.NewCol(2, t("stage_planned"), withAlign(bold)), text.NewCol(2, t("stage_actual"), withAlign(bold))).WithStyle(cell))
		for _, s := range e.Stages {
			rows = append(rows, row.New(6).Add(text.NewCol(8, strconv.Itoa(s.Order)+". "+s.Description, props.Text{Top: 1}),
				text.NewCol(2, percent(s.Planned), withAlign(props.Text{Top: 1})), text.NewCol(2, percent(s.Actual), withAlign(props.Text{Top: 1}))).WithStyle(cell))
		}
	}
	if len(e.Values) > 0 {
		rows = append(rows, text.NewAutoRow(t("task_indicators"), props.Text{Style: fontstyle.Bold, Size: 11, Top: 5}),
			row.New(6).Add(text.NewCol(5, t("indicator"), bold), text.NewCol(2, t("monitoring_value"), withAlign(bold)),
				text.NewCol(2, t("monitoring_target"), withAlign(bold)), text.NewCol(3, t("monitoring_share"), withAlign(bold))).WithStyle(cell))
		for _, v := range e.Values {
			rows = append(rows, row.New(6).Add(text.NewCol(5, v.Name, props.Text{Top: 1}), text.NewCol(2, number(v.Value), withAlign(props.Text{Top: 1})),
				text.NewCol(2, number(v.Target), withAlign(props.Text{Top: 1})), text.NewCol(3, strategy.FormatPercent("pl", v.Share), withAlign(props.Text{Top: 1}))).WithStyle(cell))
			if v.Share != "" {
				rows = append(rows, shareBar(v.Share))
			}
		}
		rows = append(rows, text.NewAutoRow(t("monitoring_share_rounding"), props.Text{Size: 7.5, Color: grey, Top: 1}))
	}
	rows = append(rows, text.NewAutoRow(t("task_budget"), props.Text{Style: fontstyle.Bold, Size: 11, Top: 5}))
	for _, b := range e.Budget {
		rows = append(rows, row.New(6).Add(text.NewCol(8, t("council_planned")+": "+b.Source, props.Text{Top: 1}), text.NewCol(4, money(t, b.Amount), withAlign(props.Text{Top: 1}))).WithStyle(cell))
	}
	for _, s := range e.Spending {
		rows = append(rows, row.New(6).Add(text.NewCol(8, t("council_spent")+": "+s.Source, props.Text{Top: 1}), text.NewCol(4, money(t, s.Amount), withAlign(props.Text{Top: 1}))).WithStyle(cell))
	}
	if len(e.Budget) == 0 && len(e.Spending) == 0 {
		rows = append(rows, text.NewAutoRow("–", props.Text{Top: 1}))
	}
	pg.Add(rows...)
	return pg
}

// shareBar draws the share of the target as a bar on the 12-column grid
// (capped at the full width); the number is in the row above.
func shareBar(share string) core.Row {
	d, err := decimal.NewFromString(share)
	n := 0
	if err == nil {
		n = int(d.Div(decimal.NewFromInt(100)).Mul(decimal.NewFromInt(12)).Round(0).IntPart())
	}
	n = max(0, min(12, n))
	r := row.New(3)
	if n > 0 {
		r.Add(col.New(n).WithStyle(&props.Cell{BackgroundColor: bar}))
	}
	if n < 12 {
		r.Add(col.New(12 - n).WithStyle(&props.Cell{BackgroundColor: shade}))
	}
	return r
}

func withAlign(p props.Text) props.Text { p.Align = align.Right; return p }

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "–"
	}
	return s
}

func percent(p *int) string {
	if p == nil {
		return "–"
	}
	return strconv.Itoa(*p) + "%"
}

// number writes an exact decimal as the web pages do in Polish
// ("12 345,5", "1234,5"); "" is a dash.
func number(v string) string { return strategy.FormatDecimal("pl", v) }

// money writes an amount in złoty as the web pages do in Polish
// ("2 000,00 zł").
func money(t Text, v string) string {
	return t("money_amount", map[string]string{"Amount": strategy.FormatAmount("pl", v)})
}
