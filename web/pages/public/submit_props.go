package public

import (
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/web/components"
)

// SubmitFormPage is the form an organisation fills in (online, public) or
// a staff member types a paper form into (Paper, inside the admin area).
type SubmitFormPage struct {
	Head   components.Head
	Paper  bool
	Update bool // new data of an organisation in the directory
	// Report is an update anyone may send from the organisation's page,
	// the form filled in from the current publication (with Update).
	Report     bool
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
	// Typed is what was typed into the fields the record cannot hold as
	// typed, when the form comes back (see components.OrgFields.Typed).
	Typed map[string]string
	// KRS is the look-up in the register (see components.KRSLookup); nil
	// on the paper form.
	KRS *components.KRSLookup
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

// submitLabel is the catalogue key of a submission form field's label.
func submitLabel(key string) string {
	switch key {
	case "submitter_name", "submitter_email", "received_on":
		return "submissions_" + key
	}
	if strings.HasPrefix(key, "contacts.") && strings.HasSuffix(key, ".consent") {
		return "submissions_consent"
	}
	return components.FieldLabel(key)
}
