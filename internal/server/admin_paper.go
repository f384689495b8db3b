package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/submission"
	"github.com/mopr-leszno/portal/web/pages/admin"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// Paper forms, typed in by staff: the public form in the admin area, for
// a new organisation (/admin/zgloszenia/nowe) or one in the directory
// (/admin/organizacje/{id}/papierowy).

// paperPage shows the public form in the admin area.
func (s *Server) paperPage(w http.ResponseWriter, r *http.Request, status int, p public.SubmitFormPage) {
	ctx := r.Context()
	if err := s.submitFormProps(ctx, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	p.Head.Section = "admin"
	s.render(w, r, status, admin.PaperSubmitForm(admin.PaperFormPage{Form: p, Staff: staffProps(staffFrom(ctx))}))
}

func (s *Server) paperNewForm(w http.ResponseWriter, r *http.Request) {
	s.paperPage(w, r, http.StatusOK, public.SubmitFormPage{Paper: true, Action: "/admin/zgloszenia/nowe", Org: blankOrganisation(),
		ReceivedOn: s.Now().In(directory.Warsaw).Format(time.DateOnly)})
}

func (s *Server) paperUpdateForm(w http.ResponseWriter, r *http.Request) {
	_, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.paperPage(w, r, http.StatusOK, public.SubmitFormPage{Paper: true, Update: true, OrgName: o.Name, Org: o, Version: o.Version,
		Action: "/admin/organizacje/" + o.ID + "/papierowy", ReceivedOn: s.Now().In(directory.Warsaw).Format(time.DateOnly)})
}

func (s *Server) paperNew(w http.ResponseWriter, r *http.Request) {
	s.receivePaper(w, r, nil, public.SubmitFormPage{Paper: true, Action: "/admin/zgloszenia/nowe"})
}

func (s *Server) paperUpdate(w http.ResponseWriter, r *http.Request) {
	_, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.receivePaper(w, r, o, public.SubmitFormPage{Paper: true, Update: true, OrgName: o.Name, Action: "/admin/organizacje/" + o.ID + "/papierowy"})
}

// receivePaper records a paper form as a submission, received on the date
// the staff member enters; the sender's e-mail is optional on paper.
func (s *Server) receivePaper(w http.ResponseWriter, r *http.Request, current *directory.Organisation, page public.SubmitFormPage) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	today := s.Now().In(directory.Warsaw)
	sub, errs := readSubmission(r.PostForm, current, submission.ChannelPaper, today)
	page.ReceivedOn = strings.TrimSpace(r.PostForm.Get("received_on"))
	if d, msg := submission.ParseReceivedOn(page.ReceivedOn, today); msg != "" {
		errs["received_on"] = msg
	} else {
		sub.ReceivedOn = d
	}
	page.Org, page.Version, page.Typed = sub.Payload, sub.BaseVersion, typedValues(r.PostForm)
	page.SubmitterName, page.SubmitterEmail = sub.SubmitterName, sub.SubmitterEmail
	if len(errs) > 0 {
		page.Errors = errs
		s.paperPage(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if err := s.Submissions.Submit(r.Context(), sub, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/zgloszenia/"+strconv.FormatInt(sub.ID, 10), http.StatusSeeOther)
}
