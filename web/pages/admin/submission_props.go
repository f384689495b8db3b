package admin

import (
	"github.com/mopr-leszno/portal/web/pages/public"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/web/components"
)

// PaperFormPage is the public form (public.SubmitForm) in the admin
// area, for a staff member to type in a paper form.
type PaperFormPage struct {
	Form  public.SubmitFormPage
	Staff Staff
}

// SubmissionRow is a submission in the moderation queue.
type SubmissionRow struct {
	ID                                            int64
	Reference, Name, Status, Kind, Channel, Owner string
	Received                                      string
	DuplicateOf                                   string // reference of the earlier, same submission
}

// SubmissionListPage is the moderation queue.
type SubmissionListPage struct {
	Head     components.Head
	Staff    Staff
	Status   string
	Statuses []string
	Rows     []SubmissionRow
}

// SubmissionPage shows one submission against the working copy.
type SubmissionPage struct {
	Head      components.Head
	Staff     Staff
	Row       SubmissionRow
	Submitter string
	// Language is the language of the form the organisation filled in
	// ("pl", "uk", "en"): MOPR answers it in that language.
	Language  string
	EnteredBy string
	OrgID     string // the organisation in the directory, if any
	Changes   []directory.FieldChange
	Version   int  // the organisation's version the changes were computed against
	Open      bool // waiting for a decision
	Mine      bool // the signed-in person owns it
	Conflict  bool // the organisation changed since the page was shown
	Errors    map[string]string
	Reason    string
	Decision  string // who decided and when, and why if rejected
	Accepted  []string
}

// TokenPage manages an organisation's update link.
type TokenPage struct {
	Head     components.Head
	Staff    Staff
	OrgID    string
	OrgName  string
	Link     string // a link just made: shown once, never stored
	Active   bool
	IssuedAt string
	IssuedBy string
}
