package server

import (
	"bytes"
	"context"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

func (s *Server) strategyOverview(w http.ResponseWriter, r *http.Request) {
	cards, err := s.Strategy.StrategyCards(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, public.Strategy(public.StrategyPage{
		Head: components.Head{
			Title:     i18n.T(r.Context(), "strategy_title"),
			Canonical: s.absURL(r, "/strategia"),
			Section:   "strategy",
		},
		Goals:       groupCards(cards),
		LicenceName: s.Licence.Name,
		LicenceURL:  s.Licence.URL,
	}))
}

// groupCards nests tasks under their areas and goals, keeping the order the
// store gives (goal, area, task).
func groupCards(cards []*strategy.Card) []public.GoalView {
	var goals []public.GoalView
	for _, c := range cards {
		if n := len(goals); n == 0 || goals[n-1].Goal.Number != c.Goal.Number || goals[n-1].Document != c.Document {
			goals = append(goals, public.GoalView{Goal: c.Goal, Document: c.Document})
		}
		g := &goals[len(goals)-1]
		if n := len(g.Areas); n == 0 || g.Areas[n-1].Area.Number != c.Area.Number {
			g.Areas = append(g.Areas, public.AreaView{Area: c.Area})
		}
		a := &g.Areas[len(g.Areas)-1]
		a.Tasks = append(a.Tasks, c)
	}
	return goals
}

func (s *Server) task(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	card, err := s.Strategy.StrategyCard(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Bound indicators get this year's value from the portal's own data;
	// the years on the card keep what was entered.
	live, err := s.liveValues(ctx, card)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	mon, err := s.taskMonitoring(ctx, card.Task.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, public.Task(public.TaskPage{
		Head: components.Head{
			Title:       i18n.T(r.Context(), "task_page_title", map[string]string{"Number": card.Number()}) + ": " + card.Task.Title,
			Description: public.Excerpt(card.Task.Description, 160),
			Canonical:   s.absURL(r, "/strategia/zadania/"+card.Task.Slug),
			Section:     "strategy",
		},
		Card:        card,
		Live:        live,
		LicenceName: s.Licence.Name,
		LicenceURL:  s.Licence.URL,
		Monitoring:  mon,
	}))
}

// liveValues computes, by indicator index, this year's value of each of
// card's indicators bound to a metric. A value counting organisations says
// how many example (demo) ones it leaves out, and when the directory holds
// nothing else: on a site with only demo content a bare 0 would be quoted
// as the number of organisations in Leszno.
func (s *Server) liveValues(ctx context.Context, card *strategy.Card) (map[int]strategy.LiveValue, error) {
	live := map[int]strategy.LiveValue{}
	year := s.Now().In(directory.Warsaw).Year()
	var basis *strategy.LiveBasis
	for i, ind := range card.Task.Indicators {
		if ind.Metric == "" {
			continue
		}
		v, err := s.Strategy.LiveValue(ctx, ind.Metric)
		if err != nil {
			return nil, err
		}
		lv := strategy.LiveValue{Year: year, Value: v}
		if ind.Metric.CountsOrganisations() {
			if basis == nil {
				b, err := s.Strategy.LiveBasis(ctx)
				if err != nil {
					return nil, err
				}
				basis = &b
			}
			if basis.Examples > 0 {
				lv.ExampleOrganisations = basis.Examples
				lv.OnlyExamples = basis.Organisations == 0
				id := "indicator_demo_excluded"
				if lv.OnlyExamples {
					id = "indicator_demo_only"
				}
				lv.Note = i18n.From(ctx).N(id, basis.Examples)
			}
		}
		live[i] = lv
	}
	return live, nil
}

// withLive returns copies of cards whose bound indicators carry their
// live values (for the downloads; the cards themselves stay as read).
func (s *Server) withLive(ctx context.Context, cards []*strategy.Card) ([]*strategy.Card, error) {
	out := make([]*strategy.Card, len(cards))
	for i, c := range cards {
		live, err := s.liveValues(ctx, c)
		if err != nil {
			return nil, err
		}
		if len(live) == 0 {
			out[i] = c
			continue
		}
		cp := *c
		cp.Task.Indicators = slices.Clone(c.Task.Indicators)
		for j, lv := range live {
			cp.Task.Indicators[j].Live = &lv
		}
		out[i] = &cp
	}
	return out, nil
}

func (s *Server) strategyDownload(w http.ResponseWriter, r *http.Request) {
	cards, err := s.Strategy.StrategyCards(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.download(w, r, "strategia", cards, false)
}

func (s *Server) taskDownload(w http.ResponseWriter, r *http.Request) {
	card, err := s.Strategy.StrategyCard(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.download(w, r, "zadanie-"+card.Task.Slug, []*strategy.Card{card}, true)
}

// download writes cards as JSON or as one long CSV table
// (export.WriteStrategyJSON, export.WriteStrategyCSV).
func (s *Server) download(w http.ResponseWriter, r *http.Request, name string, cards []*strategy.Card, one bool) {
	var buf bytes.Buffer
	var ctype string
	var err error
	switch chi.URLParam(r, "format") {
	case "json":
		ctype = "application/json"
		if cards, err = s.withLive(r.Context(), cards); err != nil {
			s.fail(w, r, err)
			return
		}
		err = export.WriteStrategyJSON(&buf, cards, one)
	default:
		ctype = "text/csv; charset=utf-8"
		err = export.WriteStrategyCSV(&buf, cards)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The licence in the headers (the JSON's shape is the import's, an
	// array for the whole strategy: it has no place of its own for it),
	// and the whole strategy's CSV has its CSVW metadata.
	metadata := ""
	if r.URL.Path == export.StrategyCSVPath {
		metadata = s.absURL(r, export.StrategyCSVPath+export.MetadataSuffix)
	}
	s.licenceLinks(w, metadata)
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+"."+chi.URLParam(r, "format")+`"`)
	w.Write(buf.Bytes())
}
