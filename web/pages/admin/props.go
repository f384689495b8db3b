// Package admin holds the pages of the staff's admin area. Each page takes
// typed props built by its handler; text comes from the catalogue.
package admin

import (
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
)

// Staff is the signed-in person, for the admin navigation.
type Staff struct {
	Email string
	Name  string
	Role  accounts.Role
}

// LoginPage is the sign-in form; Error is a catalogue ID shown above it.
type LoginPage struct {
	Head   components.Head
	Fields []components.Field
	Error  string
	// Wait is the minutes before the next try may be checked, when too
	// many have failed (sign-in throttling); 0 otherwise.
	Wait int
}

// CodePage asks for the authenticator's code or a recovery code.
type CodePage struct {
	Head   components.Head
	Fields []components.Field
	Error  string
	Wait   int // as in LoginPage
}

// DashboardPage is /admin.
type DashboardPage struct {
	Head  components.Head
	Staff Staff
	// MonitoringDue are the strategy's reports late or due soon (see
	// monitoring.templ); MailConfigured says whether reminders go by mail.
	MonitoringDue  []DueRow
	MailConfigured bool
	// ToVerify counts the organisations waiting for verification.
	ToVerify int
	// NewSubmissions counts the submissions nobody has taken yet.
	NewSubmissions int
	// Unpublished counts the organisations added, changed or removed in
	// the working copy since the current publication.
	Unpublished int
	// TextsUnpublished: the site texts changed since the current
	// publication.
	TextsUnpublished bool
	// MissingTexts are the required site texts still empty (keys): while
	// any is, publishing is refused.
	MissingTexts []string
}

// PasswordPage changes the signed-in person's password.
type PasswordPage struct {
	Head     components.Head
	Staff    Staff
	Fields   []components.Field
	Required bool // the account must change its password before going on
}

// TOTPPage sets up two-factor sign-in: a QR code and the secret for manual
// entry, then a code to confirm; after that, the recovery codes once.
type TOTPPage struct {
	Head          components.Head
	Staff         Staff
	QRCode        string // data: URL of a PNG
	Secret        string
	Fields        []components.Field
	Required      bool // administrators must enable it before going on
	Enabled       bool
	RecoveryCodes []string
}

// UsersPage lists the accounts and has the form for a new one.
type UsersPage struct {
	Head   components.Head
	Staff  Staff
	Users  []*accounts.User
	Fields []components.Field
	Role   string
	// RoleError is the message ID for the role chosen, if it is wrong.
	RoleError string
	Created   string // e-mail of the account just created
	Password  string // its generated password, shown once
}

// AuditEntry is one row of the audit log as shown.
type AuditEntry struct {
	At                              time.Time
	Actor, Kind, Target, IP, Detail string
}

// AuditPage is the audit log with its kind filter.
type AuditPage struct {
	Head    components.Head
	Staff   Staff
	Kind    string
	Who     string
	Kinds   []string
	Entries []AuditEntry
}

// OrgRow is an organisation in the staff's list.
type OrgRow struct {
	ID, Slug, Name, City, Verified string
	Updated                        time.Time
	Example                        bool
	Confidential                   bool // the address is not published
}

// OrgListPage lists the working copy with search and sorting.
type OrgListPage struct {
	Head             components.Head
	Staff            Staff
	Query, Sort      string
	Filter           string
	Rows             []OrgRow
	Total            int
	PrevURL, NextURL string
	Notice           string // catalogue ID of what just happened
}

// OrgFormPage edits one organisation (or adds one when New).
type OrgFormPage struct {
	Head       components.Head
	Staff      Staff
	Org        *directory.Organisation
	Vocabulary directory.Vocabulary
	Errors     directory.FieldErrors
	New        bool
	Action     string
	Version    int
	// Conflict lists what another person changed since this form was
	// opened; the form keeps this person's input.
	Conflict []directory.FieldChange
	Notice   string
	// Typed is what was typed into the fields the record cannot hold as
	// typed, when the form comes back (see components.OrgFields.Typed).
	Typed map[string]string
	// KRS is the look-up in the register (see components.KRSLookup).
	KRS *components.KRSLookup
}

// HistoryEntry is one revision with its changes.
type HistoryEntry struct {
	ID            int64
	At            time.Time
	Action, Actor string
	Changes       []Change
	Current       bool
}

// HistoryPage is the history of an organisation or a task. BackURL is the
// record's edit page; restores are posted below it.
type HistoryPage struct {
	Head           components.Head
	Staff          Staff
	Title, BackURL string
	Version        int // the record's current version
	Entries        []HistoryEntry
}

// TrashItem is a deleted organisation.
type TrashItem struct {
	ID, Name  string
	DeletedAt time.Time
}

// TrashPage lists the deleted organisations.
type TrashPage struct {
	Head  components.Head
	Staff Staff
	Items []TrashItem
}

// TaskRow is a strategy task in the staff's list.
type TaskRow struct {
	Slug, Title, Area string
	Progress          strategy.Progress
	Retired           bool // under a retired document, goal or area: not public
	ByStaff           bool // created in the admin area, not by the importer
}

// TaskListPage lists the strategy's tasks.
type TaskListPage struct {
	Head  components.Head
	Staff Staff
	Query string
	Sort  string
	Area  string // "II-9": goal and area
	Areas []AreaOption
	Rows  []TaskRow
}

// AreaOption is an area to filter the tasks by.
type AreaOption struct {
	Key, Name string
}

// TaskFormPage edits one task card.
type TaskFormPage struct {
	Head     components.Head
	Staff    Staff
	Card     *strategy.Card
	Was      *strategy.Card // the goal and area texts the form was loaded with
	Errors   strategy.FieldErrors
	Version  int
	Conflict []strategy.Change
	Notice   string
}
