package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Editing is what the admin area needs to edit the directory's working
// copy.
type Editing interface {
	AdminOrganisations(ctx context.Context, text, sort, filter string, today time.Time, verifyMonths, limit, offset int) ([]store.AdminRow, int, error)
	OrganisationByID(ctx context.Context, id uuid.UUID) (*directory.Organisation, error)
	CreateOrganisation(ctx context.Context, o *directory.Organisation, by accounts.Audit) error
	UpdateOrganisation(ctx context.Context, o *directory.Organisation, version int, by accounts.Audit) error
	Revisions(ctx context.Context, id uuid.UUID) ([]store.Revision, error)
	RestoreRevision(ctx context.Context, id uuid.UUID, revisionID int64, version int, by accounts.Audit) error
	DeleteOrganisation(ctx context.Context, id uuid.UUID, version int, by accounts.Audit) error
	UndeleteOrganisation(ctx context.Context, id uuid.UUID, by accounts.Audit) error
	Trash(ctx context.Context) ([]store.Trashed, error)
	EmptyTrash(ctx context.Context, by accounts.Audit) (int64, error)
	// Keeping data current (admin_verification.go).
	StaleOrganisations(ctx context.Context, today time.Time, months, limit, offset int) ([]store.Stale, int, error)
	CountStale(ctx context.Context, today time.Time, months int) (int, error)
	MarkVerified(ctx context.Context, id uuid.UUID, version int, on time.Time, by accounts.Audit) error
	RecordReminder(ctx context.Context, id uuid.UUID, to, channel string, by accounts.Audit) error
}

// orgID reads the organisation's id in the address. A malformed one names
// no organisation: it is a fault.NotFound, and the store never sees it.
func orgID(r *http.Request) (uuid.UUID, error) {
	return parseOrgID(chi.URLParam(r, "id"))
}

func parseOrgID(s string) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.UUID{}, fault.New(fault.NotFound, "nie ma organizacji %q", s)
	}
	return id, nil
}

// organisationByID loads the organisation with id, a string from a
// stored record (a submission's); a malformed one is a fault.NotFound.
func (s *Server) organisationByID(ctx context.Context, id string) (*directory.Organisation, error) {
	uid, err := parseOrgID(id)
	if err != nil {
		return nil, err
	}
	return s.Editing.OrganisationByID(ctx, uid)
}

// organisationOf loads every field of the organisation the address names,
// for the staff.
func (s *Server) organisationOf(r *http.Request) (uuid.UUID, *directory.Organisation, error) {
	id, err := orgID(r)
	if err != nil {
		return id, nil, err
	}
	o, err := s.Editing.OrganisationByID(r.Context(), id)
	return id, o, err
}

const adminPerPage = 50

