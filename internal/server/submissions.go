package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/formguard"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Submissions is what the public form and the moderation queue need.
type Submissions interface {
	Submit(ctx context.Context, sub *store.Submission, by accounts.Audit) error
	Submissions(ctx context.Context, status string) ([]*store.Submission, error)
	SubmissionByID(ctx context.Context, id int64) (*store.Submission, error)
	TakeSubmission(ctx context.Context, id int64, by accounts.Audit) error
	AcceptSubmission(ctx context.Context, id int64, fields []string, version int, by accounts.Audit) (string, error)
	RejectSubmission(ctx context.Context, id int64, reason string, by accounts.Audit) error
	IssueUpdateToken(ctx context.Context, orgID uuid.UUID, by accounts.Audit) (string, error)
	RevokeUpdateTokens(ctx context.Context, orgID uuid.UUID, by accounts.Audit) error
	OrganisationByToken(ctx context.Context, token string) (*directory.Organisation, error)
	UpdateTokenIssued(ctx context.Context, orgID uuid.UUID) (time.Time, string, bool, error)
	FormSecret(ctx context.Context) ([]byte, error)
}

// A person needs more than minFillTime to fill in the form; a form shown
// more than maxFillTime ago is sent again with a fresh stamp.
const (
	minFillTime = 3 * time.Second
	maxFillTime = 24 * time.Hour
)

// formKey caches the key that signs the form's stamps: loaded from the
// database once, tried again after a failure.
type formKey struct {
	mu  sync.Mutex
	key []byte
}

func (s *Server) formKey(ctx context.Context) ([]byte, error) {
	s.stampKey.mu.Lock()
	defer s.stampKey.mu.Unlock()
	if s.stampKey.key == nil {
		k, err := s.Submissions.FormSecret(ctx)
		if err != nil {
			return nil, err
		}
		s.stampKey.key = k
	}
	return s.stampKey.key, nil
}

var referencePattern = regexp.MustCompile(`^ZG-[0-9]{1,18}$`)

func (s *Server) submitPage(w http.ResponseWriter, r *http.Request, status int, p admin.SubmitFormPage) {
	ctx := r.Context()
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Vocabulary = vocab
	title := "submissions_new_title"
	switch {
	case p.Paper:
		title = "submissions_paper_title"
	case p.Update:
		title = "submissions_update_title"
	}
	p.Head = components.Head{Title: i18n.T(ctx, title), NoIndex: true}
	if p.Paper {
		p.Head.Section = "admin"
		p.Staff = staffProps(staffFrom(ctx))
		s.render(w, r, status, admin.PaperSubmitForm(p))
		return
	}
	key, err := s.formKey(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Stamp = formguard.Stamp(key, s.Now())
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, admin.PublicSubmitForm(p))
}

func blankOrganisation() *directory.Organisation {
	return &directory.Organisation{LegalForm: directory.FormAssociation, Address: directory.Address{City: "Leszno", PostalCode: "64-100"}}
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request) {
	s.submitPage(w, r, http.StatusOK, admin.SubmitFormPage{Action: "/zglos", Org: blankOrganisation()})
}

// tokenOrganisation finds the organisation of the link's token; a link
// that does not work gets its own page saying how to get a new one.
func (s *Server) tokenOrganisation(w http.ResponseWriter, r *http.Request) (*directory.Organisation, bool) {
	o, err := s.Submissions.OrganisationByToken(r.Context(), chi.URLParam(r, "token"))
	if fault.Is(err, fault.NotFound) {
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusNotFound, admin.InvalidLink(admin.InvalidLinkPage{
			Head: components.Head{Title: i18n.T(r.Context(), "submissions_invalid_title"), NoIndex: true}}))
		return nil, false
	}
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	return o, true
}

func (s *Server) updateForm(w http.ResponseWriter, r *http.Request) {
	o, ok := s.tokenOrganisation(w, r)
	if !ok {
		return
	}
	s.submitPage(w, r, http.StatusOK, admin.SubmitFormPage{Action: "/zglos/" + chi.URLParam(r, "token"), Update: true,
		OrgName: o.Name, Org: o, Version: o.Version})
}

