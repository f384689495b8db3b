package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/shopspring/decimal"

	"github.com/mopr-leszno/portal/internal/councilpdf"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// The public side of the monitoring: only closed periods, as frozen when
// they were closed (drafts and open periods are never public), with the
// corrections made since shown beside them.

// monitoringPage is /strategia/monitoring[?okres=2026-1[&porownaj=2025-2]].
// Without okres it shows the latest closed period; a period that is not
// closed (or not a period) is not found.
func (s *Server) monitoringPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := public.MonitoringPage{Head: components.Head{Title: i18n.T(ctx, "monitoring_title"),
		Canonical: s.absURL(r, "/strategia/monitoring"), Section: "strategy"}}
	var codes []string
	if s.Monitoring != nil {
		var err error
		if codes, err = s.Monitoring.ClosedCodes(ctx); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	for _, c := range codes {
		pp, _ := strategy.ParsePeriod(c)
		p.Closed = append(p.Closed, public.PeriodLink{Code: c, Name: periodName(ctx, pp)})
	}
	q := r.URL.Query()
	code := q.Get("okres")
	if code == "" && len(codes) > 0 {
		code = codes[0]
	}
	if code != "" {
		if s.Monitoring == nil {
			s.fail(w, r, fault.New(fault.NotFound, "monitoring off"))
			return
		}
		v, err := s.periodView(ctx, code, codes)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if other := q.Get("porownaj"); other != "" && other != code {
			snap, _, err := s.Monitoring.ClosedPeriod(ctx, other)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			op, _ := strategy.ParsePeriod(other)
			cv := &public.CompareView{Other: public.PeriodLink{Code: other, Name: periodName(ctx, op)}}
			was := map[string]strategy.SnapshotTask{}
			for _, t := range snap.Tasks {
				was[t.Slug] = t
			}
			for _, t := range v.Tasks {
				o, ok := was[t.Slug]
				cv.Rows = append(cv.Rows, public.CompareRow{Task: t, Other: o, Found: ok})
			}
			cur := &strategy.Snapshot{Tasks: v.Tasks}
			cv.Changes = strategy.Compare(snap, cur)
			v.Compare = cv
		}
		p.Period = v
		p.Head.Title = i18n.T(ctx, "monitoring_title") + ": " + v.Name
		p.Head.Canonical = s.absURL(r, "/strategia/monitoring?okres="+code)
	}
	s.render(w, r, http.StatusOK, public.Monitoring(p))
}

// periodView reads a closed period for showing.
func (s *Server) periodView(ctx context.Context, code string, closed []string) (*public.PeriodView, error) {
	pp, ok := strategy.ParsePeriod(code)
	if !ok {
		return nil, fault.New(fault.NotFound, "no period %q", code)
	}
	snap, corr, err := s.Monitoring.ClosedPeriod(ctx, pp.String())
	if err != nil {
		return nil, err
	}
	v := &public.PeriodView{Code: code, Name: periodName(ctx, pp), ClosedAt: snap.ClosedAt.In(directory.Warsaw).Format("02.01.2006"),
		From: pp.Start().Format("02.01.2006"), To: pp.End().Format("02.01.2006"), Tasks: snap.Tasks}
	titles := map[string]string{}
	for _, t := range snap.Tasks {
		titles[t.Slug] = t.Number + ". " + t.Title
		if t.Behind() {
			v.Behind = append(v.Behind, t)
		}
	}
	for _, c := range corr {
		v.Corrections = append(v.Corrections, public.CorrectionView{Task: titles[c.Slug], At: c.At.In(directory.Warsaw).Format("02.01.2006"),
			Reason: c.Reason, Entry: c.Entry})
	}
	prev := pp.Previous()
	v.Previous = public.PeriodLink{Code: prev.String(), Name: periodName(ctx, prev)}
	for _, c := range closed {
		if c == prev.String() {
			before, _, err := s.Monitoring.ClosedPeriod(ctx, c)
			if err != nil {
				return nil, err
			}
			v.HasPrevious, v.Changes = true, strategy.Compare(before, snap)
		}
	}
	return v, nil
}

