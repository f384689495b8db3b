package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/submission"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// The moderation queue: the submissions, one against the working copy,
// and taking, accepting or rejecting it.

// statusNames are the statuses the queue offers, in its order.
var statusNames = func() []string {
	names := make([]string, len(submission.Statuses))
	for i, st := range submission.Statuses {
		names[i] = string(st)
	}
	return names
}()

func submissionRow(sub *submission.Submission) admin.SubmissionRow {
	row := admin.SubmissionRow{ID: sub.ID, Reference: sub.Reference(), Name: sub.Payload.Name, Status: string(sub.Status),
		Kind: string(sub.Kind), Channel: string(sub.Channel), Owner: sub.OwnerEmail, Received: sub.ReceivedOn.Format(time.DateOnly)}
	if sub.Channel == submission.ChannelOnline {
		row.Received = components.DateTime(sub.ReceivedAt)
	}
	if sub.DuplicateOf != 0 {
		row.DuplicateOf = submission.Reference(sub.DuplicateOf)
	}
	return row
}

func (s *Server) submissionQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	status := submission.Status(r.URL.Query().Get("status"))
	if !slices.Contains(submission.Statuses, status) {
		status = ""
	}
	subs, err := s.Submissions.Submissions(ctx, status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.SubmissionListPage{Head: components.Head{Title: i18n.T(ctx, "submissions_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Status: string(status), Statuses: statusNames}
	for _, sub := range subs {
		p.Rows = append(p.Rows, submissionRow(sub))
	}
	s.render(w, r, http.StatusOK, admin.SubmissionList(p))
}

func submissionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		return 0, fault.New(fault.NotFound, "nie ma zgłoszenia")
	}
	return id, nil
}

// submissionPage shows a submission against the working copy as it is
// now.
func (s *Server) submissionPage(w http.ResponseWriter, r *http.Request, status int, p admin.SubmissionPage) {
	ctx := r.Context()
	id, err := submissionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	sub, err := s.Submissions.SubmissionByID(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	me := staffFrom(ctx)
	p.Head = components.Head{Title: i18n.T(ctx, "submissions_one_title", map[string]string{"Ref": sub.Reference()}), NoIndex: true, Section: "admin"}
	p.Staff = staffProps(me)
	p.Row = submissionRow(sub)
	p.Submitter = strings.TrimSpace(sub.SubmitterName + " " + sub.SubmitterEmail)
	p.Language = sub.Language
	p.EnteredBy = sub.EnteredBy
	p.OrgID = sub.OrganisationID
	p.Open = sub.Open()
	p.Mine = sub.OwnerID == me.ID
	p.Accepted = sub.AcceptedFields
	if sub.DecidedAt != nil {
		p.Decision = components.DateTime(*sub.DecidedAt) + " · " + sub.DecidedBy
		if sub.Reason != "" {
			p.Decision += "\n" + sub.Reason
		}
		if len(sub.AcceptedFields) > 0 {
			// The fields taken over, as the form labels them.
			labels := make([]string, len(sub.AcceptedFields))
			for i, f := range sub.AcceptedFields {
				labels[i] = i18n.T(ctx, directory.LabelID(f))
			}
			p.Decision += "\n" + i18n.T(ctx, "submissions_accepted_fields") + ": " + strings.Join(labels, ", ")
		}
	}
	var current *directory.Organisation
	if sub.Kind == submission.KindUpdate && sub.OrganisationID != "" && p.Open {
		if current, err = s.organisationByID(ctx, sub.OrganisationID); err != nil {
			s.fail(w, r, err)
			return
		}
		p.Version = current.Version
	}
	p.Changes = directory.DiffNamed(current, sub.Payload, s.names(ctx))
	s.render(w, r, status, admin.Submission(p))
}

func (s *Server) showSubmission(w http.ResponseWriter, r *http.Request) {
	s.submissionPage(w, r, http.StatusOK, admin.SubmissionPage{})
}

func (s *Server) takeSubmission(w http.ResponseWriter, r *http.Request) {
	id, err := submissionID(r)
	if err == nil {
		err = s.Submissions.TakeSubmission(r.Context(), id, s.by(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/zgloszenia/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

func (s *Server) acceptSubmission(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := submissionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	// "All" is decided by the store on the record it locks: all that the
	// page showed as changed (see submission.Choice.FieldsFor).
	choice := submission.Choice{All: r.PostForm.Get("all") == yes, Fields: r.PostForm["fields"]}
	_, err = s.Submissions.AcceptSubmission(ctx, id, choice, version, s.by(r))
	var invalid *directory.InvalidError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/zgloszenia/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	case errors.As(err, &invalid): // before the conflict: a taken address is both
		msgs := make([]string, 0, len(invalid.Fields))
		for k, v := range invalid.Fields {
			msgs = append(msgs, i18n.T(ctx, components.FieldLabel(k))+": "+i18n.T(ctx, v))
		}
		slices.Sort(msgs)
		s.submissionPage(w, r, http.StatusUnprocessableEntity, admin.SubmissionPage{
			Errors: map[string]string{"fields": "submissions_err_invalid", "_": strings.Join(msgs, "; ")}})
	case fault.Is(err, fault.Conflict):
		s.submissionPage(w, r, http.StatusConflict, admin.SubmissionPage{Conflict: true})
	default:
		s.fail(w, r, err)
	}
}

func (s *Server) rejectSubmission(w http.ResponseWriter, r *http.Request) {
	id, err := submissionID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	if m := submission.CheckReason(reason); m != "" {
		s.submissionPage(w, r, http.StatusUnprocessableEntity, admin.SubmissionPage{Reason: reason, Errors: map[string]string{"reason": m}})
		return
	}
	if err := s.Submissions.RejectSubmission(r.Context(), id, reason, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/zgloszenia/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}