func (s *Server) submitNew(w http.ResponseWriter, r *http.Request) {
	s.receive(w, r, nil, admin.SubmitFormPage{Action: "/zglos"})
}

func (s *Server) submitUpdate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.tokenOrganisation(w, r)
	if !ok {
		return
	}
	s.receive(w, r, o, admin.SubmitFormPage{Action: "/zglos/" + chi.URLParam(r, "token"), Update: true, OrgName: o.Name})
}

// readSubmission reads the form into a submission about current (nil: a
// new organisation). What the form does not show is kept from current.
func readSubmission(f url.Values, current *directory.Organisation, today time.Time) (*store.Submission, directory.FieldErrors) {
	o, errs := parseOrgForm(f)
	if errs == nil {
		errs = directory.FieldErrors{}
	}
	sub := &store.Submission{Kind: store.KindNew, Payload: o,
		SubmitterName:  strings.TrimSpace(f.Get("submitter_name")),
		SubmitterEmail: strings.TrimSpace(f.Get("submitter_email"))}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for i := range o.Contacts {
		c := &o.Contacts[i]
		if !c.Consent {
			continue
		}
		c.ConsentOn = &day
		if current != nil { // consent given earlier keeps its date
			for _, old := range current.Contacts {
				if old.Name == c.Name && old.Consent && old.ConsentOn != nil {
					c.ConsentOn = old.ConsentOn
				}
			}
		}
	}
	if current != nil {
		sub.Kind, sub.OrganisationID = store.KindUpdate, current.ID
		o.ID, o.Slug, o.Example, o.VerifiedOn = current.ID, current.Slug, current.Example, current.VerifiedOn
		o.Address.Latitude, o.Address.Longitude = current.Address.Latitude, current.Address.Longitude
		delete(errs, "slug")
		sub.BaseVersion, _ = strconv.Atoi(f.Get("version"))
	}
	if m := directory.CheckText(sub.SubmitterName, false, 300, false); m != "" {
		errs["submitter_name"] = m
	}
	return sub, errs
}