// monitoringDownload serves a closed period as CSV, JSON or the council's
// PDF (made when the period closed; the same bytes every time).
func (s *Server) monitoringDownload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	code := chi.URLParam(r, "okres")
	if s.Monitoring == nil {
		s.fail(w, r, fault.New(fault.NotFound, "monitoring off"))
		return
	}
	name := "monitoring-" + code + "." + chi.URLParam(r, "format")
	var buf bytes.Buffer
	var ctype string
	switch chi.URLParam(r, "format") {
	case "pdf":
		pdf, _, err := s.Monitoring.PeriodPDF(ctx, code)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `inline; filename="raport-`+code+`.pdf"`)
		w.Write(pdf)
		return
	case "json":
		snap, corr, err := s.Monitoring.ClosedPeriod(ctx, code)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctype = "application/json"
		if err := writePeriodJSON(&buf, snap, corr, s.Catalogue.Localizer("pl")); err != nil {
			s.fail(w, r, err)
			return
		}
	default:
		snap, _, err := s.Monitoring.ClosedPeriod(ctx, code)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		ctype = "text/csv; charset=utf-8"
		if err := writePeriodCSV(&buf, snap, s.Catalogue.Localizer("pl")); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write(buf.Bytes())
}

// periodJSON is the JSON download of a closed period: the snapshot as
// frozen, and the corrections since. Statuses are given as their value and
// their Polish label.
type periodJSON struct {
	Period      string           `json:"period"`
	ClosedAt    string           `json:"closed_at"`
	Tasks       []taskJSON       `json:"tasks"`
	Corrections []correctionJSON `json:"corrections"`
}

type taskJSON struct {
	strategy.SnapshotTask
	StatusLabel string `json:"status_label"`
}

type correctionJSON struct {
	Task   string   `json:"task"`
	At     string   `json:"at"`
	Reason string   `json:"reason"`
	Entry  taskJSON `json:"entry"`
}

func labelled(t strategy.SnapshotTask, pl *i18n.Localizer) taskJSON {
	return taskJSON{SnapshotTask: t, StatusLabel: councilpdf.StatusLabel(pl.T, t)}
}

