package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/councilpdf"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Monitoring is the monitoring cycle of the strategy (issue 15): periods,
// reports, responsibility, targets, reminders and the frozen snapshots.
type Monitoring interface {
	OpenPeriod(ctx context.Context, p strategy.Period, by accounts.Audit) error
	Periods(ctx context.Context) ([]store.PeriodInfo, error)
	PeriodInfo(ctx context.Context, code string) (store.PeriodInfo, error)
	Report(ctx context.Context, code, slug string) (*strategy.Report, error)
	PeriodReports(ctx context.Context, code string) (map[string]*strategy.Report, error)
	SaveReport(ctx context.Context, r *strategy.Report, version int, confirm bool, reason string, by accounts.Audit) error
	ClosePeriod(ctx context.Context, code string, version int, now time.Time, render func(*strategy.Snapshot) ([]byte, error), by accounts.Audit) error
	ClosedPeriod(ctx context.Context, code string) (*strategy.Snapshot, []store.Correction, error)
	ClosedCodes(ctx context.Context) ([]string, error)
	PeriodPDF(ctx context.Context, code string) ([]byte, time.Time, error)
	TaskTimeline(ctx context.Context, slug string) ([]store.TimelineEntry, error)
	TaskSettings(ctx context.Context, slug string) (store.MonitoringSettings, error)
	Responsibilities(ctx context.Context) (map[string]strategy.Responsibility, error)
	Responsibility(ctx context.Context, slug string) (strategy.Responsibility, error)
	SaveTaskSettings(ctx context.Context, slug string, ms store.MonitoringSettings, version int, by accounts.Audit) error
	DueReminders(ctx context.Context, today time.Time) ([]store.DueReminder, error)
	SendReminder(ctx context.Context, d store.DueReminder, send func() error) (bool, error)
}

// periodName names a period in the request's language: "I półrocze 2026".
func periodName(ctx context.Context, p strategy.Period) string {
	return councilpdf.PeriodName(i18n.From(ctx).T, p)
}

func isAdmin(ctx context.Context) bool {
	u := staffFrom(ctx)
	return u != nil && u.Role.Allows(accounts.Administrator)
}

// monitoringNotice turns the ?info= of a redirect into its message.
func monitoringNotice(code string) string {
	switch code {
	case "otwarto", "zamknieto", "zapisano", "zatwierdzono", "skorygowano", "wyslano":
		return "mon_notice_" + code
	}
	return ""
}

func (s *Server) adminMonitoring(w http.ResponseWriter, r *http.Request) {
	s.renderMonitoring(w, r, http.StatusOK, "", "", monitoringNotice(r.URL.Query().Get("info")))
}

func (s *Server) renderMonitoring(w http.ResponseWriter, r *http.Request, status int, code, codeErr, notice string) {
	ctx := r.Context()
	periods, err := s.Monitoring.Periods(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	due, err := s.dueRows(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.MonitoringPage{Head: components.Head{Title: i18n.T(ctx, "mon_admin_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Admin: isAdmin(ctx), Code: code, CodeError: codeErr, Notice: notice,
		Due: due, MailConfigured: s.Mailer != nil}
	for _, pi := range periods {
		row := admin.PeriodRow{Code: pi.Period.String(), Name: periodName(ctx, pi.Period), Closed: pi.Closed(),
			Drafts: pi.Drafts, Confirmed: pi.Confirmed}
		if pi.ClosedAt != nil {
			row.ClosedAt = pi.ClosedAt.In(directory.Warsaw).Format("02.01.2006")
		}
		p.Periods = append(p.Periods, row)
	}
	s.render(w, r, status, admin.Monitoring(p))
}

// dueRows lists the reminders due today, for this page and the dashboard.
func (s *Server) dueRows(ctx context.Context) ([]admin.DueRow, error) {
	due, err := s.Monitoring.DueReminders(ctx, s.Now())
	if err != nil {
		return nil, err
	}
	out := make([]admin.DueRow, len(due))
	for i, d := range due {
		out[i] = admin.DueRow{Period: d.Period.String(), PeriodName: periodName(ctx, d.Period), Slug: d.Slug,
			Task: d.Number + ". " + d.Title, Kind: d.Kind, Unit: d.Unit, Person: d.Person, Email: d.Email, Sent: d.Sent}
	}
	return out, nil
}

// openPeriod opens the period typed ("2026-1", "2026-2" or "2026").
func (s *Server) openPeriod(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.PostFormValue("code"))
	p, ok := strategy.ParsePeriod(code)
	if !ok {
		s.renderMonitoring(w, r, http.StatusUnprocessableEntity, code, "err_period_code", "")
		return
	}
	err := s.Monitoring.OpenPeriod(r.Context(), p, s.by(r))
	if fault.Is(err, fault.Conflict) {
		s.renderMonitoring(w, r, http.StatusConflict, code, "err_period_exists", "")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/monitoring/"+p.String()+"?info=otwarto", http.StatusSeeOther)
}

// periodParam reads the {okres} of the address; an unknown form is 404.
func (s *Server) periodParam(w http.ResponseWriter, r *http.Request) (store.PeriodInfo, bool) {
	pi, err := s.Monitoring.PeriodInfo(r.Context(), chi.URLParam(r, "okres"))
	if err != nil {
		s.fail(w, r, err)
		return pi, false
	}
	return pi, true
}

func (s *Server) adminPeriod(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pi, ok := s.periodParam(w, r)
	if !ok {
		return
	}
	code := pi.Period.String()
	cards, err := s.Strategy.StrategyCards(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	reports, err := s.Monitoring.PeriodReports(ctx, code)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	resp, err := s.Monitoring.Responsibilities(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.PeriodPage{Head: components.Head{Title: periodName(ctx, pi.Period), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Admin: isAdmin(ctx), Code: code, Name: periodName(ctx, pi.Period),
		Closed: pi.Closed(), Version: pi.Version, Notice: monitoringNotice(r.URL.Query().Get("info"))}
	for _, c := range cards {
		row := admin.PeriodTaskRow{Slug: c.Task.Slug, Number: c.Number(), Title: c.Task.Title, State: "none",
			Unit: resp[c.Task.Slug].Unit, Person: resp[c.Task.Slug].Person()}
		if rep := reports[c.Task.Slug]; rep != nil {
			row.State = "draft"
			if rep.Confirmed {
				row.State = "confirmed"
			}
		}
		p.Rows = append(p.Rows, row)
	}
	s.render(w, r, http.StatusOK, admin.Period(p))
}

// closePeriod closes a period: the snapshot and the council report are
// made now, once, and kept.
func (s *Server) closePeriod(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	code := chi.URLParam(r, "okres")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	// The council reads Polish: the report is drawn in Polish whatever
	// the admin's language.
	pl := s.Catalogue.Localizer("pl")
	render := func(sn *strategy.Snapshot) ([]byte, error) { return councilpdf.Render(sn, pl.T) }
	err := s.Monitoring.ClosePeriod(ctx, code, version, s.Now(), render, s.by(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/monitoring/"+code+"?info=zamknieto", http.StatusSeeOther)
}
