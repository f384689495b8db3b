package server

import (
	"net/http"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/submission"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// dashboard shows what waits for the staff: new submissions, changes not
// yet published, organisations overdue for verification, and the site
// texts still to be written (while any is, publishing is refused).
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := staffFrom(ctx)
	toVerify, err := s.Editing.CountStale(ctx, s.today(), s.verifyMonths())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	subs, err := s.Submissions.Submissions(ctx, submission.StatusNew)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	pending, err := s.Publishing.PendingChanges(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	texts, err := s.SiteTexts.SiteTexts(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var due []admin.DueRow
	if s.Monitoring != nil {
		if due, err = s.dueRows(ctx); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, admin.Dashboard(admin.DashboardPage{
		Head:             components.Head{Title: i18n.T(ctx, "admin_title"), NoIndex: true, Section: "admin"},
		Staff:            staffProps(u),
		ToVerify:         toVerify,
		NewSubmissions:   len(subs),
		Unpublished:      len(pending.Added) + len(pending.Changed) + len(pending.Removed),
		TextsUnpublished: s.textsUnpublished(ctx, texts.Texts),
		MissingTexts:     texts.Texts.Missing(),
		MonitoringDue:    due,
		MailConfigured:   s.Mailer != nil,
	}))
}

// orgNotice is the message (a catalogue key) shown on an organisation's
// form after an action: a save reminds that the public sees it only after
// publication.
func orgNotice(code string) string {
	if code == "zapisano" {
		return "org_saved_unpublished"
	}
	return noticeFrom(code)
}