func writePeriodJSON(buf *bytes.Buffer, snap *strategy.Snapshot, corr []store.Correction, pl *i18n.Localizer) error {
	out := periodJSON{Period: snap.Period, ClosedAt: snap.ClosedAt.Format("2006-01-02T15:04:05Z07:00"),
		Tasks: []taskJSON{}, Corrections: []correctionJSON{}}
	for _, t := range snap.Tasks {
		out.Tasks = append(out.Tasks, labelled(t, pl))
	}
	for _, c := range corr {
		out.Corrections = append(out.Corrections, correctionJSON{Task: c.Slug, At: c.At.UTC().Format("2006-01-02T15:04:05Z"), Reason: c.Reason, Entry: labelled(c.Entry, pl)})
	}
	enc := json.NewEncoder(buf)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writePeriodCSV writes one row per stage, indicator, budget line and
// spending of each task, with the period, the task and its status; the
// numbers are exact decimals with a dot.
func writePeriodCSV(buf *bytes.Buffer, snap *strategy.Snapshot, pl *i18n.Localizer) error {
	buf.WriteString("\ufeff") // for spreadsheets to read UTF-8
	cw := csv.NewWriter(buf)
	cw.Write([]string{"okres", "zadanie", "tytul", "jednostka", "status", "rodzaj", "nazwa", "plan", "wykonanie", "cel", "procent_celu"})
	for _, t := range snap.Tasks {
		base := []string{snap.Period, t.Number, t.Title, t.Unit, councilpdf.StatusLabel(pl.T, t)}
		row := func(kind, name, plan, done, target, share string) {
			cw.Write(append(append([]string{}, base...), kind, name, plan, done, target, share))
		}
		for _, st := range t.Stages {
			row("etap", st.Description, intText(st.Planned), intText(st.Actual), "", "")
		}
		for _, v := range t.Values {
			row("miernik", v.Name, "", v.Value, v.Target, v.Share)
		}
		for _, b := range t.Budget {
			row("budżet planowany", b.Source, b.Amount, "", "", "")
		}
		for _, sp := range t.Spending {
			row("wydatki", sp.Source, "", sp.Amount, "", "")
		}
		if len(t.Stages)+len(t.Values)+len(t.Budget)+len(t.Spending) == 0 {
			row("", "", "", "", "", "")
		}
	}
	cw.Flush()
	return cw.Error()
}

func intText(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// taskMonitoring builds a task's monitoring section: its unit, its
// timeline of closed periods, and value against target per indicator.
func (s *Server) taskMonitoring(ctx context.Context, slug string) (*public.TaskMonitoring, error) {
	if s.Monitoring == nil {
		return nil, nil
	}
	tl, err := s.Monitoring.TaskTimeline(ctx, slug)
	if err != nil {
		return nil, err
	}
	resp, err := s.Monitoring.Responsibility(ctx, slug)
	if err != nil {
		return nil, err
	}
	m := &public.TaskMonitoring{Unit: resp.Unit}
	for _, e := range tl {
		pp, _ := strategy.ParsePeriod(e.Period)
		it := public.TimelineItem{Code: e.Period, Name: periodName(ctx, pp), Entry: e.Entry}
		for _, c := range e.Corrections {
			it.Corrections = append(it.Corrections, public.CorrectionView{At: c.At.In(directory.Warsaw).Format("02.01.2006"), Reason: c.Reason, Entry: c.Entry})
		}
		m.Timeline = append(m.Timeline, it)
	}
	if len(tl) == 0 {
		return m, nil
	}
	// The charts run oldest to newest, over the indicators of the latest
	// period (a card edited since may have others).
	for i, ind := range tl[0].Entry.Values {
		var it public.IndicatorTargets
		var top decimal.Decimal
		var parts []string
		for k := len(tl) - 1; k >= 0; k-- {
			e := tl[k]
			var v strategy.SnapshotValue
			if i < len(e.Entry.Values) && e.Entry.Values[i].Name == ind.Name {
				v = e.Entry.Values[i]
			}
			it.Rows = append(it.Rows, v)
			it.Labels = append(it.Labels, m.Timeline[k].Name)
			for _, x := range []string{v.Value, v.Target} {
				if d, err := decimal.NewFromString(x); err == nil && d.GreaterThan(top) {
					top = d
				}
			}
			parts = append(parts, m.Timeline[k].Name+": "+i18n.T(ctx, "mon_chart_point",
				map[string]string{"Value": orDashText(v.Value), "Target": orDashText(v.Target)}))
		}
		ratio := func(x string) float64 {
			d, err := decimal.NewFromString(x)
			if err != nil || top.IsZero() {
				return 0
			}
			f, _ := d.Div(top).Float64() // for drawing only
			return f
		}
		it.Chart = components.TargetChart{ID: "target-" + strconv.Itoa(i), Title: ind.Name,
			Description: i18n.T(ctx, "mon_chart_description") + " " + strings.Join(parts, "; ") + "."}
		for k, v := range it.Rows {
			it.Chart.Points = append(it.Chart.Points, components.TargetPoint{Label: shortPeriod(tl[len(tl)-1-k].Period),
				Value: localText(ctx, v.Value), Target: v.Target, ValueH: ratio(v.Value), TargetH: ratio(v.Target),
				NoValue: v.Value == "", NoTarget: v.Target == ""})
		}
		m.Charts = append(m.Charts, it)
	}
	return m, nil
}

// shortPeriod labels a period under a bar: "2026/1", "2026".
func shortPeriod(code string) string { return strings.ReplaceAll(code, "-", "/") }

func orDashText(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// localText writes an exact decimal with the language's decimal mark.
func localText(ctx context.Context, v string) string {
	if v == "" {
		return "–"
	}
	if i18n.From(ctx).Lang() == "en" {
		return v
	}
	return strings.ReplaceAll(v, ".", ",")
}
