package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/mail"
)

// SendMonitoringReminders e-mails every reminder due on the day of now
// that was not sent yet (see store.DueReminders): before a period ends and
// when its report is late, one per task, period and kind. A task with
// nobody to write to is left for the dashboard. It returns how many went
// out; a failed delivery is not recorded (the next run tries it again)
// and the first such error is returned after the others were tried.
// `portal monitoring-reminders` (run daily by cron) and the button at
// /admin/monitoring call it. The messages are in loc's language (Polish)
// and link to the report form under baseURL.
func SendMonitoringReminders(ctx context.Context, m Monitoring, mailer Mailer, loc *i18n.Localizer, baseURL string, now time.Time) (int, error) {
	due, err := m.DueReminders(ctx, now)
	if err != nil {
		return 0, err
	}
	sent := 0
	var first error
	for _, d := range due {
		if d.Sent || d.Email == "" {
			continue
		}
		data := map[string]string{"Task": d.Number + ". " + d.Title, "Period": periodName(i18n.With(ctx, loc), d.Period),
			"End": d.Period.End().Format("02.01.2006"), "Link": baseURL + "/admin/monitoring/" + d.Period.String() + "/" + d.Slug}
		msg := mail.Message{To: d.Email, Subject: loc.T("mon_mail_subject_"+string(d.Kind), data), Text: loc.T("mon_mail_body_"+string(d.Kind), data)}
		ok, err := m.SendReminder(ctx, d, func() error { return mailer.Send(ctx, msg) })
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		if ok {
			sent++
		}
	}
	return sent, first
}

// sendMonitoringReminders is the button: it sends what is due now.
func (s *Server) sendMonitoringReminders(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if s.Mailer == nil {
		s.renderMonitoring(w, r, http.StatusConflict, "", "", "mon_due_no_mail")
		return
	}
	_, err := SendMonitoringReminders(ctx, s.Monitoring, s.Mailer, s.Catalogue.Localizer("pl"), s.absURL(r, ""), s.Now())
	if err != nil {
		s.Logger.LogAttrs(ctx, slog.LevelError, "monitoring reminders not all sent", slog.Any("error", err))
		s.renderMonitoring(w, r, http.StatusBadGateway, "", "", "mon_error_send")
		return
	}
	http.Redirect(w, r, "/admin/monitoring?info=wyslano", http.StatusSeeOther)
}
