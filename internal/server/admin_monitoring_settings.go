package server

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/shopspring/decimal"

	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// A task's monitoring settings: who is responsible (a unit, shown to the
// public, and a staff account or a named person with e-mail, never shown)
// and its indicators' baselines and yearly targets.

func (s *Server) taskSettingsForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	card, err := s.Strategy.StrategyCard(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ms, err := s.Monitoring.TaskSettings(ctx, card.Task.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rs := ms.Responsibility
	typed := map[string]string{"unit": rs.Unit, "person_name": rs.PersonName, "person_email": rs.PersonEmail}
	if rs.StaffID != 0 {
		typed["staff_id"] = strconv.FormatInt(rs.StaffID, 10)
	}
	for i, tg := range ms.Targets {
		pre := strconv.Itoa(i)
		if tg.Baseline != "" {
			typed["baseline."+pre+".year"] = strconv.Itoa(tg.BaselineYear)
			typed["baseline."+pre+".value"] = strings.ReplaceAll(tg.Baseline, ".", ",")
		}
		for _, y := range tg.Years {
			typed["targets."+pre+"."+strconv.Itoa(y.Year)] = strings.ReplaceAll(y.Value, ".", ",")
		}
	}
	s.renderSettings(w, r, http.StatusOK, admin.SettingsPage{Card: card, Typed: typed, Version: rs.Version,
		Notice: monitoringNotice(r.URL.Query().Get("info"))}, ms)
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, status int, p admin.SettingsPage, ms store.MonitoringSettings) {
	ctx := r.Context()
	p.Head = components.Head{Title: i18n.T(ctx, "mon_settings_title", map[string]string{"Number": p.Card.Number()}), NoIndex: true, Section: "admin"}
	p.Staff = staffProps(staffFrom(ctx))
	users, err := s.Accounts.Users(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, u := range users {
		if u.Disabled {
			continue
		}
		label := u.Email
		if u.Name != "" {
			label = u.Name + " (" + u.Email + ")"
		}
		p.Accounts = append(p.Accounts, admin.AccountOption{ID: strconv.FormatInt(u.ID, 10), Label: label})
	}
	p.Years = settingsYears(p.Card, ms, s.Now().Year())
	s.render(w, r, status, admin.Settings(p))
}

// settingsYears are the years a target can be set for: the card's, those
// with a target already, and this year and the next.
func settingsYears(c *strategy.Card, ms store.MonitoringSettings, now int) []int {
	years := append([]int{now, now + 1}, c.Task.Years...)
	for _, tg := range ms.Targets {
		for _, y := range tg.Years {
			years = append(years, y.Year)
		}
	}
	slices.Sort(years)
	return slices.Compact(years)
}

func (s *Server) saveTaskSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	card, err := s.Strategy.StrategyCard(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	f := r.PostForm
	typed := map[string]string{}
	get := func(k string) string {
		v := strings.TrimSpace(f.Get(k))
		if f.Has(k) {
			typed[k] = v
		}
		return v
	}
	version, _ := strconv.Atoi(f.Get("version"))
	errs := strategy.FieldErrors{}
	ms := store.MonitoringSettings{Targets: map[int]strategy.Target{}}
	rs := &ms.Responsibility
	rs.Unit, rs.PersonName, rs.PersonEmail = get("unit"), get("person_name"), strings.ToLower(get("person_email"))
	if id := get("staff_id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			errs["staff_id"] = "err_mon_staff"
		}
		rs.StaffID = n
	}
	exact := func(k string) string {
		v := strategy.TypedDecimal(get(k))
		if v == "" {
			return ""
		}
		if _, err := decimal.NewFromString(v); err != nil || strings.ContainsAny(v, "eE") || len(v) > 30 {
			errs[k] = "err_decimal"
		}
		return v
	}
	for i := range card.Task.Indicators {
		pre := strconv.Itoa(i)
		var tg strategy.Target
		tg.Baseline = exact("baseline." + pre + ".value")
		if y := get("baseline." + pre + ".year"); y != "" || tg.Baseline != "" {
			n, err := strconv.Atoi(y)
			if err != nil || n < 1990 || n > 2100 {
				errs["baseline."+pre+".year"] = "err_mon_year"
			}
			tg.BaselineYear = n
			if tg.Baseline == "" {
				errs["baseline."+pre+".value"] = "err_required"
			}
		}
		for k := range f {
			rest, ok := strings.CutPrefix(k, "targets."+pre+".")
			if !ok {
				continue
			}
			y, err := strconv.Atoi(rest)
			if err != nil || y < 1990 || y > 2100 {
				continue // not a field of this form
			}
			if v := exact(k); v != "" {
				tg.Years = append(tg.Years, strategy.IndicatorValue{Year: y, Value: v})
			}
		}
		slices.SortFunc(tg.Years, func(a, b strategy.IndicatorValue) int { return a.Year - b.Year })
		if tg.Baseline != "" || len(tg.Years) > 0 {
			ms.Targets[i] = tg
		}
	}
	for k, v := range rs.Validate() {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	page := admin.SettingsPage{Card: card, Typed: typed, Version: version, Errors: errs}
	if len(errs) > 0 {
		s.renderSettings(w, r, http.StatusUnprocessableEntity, page, ms)
		return
	}
	err = s.Monitoring.SaveTaskSettings(ctx, card.Task.Slug, ms, version, s.by(r))
	switch {
	case fault.Is(err, fault.Conflict):
		cur, cerr := s.Monitoring.TaskSettings(ctx, card.Task.Slug)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		page.Version, page.Conflict, page.Errors = cur.Responsibility.Version, true, nil
		s.renderSettings(w, r, http.StatusConflict, page, ms)
		return
	case fault.Is(err, fault.Invalid):
		page.Errors = strategy.FieldErrors{"staff_id": "err_mon_staff"}
		s.renderSettings(w, r, http.StatusUnprocessableEntity, page, ms)
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/monitoring/zadania/"+card.Task.Slug+"?info=zapisano", http.StatusSeeOther)
}
