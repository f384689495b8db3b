package server

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/formguard"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/submission"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// The public form: /zglos for a new organisation, /zglos/{token} for an
// organisation's update link, and the thanks after.

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

// submitFormProps fills in what the public form and the paper form both
// show: the vocabulary to choose from and the page's head.
func (s *Server) submitFormProps(ctx context.Context, p *public.SubmitFormPage) error {
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		return err
	}
	p.Vocabulary = localVocabulary(ctx, vocab)
	title := "submissions_new_title"
	switch {
	case p.Paper:
		title = "submissions_paper_title"
	case p.Update:
		title = "submissions_update_title"
	}
	p.Head = components.Head{Title: i18n.T(ctx, title), NoIndex: true}
	return nil
}

func (s *Server) submitPage(w http.ResponseWriter, r *http.Request, status int, p public.SubmitFormPage) {
	ctx := r.Context()
	if err := s.submitFormProps(ctx, &p); err != nil {
		s.fail(w, r, err)
		return
	}
	key, err := s.formKey(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Stamp = formguard.Stamp(key, s.Now())
	if p.KRS == nil {
		p.KRS = s.krsBox(false, "submissions_send")
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, public.SubmitPage(p))
}

func blankOrganisation() *directory.Organisation {
	return &directory.Organisation{LegalForm: directory.FormAssociation, Address: directory.Address{City: "Leszno", PostalCode: "64-100"}}
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request) {
	s.submitPage(w, r, http.StatusOK, public.SubmitFormPage{Action: components.Path(r.Context(), "/zglos"), Org: blankOrganisation()})
}

// tokenOrganisation finds the organisation of the link's token; a link
// that does not work gets its own page saying how to get a new one.
func (s *Server) tokenOrganisation(w http.ResponseWriter, r *http.Request) (*directory.Organisation, bool) {
	o, err := s.Submissions.OrganisationByToken(r.Context(), chi.URLParam(r, "token"))
	if fault.Is(err, fault.NotFound) {
		w.Header().Set("Cache-Control", "no-store")
		s.render(w, r, http.StatusNotFound, public.InvalidLink(public.InvalidLinkPage{
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
	s.submitPage(w, r, http.StatusOK, public.SubmitFormPage{Action: components.Path(r.Context(), "/zglos/") + chi.URLParam(r, "token"), Update: true,
		OrgName: o.Name, Org: o, Version: o.Version})
}

func (s *Server) submitNew(w http.ResponseWriter, r *http.Request) {
	s.receive(w, r, nil, public.SubmitFormPage{Action: components.Path(r.Context(), "/zglos")})
}

func (s *Server) submitUpdate(w http.ResponseWriter, r *http.Request) {
	o, ok := s.tokenOrganisation(w, r)
	if !ok {
		return
	}
	s.receive(w, r, o, public.SubmitFormPage{Action: components.Path(r.Context(), "/zglos/") + chi.URLParam(r, "token"), Update: true, OrgName: o.Name})
}

// errNameLetters: a new organisation's name gives no page address.
const errNameLetters = "err_name_letters"

// readSubmission reads the form into a submission about current (nil: a
// new organisation) sent through channel, with the errors of the
// organisation's fields and the sender's (see submission.New and
// Submission.ValidateSender).
func readSubmission(f url.Values, current *directory.Organisation, channel submission.Channel, today time.Time) (*submission.Submission, directory.FieldErrors) {
	o, errs := parseOrgForm(f)
	if errs == nil {
		errs = directory.FieldErrors{}
	}
	sub := submission.New(o, current, channel, today)
	sub.SubmitterName = strings.TrimSpace(f.Get("submitter_name"))
	sub.SubmitterEmail = strings.TrimSpace(f.Get("submitter_email"))
	// The page address is not on this form: the organisation's own for an
	// update, made from the name for a new one, so a name it cannot be
	// made from is the name's error.
	if msg, ok := errs["slug"]; ok {
		delete(errs, "slug")
		if _, named := errs["name"]; !named && current == nil && msg != "" {
			errs["name"] = errNameLetters
		}
	}
	if current != nil {
		sub.BaseVersion, _ = strconv.Atoi(f.Get("version"))
	}
	maps.Copy(errs, sub.ValidateSender())
	return sub, errs
}

// receive takes a submission from the public form. A filled-in trap field
// marks a script: what it sent is kept as spam and it is thanked like
// anybody. A form sent back too fast (or with a stamp not ours) comes back
// with everything typed, asking to send it again: a hurried person loses
// nothing.
func (s *Server) receive(w http.ResponseWriter, r *http.Request, current *directory.Organisation, page public.SubmitFormPage) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	if action := krsAction(r.PostForm); action != "" {
		s.submitFormKRS(w, r, action, current, page)
		return
	}
	sub, errs := readSubmission(r.PostForm, current, submission.ChannelOnline, s.Now().In(directory.Warsaw))
	sub.Language = i18n.From(ctx).Lang() // what MOPR sends it later follows
	if r.PostForm.Get("fax") != "" {
		sub.Status = submission.StatusSpam
		if err := s.Submissions.Submit(ctx, sub, accounts.Audit{}); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, components.Path(r.Context(), "/zglos/dziekujemy")+"?nr="+sub.Reference(), http.StatusSeeOther)
		return
	}
	page.Org, page.Version, page.Typed = sub.Payload, sub.BaseVersion, typedValues(r.PostForm)
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
	http.Redirect(w, r, components.Path(r.Context(), "/zglos/dziekujemy")+"?nr="+sub.Reference(), http.StatusSeeOther)
}

// reportForm is the update request anyone may send from an organisation's
// page ("Zgłoś zmianę w danych"): the form filled in with what the current
// publication shows, so nothing that is not public is shown to anyone.
func (s *Server) reportForm(w http.ResponseWriter, r *http.Request) {
	o, err := s.Directory.Organisation(r.Context(), chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.submitPage(w, r, http.StatusOK, public.SubmitFormPage{Action: components.Path(r.Context(), "/zglos/zmiana/") + o.Slug, Update: true, Report: true,
		OrgName: o.Name, Org: o, Version: o.Version})
}

// submitReport receives the update request of reportForm. It is an update
// of the organisation like one sent through an update link, so it waits
// in the moderation queue under the organisation's name, compared field
// by field with the working copy.
func (s *Server) submitReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	shown, err := s.Directory.Organisation(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id, err := parseOrgID(shown.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	current, err := s.Editing.OrganisationByID(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.receive(w, r, current, public.SubmitFormPage{Action: components.Path(r.Context(), "/zglos/zmiana/") + shown.Slug, Update: true, Report: true, OrgName: shown.Name})
}

func (s *Server) submitThanks(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("nr")
	if !submission.ValidReference(ref) {
		ref = ""
	}
	s.render(w, r, http.StatusOK, public.SubmitThanks(public.SubmitThanksPage{
		Head: components.Head{Title: i18n.T(r.Context(), "submissions_thanks_title"), NoIndex: true}, Reference: ref}))
}
