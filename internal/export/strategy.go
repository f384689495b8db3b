package export

import (
	"encoding/json"
	"io"
	"strconv"

	"github.com/mopr-leszno/portal/internal/strategy"
)

// WriteStrategyJSON writes cards as indented JSON, the shape `portal
// import-strategy --dry-run --json` prints: an array of cards, or the one
// card alone when one is true.
func WriteStrategyJSON(w io.Writer, cards []*strategy.Card, one bool) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	var v any = cards
	if one && len(cards) == 1 {
		v = cards[0]
	}
	return enc.Encode(v)
}

// strategyCSVHeader names the columns of the long CSV form: one row per
// stage and year, per partner, per indicator and year, per budget line.
var strategyCSVHeader = []string{
	"cel", "obszar", "zadanie", "tytul_zadania", "sekcja", "pozycja", "nazwa", "okres_lub_zakres",
	"typ", "zrodlo", "rok", "plan_proc", "wykonanie_proc", "wartosc", "kwota_zl",
}

// StrategyDialect is the dialect WriteStrategyCSV writes: commas, a
// byte-order mark, so that spreadsheets open it as UTF-8, and "\n" line
// ends.
var StrategyDialect = CSV{Comma: ',', BOM: true}

// WriteStrategyCSV writes cards as one long table in StrategyDialect. Text
// cells go through Cell; numbers are left as they are. It returns the
// error of w.
func WriteStrategyCSV(w io.Writer, cards []*strategy.Card) error {
	cw, err := StrategyDialect.writer(w)
	if err != nil {
		return err
	}
	cw.Write(strategyCSVHeader)
	pct := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	for _, c := range cards {
		t := &c.Task
		row := func(section string, pos int, name, period, typ, source string, year int, plan, done, value, amount string) {
			y := ""
			if year != 0 {
				y = strconv.Itoa(year)
			}
			p := ""
			if pos != 0 {
				p = strconv.Itoa(pos)
			}
			cw.Write([]string{c.Goal.Number, strconv.Itoa(c.Area.Number), strconv.Itoa(t.Number), Cell(t.Title),
				section, p, Cell(name), Cell(period), typ, Cell(source), y, plan, done, value, amount})
		}
		for _, st := range t.Stages {
			for _, y := range st.Years {
				row("etap", st.Order, st.Description, st.Period, "", "", y.Year, pct(y.Planned), pct(y.Actual), "", "")
			}
		}
		for i, p := range t.Partners {
			row("partner", i+1, p.Name, p.Scope, "", "", 0, "", "", "", "")
		}
		for i, ind := range t.Indicators {
			for _, v := range ind.Values {
				row("miernik", i+1, ind.Name, "", string(ind.Type), ind.Source, v.Year, "", "", v.Value, "")
			}
		}
		if t.TotalCost != "" {
			row("koszt_calkowity", 0, "", "", "", "", 0, "", "", "", t.TotalCost)
		}
		for i, b := range t.Budget {
			row("budzet", i+1, b.Source, "", "", "", 0, "", "", "", b.Amount)
		}
	}
	cw.Flush()
	return cw.Error()
}