func (s *Server) adminOrganisations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	text, sort, filter := q.Get("q"), q.Get("sort"), q.Get("filtr")
	page, _ := strconv.Atoi(q.Get("strona"))
	page = max(1, min(page, 10000))
	rows, total, err := s.Editing.AdminOrganisations(ctx, text, sort, filter, s.today(), s.verifyMonths(), adminPerPage, (page-1)*adminPerPage)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.OrgListPage{
		Head:  components.Head{Title: i18n.T(ctx, "orgs_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Query: text, Sort: sort, Filter: filter, Total: total,
		Notice: noticeFrom(q.Get("info")),
	}
	for _, row := range rows {
		verified := ""
		if row.VerifiedOn != nil {
			verified = row.VerifiedOn.Format("2006-01-02")
		}
		p.Rows = append(p.Rows, admin.OrgRow{ID: row.ID, Slug: row.Slug, Name: row.Name, City: row.City,
			Verified: verified, Updated: row.UpdatedAt, Example: row.Example, Confidential: row.Confidential})
	}
	at := func(n int) string {
		v := url.Values{"q": {text}, "sort": {sort}, "filtr": {filter}, "strona": {strconv.Itoa(n)}}
		return "/admin/organizacje?" + v.Encode()
	}
	if page > 1 {
		p.PrevURL = at(page - 1)
	}
	if page*adminPerPage < total {
		p.NextURL = at(page + 1)
	}
	s.render(w, r, http.StatusOK, admin.OrgList(p))
}

// noticeFrom admits only known notices into a page (they come from the
// address after a redirect).
func noticeFrom(code string) string {
	switch code {
	case "zapisano", "usunieto", "przywrocono", "oprozniono", "dodano":
		return "notice_" + code
	}
	return ""
}

func (s *Server) orgForm(w http.ResponseWriter, r *http.Request, status int, p admin.OrgFormPage) {
	ctx := r.Context()
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Vocabulary = vocab
	p.Staff = staffProps(staffFrom(ctx))
	if p.KRS == nil {
		p.KRS = s.krsBox(true, "form_save")
	}
	title := i18n.T(ctx, "orgs_new")
	if !p.New {
		title = p.Org.Name
	}
	p.Head = components.Head{Title: title, NoIndex: true, Section: "admin"}
	s.render(w, r, status, admin.OrgForm(p))
}

func (s *Server) newOrganisationForm(w http.ResponseWriter, r *http.Request) {
	s.orgForm(w, r, http.StatusOK, admin.OrgFormPage{
		New: true, Action: "/admin/organizacje/nowa",
		Org: &directory.Organisation{LegalForm: directory.FormAssociation, Address: directory.Address{City: "Leszno", PostalCode: "64-100"}},
	})
}

func (s *Server) createOrganisation(w http.ResponseWriter, r *http.Request) {
	if !s.readOrgRequest(w, r) {
		return
	}
	if action := krsAction(r.PostForm); action != "" {
		s.orgFormKRS(w, r, action, admin.OrgFormPage{New: true, Action: "/admin/organizacje/nowa"})
		return
	}
	o, errs := parseOrgForm(r.PostForm)
	page := admin.OrgFormPage{New: true, Action: "/admin/organizacje/nowa", Org: o, Errors: errs, Typed: typedValues(r.PostForm)}
	if errs == nil {
		err := s.Editing.CreateOrganisation(r.Context(), o, s.by(r))
		if err == nil {
			http.Redirect(w, r, "/admin/organizacje/"+o.ID+"?info=dodano", http.StatusSeeOther)
			return
		}
		if page.Errors = fieldErrors(err); page.Errors == nil {
			s.fail(w, r, err)
			return
		}
	}
	s.orgForm(w, r, http.StatusUnprocessableEntity, page)
}

// fieldErrors returns the message ids of the fields the store refused
// (a taken slug among them), or nil when err is not about fields: then it
// stays an error, for fail() and its code.
func fieldErrors(err error) directory.FieldErrors {
	if invalid, ok := errors.AsType[*directory.InvalidError](err); ok {
		return invalid.Fields
	}
	return nil
}

func (s *Server) editOrganisationForm(w http.ResponseWriter, r *http.Request) {
	_, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.orgForm(w, r, http.StatusOK, admin.OrgFormPage{Org: o, Version: o.Version,
		Action: "/admin/organizacje/" + o.ID, Notice: orgNotice(r.URL.Query().Get("info"))})
}

// updateOrganisation saves the form if nobody changed the record since it
// was opened. If somebody did, nothing is saved: the form comes back with
// this person's input and a list of what changed meanwhile, ready to be
// saved over it knowingly.
func (s *Server) updateOrganisation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := orgID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !s.readOrgRequest(w, r) {
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if action := krsAction(r.PostForm); action != "" {
		s.orgFormKRS(w, r, action, admin.OrgFormPage{Version: version, Action: "/admin/organizacje/" + id.String()})
		return
	}
	o, errs := parseOrgForm(r.PostForm)
	// The store keeps what the form does not hold (whether the record is
	// example data) and checks the version under a row lock: the record
	// is read here only when the save is refused.
	o.ID = id.String()
	page := admin.OrgFormPage{Org: o, Version: version, Action: "/admin/organizacje/" + o.ID, Errors: errs, Typed: typedValues(r.PostForm)}
	if errs == nil {
		err := s.Editing.UpdateOrganisation(ctx, o, version, s.by(r))
		if page.Errors = fieldErrors(err); page.Errors != nil {
			s.orgForm(w, r, http.StatusUnprocessableEntity, page)
			return
		}
		if fault.Is(err, fault.Conflict) {
			current, err := s.Editing.OrganisationByID(ctx, id)
			if err != nil {
				s.fail(w, r, err)
				return
			}
			o.Example = current.Example
			page.Conflict = s.changedSince(ctx, id, current, version)
			page.Version = current.Version
			s.orgForm(w, r, http.StatusConflict, page)
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/admin/organizacje/"+o.ID+"?info=zapisano", http.StatusSeeOther)
		return
	}
	s.orgForm(w, r, http.StatusUnprocessableEntity, page)
}

// changedSince lists what changed between the version a person started
// from and the current record.
func (s *Server) changedSince(ctx context.Context, id uuid.UUID, current *directory.Organisation, version int) []directory.FieldChange {
	revs, err := s.Editing.Revisions(ctx, id)
	if err != nil {
		return nil
	}
	for _, rev := range revs {
		if rev.Version == version {
			return directory.DiffNamed(rev.Snapshot, current, s.names(ctx))
		}
	}
	return directory.DiffNamed(nil, current, s.names(ctx))
}

func (s *Server) organisationHistory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, o, err := s.organisationOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	revs, err := s.Editing.Revisions(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.HistoryPage{Head: components.Head{Title: i18n.T(ctx, "history_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)), Title: o.Name, BackURL: "/admin/organizacje/" + o.ID, Version: o.Version}
	names := s.names(ctx)
	for i, rev := range revs {
		var before *directory.Organisation
		if i+1 < len(revs) {
			before = revs[i+1].Snapshot
		}
		p.Entries = append(p.Entries, admin.HistoryEntry{ID: rev.ID, Action: rev.Action,
			At: rev.At, Actor: rev.ActorEmail,
			Changes: admin.OrgChanges(directory.DiffNamed(before, rev.Snapshot, names)), Current: i == 0})
	}
	s.render(w, r, http.StatusOK, admin.History(p))
}

func (s *Server) restoreRevision(w http.ResponseWriter, r *http.Request) {
	id, err := orgID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rev, err := strconv.ParseInt(chi.URLParam(r, "rev"), 10, 64)
	if err != nil {
		s.fail(w, r, fault.New(fault.NotFound, "no such revision"))
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.Editing.RestoreRevision(r.Context(), id, rev, version, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/organizacje/"+id.String()+"?info=przywrocono", http.StatusSeeOther)
}

func (s *Server) deleteOrganisation(w http.ResponseWriter, r *http.Request) {
	id, err := orgID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	version, _ := strconv.Atoi(r.PostForm.Get("version"))
	if err := s.Editing.DeleteOrganisation(r.Context(), id, version, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/organizacje?info=usunieto", http.StatusSeeOther)
}

func (s *Server) trash(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	items, err := s.Editing.Trash(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.TrashPage{Head: components.Head{Title: i18n.T(ctx, "trash_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx))}
	for _, it := range items {
		p.Items = append(p.Items, admin.TrashItem{ID: it.ID, Name: it.Name, DeletedAt: it.DeletedAt})
	}
	s.render(w, r, http.StatusOK, admin.Trash(p))
}

func (s *Server) undeleteOrganisation(w http.ResponseWriter, r *http.Request) {
	id, err := orgID(r)
	if err == nil {
		err = s.Editing.UndeleteOrganisation(r.Context(), id, s.by(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/organizacje/"+id.String()+"?info=przywrocono", http.StatusSeeOther)
}

func (s *Server) emptyTrash(w http.ResponseWriter, r *http.Request) {
	if _, err := s.Editing.EmptyTrash(r.Context(), s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/organizacje?info=oprozniono", http.StatusSeeOther)
}
