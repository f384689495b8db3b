// Package submission is what organisations send to the data bank (or
// staff type in from a paper form): its kinds, channels and statuses, the
// reference its sender quotes, and the rules of receiving and moderating
// it. It holds no SQL and no HTTP: the store keeps submissions, the server
// reads them from forms.
package submission

import (
	"regexp"
	"strconv"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Kind is what a submission is about.
type Kind string

// Channel is how a submission came in.
type Channel string

// Status is where a submission is in moderation.
type Status string

// The kinds, channels and statuses of a submission.
const (
	KindNew    Kind = "new"    // a new organisation
	KindUpdate Kind = "update" // new data of an organisation in the directory

	ChannelOnline Channel = "online" // the public form
	ChannelPaper  Channel = "paper"  // a paper form typed in by staff

	StatusNew        Status = "new"         // nobody has taken it yet
	StatusInProgress Status = "in_progress" // a staff member took it
	StatusAccepted   Status = "accepted"    // (some of) its fields are in the working copy
	StatusRejected   Status = "rejected"    // refused, with a reason
	StatusSpam       Status = "spam"        // the form's trap field was filled in
)

// Statuses lists the statuses in the order the queue offers them.
var Statuses = []Status{StatusNew, StatusInProgress, StatusAccepted, StatusRejected, StatusSpam}

// Submission is what an organisation sent (or staff typed in from paper).
// Payload is the whole record as sent; it is kept whatever happens to the
// submission.
type Submission struct {
	ID             int64
	Kind           Kind
	Channel        Channel
	Status         Status
	OrganisationID string // the organisation updated; for a new one, set when accepted
	BaseVersion    int    // the organisation's version the form was filled in from
	Payload        *directory.Organisation
	SubmitterName  string
	SubmitterEmail string
	ReceivedAt     time.Time
	ReceivedOn     time.Time // a calendar date; on paper, the date staff enter
	EnteredBy      string    // e-mail of the staff member who typed in a paper form
	OwnerID        int64
	OwnerEmail     string
	DuplicateOf    int64 // an earlier submission with the same content, or 0
	DecidedAt      *time.Time
	DecidedBy      string
	Reason         string
	AcceptedFields []string
	// Language is the language of the form the organisation filled in
	// ("pl", "uk", "en"; paper forms are "pl"): what MOPR sends it later
	// (the reminder, the pre-filled PDF form) is in that language.
	Language string
}

// New makes a submission of the record o as sent through channel, about
// the organisation current (nil: a new organisation), on the day today
// (Warsaw time). For an update, what the form does not show (the id, the
// page address, the example flag, the verification date, the
// coordinates) is kept from current. Every contact person who consents
// gets today as the consent date, unless the same person had consented
// before: that consent keeps its date. New changes o.
func New(o, current *directory.Organisation, channel Channel, today time.Time) *Submission {
	sub := &Submission{Kind: KindNew, Channel: channel, Payload: o}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for i := range o.Contacts {
		c := &o.Contacts[i]
		if !c.Consent {
			continue
		}
		c.ConsentOn = &day
		if current == nil {
			continue
		}
		for _, old := range current.Contacts {
			if old.Name == c.Name && old.Consent && old.ConsentOn != nil {
				c.ConsentOn = old.ConsentOn
			}
		}
	}
	if current != nil {
		sub.Kind, sub.OrganisationID = KindUpdate, current.ID
		o.ID, o.Slug, o.Example, o.VerifiedOn = current.ID, current.Slug, current.Example, current.VerifiedOn
		o.Address.Latitude, o.Address.Longitude = current.Address.Latitude, current.Address.Longitude
	}
	return sub
}

// Reference is the number the sender is given to quote.
func (s *Submission) Reference() string { return Reference(s.ID) }

// Reference is the number of submission id as its sender sees it.
func Reference(id int64) string { return "ZG-" + strconv.FormatInt(id, 10) }

var referencePattern = regexp.MustCompile(`^ZG-[0-9]{1,18}$`)

// ValidReference tells whether ref has the form of a reference (it may
// name no submission).
func ValidReference(ref string) bool { return referencePattern.MatchString(ref) }

// Open tells whether the submission still waits for a decision: one
// accepted or rejected is decided for good.
func (s *Submission) Open() bool {
	return s.Status != StatusAccepted && s.Status != StatusRejected
}
