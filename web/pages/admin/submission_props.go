package admin

import (
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/web/components"
)

// The submission pages live here, beside the organisation form, because
// the public form and the paper form staff type in are the same fields
// the admin form has, built from the same components.

// SubmitFormPage is the form an organisation fills in (online, public) or
// a staff member types a paper form into (Paper, inside the admin area).
type SubmitFormPage struct {
	Head       components.Head
	Staff      Staff // empty on the public form
	Paper      bool
	Update     bool   // new data of an organisation in the directory
	OrgName    string // the organisation updated, for the heading
	Action     string
	Org        *directory.Organisation
	Vocabulary directory.Vocabulary
	// Errors are keyed by field name; besides the organisation's fields:
	// submitter_name, submitter_email, received_on.
	Errors         directory.FieldErrors
	FormError      string // catalogue ID of a problem with the whole form (sent too fast)
	SubmitterName  string
	SubmitterEmail string
	ReceivedOn     string
	Stamp          string // the signed time the form was shown
	Version        int
}

// SubmitThanksPage confirms a submission with its reference number.
type SubmitThanksPage struct {
	Head      components.Head
	Reference string
}

// InvalidLinkPage says an update link does not work (any more).
type InvalidLinkPage struct {
	Head components.Head
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

// submitLabel is the catalogue key of a submission form field's label.
func submitLabel(key string) string {
	switch key {
	case "submitter_name", "submitter_email", "received_on":
		return "submissions_" + key
	}
	if strings.HasPrefix(key, "contacts.") && strings.HasSuffix(key, ".consent") {
		return "submissions_consent"
	}
	return fieldLabel(key)
}

// FieldLabel is the catalogue key of the label of an organisation's field.
func FieldLabel(key string) string { return fieldLabel(key) }
