package admin

import (
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
)

// MonitoringPage is /admin/monitoring: the reporting periods, the form to
// open one, and the reminders due.
type MonitoringPage struct {
	Head    components.Head
	Staff   Staff
	Admin   bool // may open and close periods and send reminders
	Periods []PeriodRow
	// Code is the period typed into the open form; CodeError its error.
	Code, CodeError string
	Notice          string // catalogue ID
	Due             []DueRow
	MailConfigured  bool
}

// PeriodRow is one period in the list.
type PeriodRow struct {
	Code, Name string
	Closed     bool
	ClosedAt   string
	Drafts     int
	Confirmed  int
}

// DueRow is a reminder due: a task whose report is not confirmed.
type DueRow struct {
	Period, PeriodName, Slug, Task string
	Kind                           strategy.ReminderKind
	Unit, Person, Email            string
	Sent                           bool
}

// PeriodPage is /admin/monitoring/{okres}: every task with its report's
// state.
type PeriodPage struct {
	Head    components.Head
	Staff   Staff
	Admin   bool
	Code    string
	Name    string
	Closed  bool
	Version int
	Rows    []PeriodTaskRow
	Notice  string
}

// PeriodTaskRow is a task in a period.
type PeriodTaskRow struct {
	Slug, Number, Title, Unit, Person string
	State                             string // "none", "draft", "confirmed"
}

// ReportFormPage is the report of a task in a period. Typed holds the
// form's values by field name, as typed (or as stored).
type ReportFormPage struct {
	Head      components.Head
	Staff     Staff
	Code      string
	Name      string
	Closed    bool
	Confirmed bool
	Card      *strategy.Card
	Year      int
	Typed     map[string]string
	Spending  int // rows of spending, an empty one included
	Version   int
	Errors    strategy.FieldErrors
	Conflict  bool
	Notice    string
	// Live are the values the portal computes for bound indicators, by
	// indicator position, proposed for the report.
	Live map[int]string
}

// SettingsPage is a task's responsibility and targets.
type SettingsPage struct {
	Head     components.Head
	Staff    Staff
	Card     *strategy.Card
	Accounts []AccountOption
	Typed    map[string]string
	Years    []int
	Version  int
	Errors   strategy.FieldErrors
	Conflict bool
	Notice   string
}

// AccountOption is a staff account offered as the responsible person.
type AccountOption struct {
	ID, Label string
}
