package admin

import (
	"time"

	"github.com/mopr-leszno/portal/web/components"
)

// VerificationPage lists the organisations whose data waits for a check.
type VerificationPage struct {
	Head   components.Head
	Staff  Staff
	Months int // the threshold: data older than this many months is stale
	Total  int
	Rows   []VerificationRow
	// MailConfigured tells whether reminders go out through SMTP; without
	// it the staff member gets a mailto: link to send from their own
	// program.
	MailConfigured   bool
	Notice           string // catalogue ID
	Error            string // catalogue ID of a failure to show
	PrevURL, NextURL string
}

// VerificationRow is one organisation in the verification list.
type VerificationRow struct {
	ID, Slug, Name string
	Example        bool
	Email          string // the first address; empty: none
	Verified       string // YYYY-MM-DD; empty: never
	Updated        time.Time
	Version        int
	// LastReminder is when the last reminder went out (zero: none), to
	// whom, and whether the portal sent it or only prepared a mailto: link.
	LastReminder       time.Time
	LastReminderTo     string
	LastReminderMailto bool
}

// ReminderPage is a reminder prepared for the staff member's own mail
// program, when the portal has no mail server: a mailto: link with the
// subject and body filled in, and the same text to copy.
type ReminderPage struct {
	Head    components.Head
	Staff   Staff
	Name    string
	To      string
	Subject string
	Body    string
	Link    string // the organisation's update link, inside Body too
	Mailto  string
}