// receive takes a submission from the public form. A filled-in trap field
// marks a script: what it sent is kept as spam and it is thanked like
// anybody. A form sent back too fast (or with a stamp not ours) comes back
// with everything typed, asking to send it again: a hurried person loses
// nothing.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, current *directory.Organisation, page admin.SubmitFormPage) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	sub, errs := readSubmission(r.PostForm, current, s.Now().In(directory.Warsaw))
	sub.Channel = store.ChannelOnline
	if r.PostForm.Get("fax") != "" {
		sub.Status = store.StatusSpam
		if err := s.Submissions.Submit(ctx, sub, accounts.Audit{}); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/zglos/dziekujemy?nr="+sub.Reference(), http.StatusSeeOther)
		return
	}
	if m := directory.CheckText(sub.SubmitterEmail, true, 254, false); m != "" {
		errs["submitter_email"] = m
	} else if !directory.ValidEmail(sub.SubmitterEmail) {
		errs["submitter_email"] = directory.ErrEmail
	}
	page.Org, page.Version = sub.Payload, sub.BaseVersion
	page.SubmitterName, page.SubmitterEmail = sub.SubmitterName, sub.SubmitterEmail
	key, err := s.formKey(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if _, err := formguard.Check(key, r.PostForm.Get("stamp"), s.Now(), minFillTime, maxFillTime); err != nil {
		page.FormError = "submissions_too_fast"
		if errors.Is(err, formguard.ErrExpired) {
			page.FormError = "submissions_expired"
		}
	}
	if len(errs) > 0 || page.FormError != "" {
		if len(errs) > 0 {
			page.Errors = errs
		}
		s.submitPage(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if err := s.Submissions.Submit(ctx, sub, accounts.Audit{}); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/zglos/dziekujemy?nr="+sub.Reference(), http.StatusSeeOther)
}

func (s *Server) submitThanks(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("nr")
	if !referencePattern.MatchString(ref) {
		ref = ""
	}
	s.render(w, r, http.StatusOK, admin.SubmitThanks(admin.SubmitThanksPage{
		Head: components.Head{Title: i18n.T(r.Context(), "submissions_thanks_title"), NoIndex: true}, Reference: ref}))
}

// Paper forms, typed in by staff.

func (s *Server) paperNewForm(w http.ResponseWriter, r *http.Request) {
	s.submitPage(w, r, http.StatusOK, admin.SubmitFormPage{Paper: true, Action: "/admin/zgloszenia/nowe", Org: blankOrganisation(),
		ReceivedOn: s.Now().In(directory.Warsaw).Format(time.DateOnly)})
}

func (s *Server) paperUpdateForm(w http.ResponseWriter, r *http.Request) {
	_, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.submitPage(w, r, http.StatusOK, admin.SubmitFormPage{Paper: true, Update: true, OrgName: o.Name, Org: o, Version: o.Version,
		Action: "/admin/organizacje/" + o.ID + "/papierowy", ReceivedOn: s.Now().In(directory.Warsaw).Format(time.DateOnly)})
}

func (s *Server) paperNew(w http.ResponseWriter, r *http.Request) {
	s.receivePaper(w, r, nil, admin.SubmitFormPage{Paper: true, Action: "/admin/zgloszenia/nowe"})
}

func (s *Server) paperUpdate(w http.ResponseWriter, r *http.Request) {
	_, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.receivePaper(w, r, o, admin.SubmitFormPage{Paper: true, Update: true, OrgName: o.Name, Action: "/admin/organizacje/" + o.ID + "/papierowy"})
}

// receivePaper records a paper form as a submission, received on the date
// the staff member enters; the sender's e-mail is optional on paper.
func (s *Server) receivePaper(w http.ResponseWriter, r *http.Request, current *directory.Organisation, page admin.SubmitFormPage) {
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	today := s.Now().In(directory.Warsaw)
	sub, errs := readSubmission(r.PostForm, current, today)
	sub.Channel = store.ChannelPaper
	if sub.SubmitterEmail != "" && !directory.ValidEmail(sub.SubmitterEmail) {
		errs["submitter_email"] = directory.ErrEmail
	}
	page.ReceivedOn = strings.TrimSpace(r.PostForm.Get("received_on"))
	if d, err := time.Parse(time.DateOnly, page.ReceivedOn); page.ReceivedOn == "" {
		errs["received_on"] = directory.ErrRequired
	} else if err != nil {
		errs["received_on"] = "err_date"
	} else if d.After(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
		errs["received_on"] = "submissions_err_future"
	} else {
		sub.ReceivedOn = d
	}
	page.Org, page.Version = sub.Payload, sub.BaseVersion
	page.SubmitterName, page.SubmitterEmail = sub.SubmitterName, sub.SubmitterEmail
	if len(errs) > 0 {
		page.Errors = errs
		s.submitPage(w, r, http.StatusUnprocessableEntity, page)
		return
	}
	if err := s.Submissions.Submit(r.Context(), sub, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/zgloszenia/"+strconv.FormatInt(sub.ID, 10), http.StatusSeeOther)
}

// The moderation queue.

func submissionRow(sub *store.Submission) admin.SubmissionRow {
	row := admin.SubmissionRow{ID: sub.ID, Reference: sub.Reference(), Name: sub.Payload.Name, Status: sub.Status,
		Kind: sub.Kind, Channel: sub.Channel, Owner: sub.OwnerEmail, Received: sub.ReceivedOn.Format(time.DateOnly)}
	if sub.Channel == store.ChannelOnline {
		row.Received = components.DateTime(sub.ReceivedAt)
	}
	if sub.DuplicateOf != 0 {
		row.DuplicateOf = store.Reference(sub.DuplicateOf)
	}
	return row
}

func (s *Server) submissionQueue(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	status := r.URL.Query().Get("status")
	if !slices.Contains(store.SubmissionStatuses, status) {
		status = ""
	}
	subs, err := s.Submissions.Submissions(ctx, status)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.SubmissionListPage{Head: components.Head{Title: i18n.T(ctx, "submissions_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Status: status, Statuses: store.SubmissionStatuses}
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
	p.EnteredBy = sub.EnteredBy
	p.OrgID = sub.OrganisationID
	p.Open = sub.Status != store.StatusAccepted && sub.Status != store.StatusRejected
	p.Mine = sub.OwnerID == me.ID
	p.Accepted = sub.AcceptedFields
	if sub.DecidedAt != nil {
		p.Decision = components.DateTime(*sub.DecidedAt) + " · " + sub.DecidedBy
		if sub.Reason != "" {
			p.Decision += "\n" + sub.Reason
		}
		if len(sub.AcceptedFields) > 0 {
			p.Decision += "\n" + strings.Join(sub.AcceptedFields, ", ")
		}
	}
	var current *directory.Organisation
	if sub.Kind == store.KindUpdate && sub.OrganisationID != "" && p.Open {
		if current, err = s.organisationByID(ctx, sub.OrganisationID); err != nil {
			s.fail(w, r, err)
			return
		}
		p.Version = current.Version
	}
	p.Changes = directory.Diff(current, sub.Payload)
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
	fields := r.PostForm["fields"]
	if r.PostForm.Get("all") == yes {
		sub, err := s.Submissions.SubmissionByID(ctx, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		fields = nil
		for _, f := range sub.Payload.Fields() {
			fields = append(fields, f.Field)
		}
		if sub.Kind == store.KindUpdate {
			// "All" means all that the page showed as changed.
			current, err := s.organisationByID(ctx, sub.OrganisationID)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			fields = nil
			for _, c := range directory.Diff(current, sub.Payload) {
				fields = append(fields, c.Field)
			}
		}
	}
	_, err = s.Submissions.AcceptSubmission(ctx, id, fields, version, s.by(r))
	var invalid *directory.InvalidError
	switch {
	case err == nil:
		http.Redirect(w, r, "/admin/zgloszenia/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	case errors.As(err, &invalid): // before the conflict: a taken address is both
		msgs := make([]string, 0, len(invalid.Fields))
		for k, v := range invalid.Fields {
			msgs = append(msgs, i18n.T(ctx, admin.FieldLabel(k))+": "+i18n.T(ctx, v))
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
	if reason == "" {
		s.submissionPage(w, r, http.StatusUnprocessableEntity, admin.SubmissionPage{Errors: map[string]string{"reason": "submissions_err_reason"}})
		return
	}
	if m := directory.CheckText(reason, true, 2000, true); m != "" {
		s.submissionPage(w, r, http.StatusUnprocessableEntity, admin.SubmissionPage{Reason: reason, Errors: map[string]string{"reason": m}})
		return
	}
	if err := s.Submissions.RejectSubmission(r.Context(), id, reason, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/zgloszenia/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// Update links.

func (s *Server) tokenPage(w http.ResponseWriter, r *http.Request, link string) {
	ctx := r.Context()
	id, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	at, by, ok, err := s.Submissions.UpdateTokenIssued(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.TokenPage{Head: components.Head{Title: i18n.T(ctx, "submissions_link_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), OrgID: o.ID, OrgName: o.Name, Link: link, Active: ok, IssuedBy: by}
	if ok {
		p.IssuedAt = components.DateTime(at)
	}
	// The page may show a fresh link, which must not stay in any cache.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, admin.Token(p))
}

func (s *Server) showToken(w http.ResponseWriter, r *http.Request) { s.tokenPage(w, r, "") }

// issueToken makes a new link (the earlier one stops working) and shows
// it once, on this answer: it is not kept anywhere to show again.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	id, err := orgID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	token, err := s.Submissions.IssueUpdateToken(r.Context(), id, s.by(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.tokenPage(w, r, s.baseURL(r)+"/zglos/"+token)
}

func (s *Server) revokeTokens(w http.ResponseWriter, r *http.Request) {
	id, err := orgID(r)
	if err == nil {
		err = s.Submissions.RevokeUpdateTokens(r.Context(), id, s.by(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/organizacje/"+id.String()+"/link", http.StatusSeeOther)
}

// baseURL is the portal's public address: BaseURL, or the request's host.
func (s *Server) baseURL(r *http.Request) string {
	if s.BaseURL != "" {
		return strings.TrimSuffix(s.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
