package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/mail"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Mailer sends the portal's e-mail. A nil Mailer in Deps means no mail
// server is configured: reminders become mailto: links.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// verifyMonths is the age in months past which an organisation's data is
// listed for verification.
func (s *Server) verifyMonths() int {
	if s.VerifyMonths > 0 {
		return s.VerifyMonths
	}
	return 12
}

// today is the date in Warsaw.
func (s *Server) today() time.Time {
	y, m, d := s.Now().In(directory.Warsaw).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, directory.Warsaw)
}

func (s *Server) verificationList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var notice string
	switch q.Get("info") {
	case "zweryfikowano":
		notice = "verify_notice_verified"
	case "wyslano":
		notice = "verify_notice_sent"
	case "konflikt":
		notice = "verify_notice_conflict"
	case "brak-adresu":
		notice = "verify_notice_no_email"
	}
	page, _ := strconv.Atoi(q.Get("strona"))
	s.renderVerification(w, r, http.StatusOK, max(1, min(page, 10000)), notice, "")
}

func (s *Server) renderVerification(w http.ResponseWriter, r *http.Request, status, page int, notice, errID string) {
	ctx := r.Context()
	rows, total, err := s.Editing.StaleOrganisations(ctx, s.today(), s.verifyMonths(), adminPerPage, (page-1)*adminPerPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.VerificationPage{
		Head:  components.Head{Title: i18n.T(ctx, "verify_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Months: s.verifyMonths(), Total: total,
		MailConfigured: s.Mailer != nil, Notice: notice, Error: errID,
	}
	for _, row := range rows {
		vr := admin.VerificationRow{ID: row.ID, Slug: row.Slug, Name: row.Name, Example: row.Example,
			Updated: row.UpdatedAt, Version: row.Version}
		if len(row.Emails) > 0 {
			vr.Email = row.Emails[0]
		}
		if row.VerifiedOn != nil {
			vr.Verified = row.VerifiedOn.Format(time.DateOnly)
		}
		if row.LastReminder != nil {
			vr.LastReminder = *row.LastReminder
			vr.LastReminderTo = row.LastReminderTo
			vr.LastReminderMailto = row.LastReminderChannel == store.ReminderMailto
		}
		p.Rows = append(p.Rows, vr)
	}
	at := func(n int) string { return "/admin/weryfikacja?strona=" + strconv.Itoa(n) }
	if page > 1 {
		p.PrevURL = at(page - 1)
	}
	if page*adminPerPage < total {
		p.NextURL = at(page + 1)
	}
	s.render(w, r, status, admin.Verification(p))
}

// markVerified sets the organisation's verification date to today, if
// nobody changed the record since the list was shown.
func (s *Server) markVerified(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil {
		s.fail(w, r, fault.New(fault.Invalid, "version %q", r.PostForm.Get("version")))
		return
	}
	id, err := orgID(r)
	if err == nil {
		err = s.Editing.MarkVerified(r.Context(), id, version, s.today(), s.by(r))
	}
	switch {
	case fault.Is(err, fault.Conflict):
		http.Redirect(w, r, "/admin/weryfikacja?info=konflikt", http.StatusSeeOther)
	case err != nil:
		s.fail(w, r, err)
	default:
		http.Redirect(w, r, "/admin/weryfikacja?info=zweryfikowano", http.StatusSeeOther)
	}
}

// sendReminder asks the organisation to check its data, with a new update
// link: through the mail server when there is one, else as a mailto: link
// for the staff member to send. Either way the reminder is recorded; the
// message is not kept.
func (s *Server) sendReminder(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if len(o.Emails) == 0 {
		http.Redirect(w, r, "/admin/weryfikacja?info=brak-adresu", http.StatusSeeOther)
		return
	}
	to := o.Emails[0]
	// The organisation may be in the trash: then there is no token.
	token, err := s.Submissions.IssueUpdateToken(ctx, id, s.by(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The message and the form it links to are in the language the
	// organisation last wrote to us in; the staff's page stays Polish.
	lang, err := s.Submissions.OrganisationLanguage(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tr := s.Catalogue.Lang(lang)
	link := s.absURL(r, components.LangPath(tr.Lang(), "/zglos/"+token))
	data := map[string]string{"Name": o.Name, "Link": link}
	msg := mail.Message{To: to, Subject: tr.T("verify_mail_subject", data), Text: tr.T("verify_mail_body", data)}
	if s.Mailer == nil {
		if err := s.Editing.RecordReminder(ctx, id, to, store.ReminderMailto, s.by(r)); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Cache-Control", "no-store") // the page holds a secret link
		s.render(w, r, http.StatusOK, admin.Reminder(admin.ReminderPage{
			Head:  components.Head{Title: i18n.T(ctx, "verify_reminder_title", map[string]string{"Name": o.Name}), NoIndex: true, Section: "admin"},
			Staff: staffProps(staffFrom(ctx)), Name: o.Name, To: to, Subject: msg.Subject, Body: msg.Text, Link: link,
			Mailto: mailtoURL(to, msg.Subject, msg.Text),
		}))
		return
	}
	if err := s.Mailer.Send(ctx, msg); err != nil {
		s.Logger.LogAttrs(ctx, slog.LevelError, "reminder not sent", slog.String("id", middleware.GetReqID(ctx)),
			slog.String("organisation", o.Slug), slog.Any("error", err))
		s.renderVerification(w, r, http.StatusBadGateway, 1, "", "verify_error_send")
		return
	}
	if err := s.Editing.RecordReminder(ctx, id, to, store.ReminderSMTP, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/weryfikacja?info=wyslano", http.StatusSeeOther)
}

// mailtoURL is a mailto: link (RFC 6068) with the subject and body filled
// in: the address as a path (its @ stays), every reserved character of
// the fields percent-encoded, spaces as %20 (a mail
// program reads "+" literally), line ends as %0D%0A.
func mailtoURL(to, subject, body string) string {
	enc := func(v string) string { return strings.ReplaceAll(url.QueryEscape(v), "+", "%20") }
	body = strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n")
	return "mailto:" + url.PathEscape(to) + "?subject=" + enc(subject) + "&body=" + enc(body)
}
