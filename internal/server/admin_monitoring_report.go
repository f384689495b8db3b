package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// The report of a task in a period: the responsible person saves drafts
// (private) and confirms it ("Zatwierdź", final). After the period is
// closed the same form takes a correction with its reason, recorded beside
// the frozen snapshot.

func (s *Server) monitoringReportForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pi, ok := s.periodParam(w, r)
	if !ok {
		return
	}
	card, err := s.Strategy.StrategyCard(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rep, err := s.Monitoring.Report(ctx, pi.Period.String(), card.Task.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	typed := reportTyped(rep)
	live, err := s.liveValues(ctx, card)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	proposed := map[int]string{}
	for i, lv := range live {
		proposed[i] = lv.Value
		// A live value is proposed: it fills an empty field of a report
		// not written yet, and the person keeps or changes it.
		if rep.Version == 0 && typed["values."+strconv.Itoa(i)] == "" {
			typed["values."+strconv.Itoa(i)] = lv.Value
		}
	}
	notice := monitoringNotice(r.URL.Query().Get("info"))
	may, err := s.mayReport(ctx, card.Task.Slug)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !may {
		notice = "mon_report_not_yours"
	}
	s.renderReport(w, r, http.StatusOK, admin.ReportFormPage{Code: pi.Period.String(), Closed: pi.Closed(), Confirmed: rep.Confirmed,
		Card: card, Year: pi.Period.Year, Typed: typed, Version: rep.Version, Live: proposed,
		Notice: notice}, pi.Period)
}

// mayReport tells whether the signed-in staff member may save the report
// on the task with slug: when its responsible person is a staff account,
// only that account and the administrators may; when it is a person
// without an account (or nobody yet), the staff enter the report for them.
func (s *Server) mayReport(ctx context.Context, slug string) (bool, error) {
	resp, err := s.Monitoring.Responsibility(ctx, slug)
	if err != nil {
		return false, err
	}
	u := staffFrom(ctx)
	return resp.StaffID == 0 || isAdmin(ctx) || (u != nil && u.ID == resp.StaffID), nil
}

func (s *Server) renderReport(w http.ResponseWriter, r *http.Request, status int, p admin.ReportFormPage, period strategy.Period) {
	ctx := r.Context()
	p.Name = periodName(ctx, period)
	p.Head = components.Head{Title: i18n.T(ctx, "mon_report_title", map[string]string{"Number": p.Card.Number(), "Period": p.Name}), NoIndex: true, Section: "admin"}
	p.Staff = staffProps(staffFrom(ctx))
	// One empty row for a new source, after those filled.
	p.Spending = 1
	for i := 0; ; i++ {
		pre := "spending." + strconv.Itoa(i) + "."
		if _, ok := p.Typed[pre+"source"]; !ok {
			if _, ok := p.Typed[pre+"amount"]; !ok {
				break
			}
		}
		p.Spending = i + 2
	}
	s.render(w, r, status, admin.ReportForm(p))
}

// reportTyped writes a stored report as the form's fields.
func reportTyped(rep *strategy.Report) map[string]string {
	t := map[string]string{"status": string(rep.Status), "done": rep.Done, "blockers": rep.Blockers}
	for i, p := range rep.Stages {
		if p != nil {
			t["stages."+strconv.Itoa(i)] = strconv.Itoa(*p)
		}
	}
	for i, v := range rep.Values {
		if v != "" {
			t["values."+strconv.Itoa(i)] = strings.ReplaceAll(v, ".", ",")
		}
	}
	for i, sp := range rep.Spending {
		t["spending."+strconv.Itoa(i)+".source"] = sp.Source
		t["spending."+strconv.Itoa(i)+".amount"] = strings.ReplaceAll(sp.Amount, ".", ",")
	}
	return t
}

// parseReport reads the report form over the task's card: what cannot be
// read is a field error, and everything typed is kept in typed.
func parseReport(f url.Values, code string, card *strategy.Card) (*strategy.Report, map[string]string, strategy.FieldErrors) {
	typed := map[string]string{}
	get := func(k string) string {
		v := strings.TrimSpace(strings.ReplaceAll(f.Get(k), "\r\n", "\n"))
		if f.Has(k) {
			typed[k] = v
		}
		return v
	}
	errs := strategy.FieldErrors{}
	r := &strategy.Report{Period: code, Task: card.Task.Slug, Status: strategy.ReportStatus(get("status")),
		Done: get("done"), Blockers: get("blockers"), Stages: []*int{}, Values: []string{}, Spending: []strategy.Spending{}}
	get("reason")
	for i := range card.Task.Stages {
		k := "stages." + strconv.Itoa(i)
		v := strings.TrimSpace(strings.TrimSuffix(get(k), "%"))
		if v == "" {
			r.Stages = append(r.Stages, nil)
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs[k] = "err_percent"
			r.Stages = append(r.Stages, nil)
			continue
		}
		r.Stages = append(r.Stages, &n)
	}
	for i := range card.Task.Indicators {
		k := "values." + strconv.Itoa(i)
		r.Values = append(r.Values, strategy.TypedDecimal(get(k)))
	}
	for i := 0; f.Has("spending." + strconv.Itoa(i) + ".source"); i++ {
		pre := "spending." + strconv.Itoa(i) + "."
		sp := strategy.Spending{Source: get(pre + "source"), Amount: strategy.TypedAmount(get(pre + "amount"))}
		if sp.Source == "" && sp.Amount == "" {
			continue
		}
		// Errors are keyed by the row as typed, so they land next to it.
		for k, v := range (&strategy.Report{Status: strategy.StatusOnTrack, Spending: []strategy.Spending{sp}}).Validate(&strategy.Task{}) {
			errs[pre+strings.TrimPrefix(k, "spending.0.")] = v
		}
		r.Spending = append(r.Spending, sp)
	}
	for k, v := range r.Validate(&card.Task) {
		if strings.HasPrefix(k, "spending.") {
			continue // reported above, by the row as typed
		}
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	if len(errs) == 0 {
		return r, typed, nil
	}
	return r, typed, errs
}

func (s *Server) saveMonitoringReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pi, ok := s.periodParam(w, r)
	if !ok {
		return
	}
	code := pi.Period.String()
	card, err := s.Strategy.StrategyCard(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if may, err := s.mayReport(ctx, card.Task.Slug); err != nil {
		s.fail(w, r, err)
		return
	} else if !may {
		s.fail(w, r, fault.New(fault.Forbidden, "monitoring report of %s by someone not responsible", card.Task.Slug))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	action := r.PostForm.Get("action")
	rep, typed, errs := parseReport(r.PostForm, code, card)
	reason := typed["reason"]
	if pi.Closed() {
		if e := directory.CheckText(reason, true, 1000, true); e != "" {
			if errs == nil {
				errs = strategy.FieldErrors{}
			}
			errs["reason"] = e
		}
	}
	page := admin.ReportFormPage{Code: code, Closed: pi.Closed(), Card: card, Year: pi.Period.Year, Typed: typed, Version: version, Errors: errs}
	if errs != nil {
		s.renderReport(w, r, http.StatusUnprocessableEntity, page, pi.Period)
		return
	}
	if !pi.Closed() {
		reason = ""
	}
	err = s.Monitoring.SaveReport(ctx, rep, version, action == "confirm", reason, s.by(r))
	if fault.Is(err, fault.Conflict) {
		// Someone saved or confirmed meanwhile: the typing stays, the
		// version is the current one, so a second save is a choice.
		cur, cerr := s.Monitoring.Report(ctx, code, card.Task.Slug)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		page.Version, page.Confirmed, page.Conflict = cur.Version, cur.Confirmed, true
		s.renderReport(w, r, http.StatusConflict, page, pi.Period)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	info := "zapisano"
	switch {
	case pi.Closed():
		info = "skorygowano"
	case action == "confirm":
		info = "zatwierdzono"
	}
	http.Redirect(w, r, "/admin/monitoring/"+code+"/"+card.Task.Slug+"?info="+info, http.StatusSeeOther)
}
