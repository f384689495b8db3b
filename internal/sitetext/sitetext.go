// Package sitetext holds the texts of the site that MOPR's staff write in
// the admin area rather than the programmers in the catalogue: MOPR's own
// contact, the data controller and the data protection officer, the
// accessibility statement's facts and the help numbers of the home page.
// The staff edit a working set; each publication carries a copy of it, so
// the public pages show the texts as published, from memory. The package
// holds the fields, their rules and the parser of the help numbers; no SQL,
// no HTTP.
package sitetext

import (
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Texts are the site texts by key (the Key of a Field). A key missing is
// an empty text.
type Texts map[string]string

// Get returns the text under key, or "".
func (t Texts) Get(key string) string { return t[key] }

// Kind is how a text is written and checked.
type Kind int

// The kinds of text.
const (
	Line      Kind = iota // one line
	Paragraph             // several lines
	Email                 // an e-mail address
	Phone                 // a phone number (becomes a tel: link)
	Date                  // a date, RRRR-MM-DD
	Choice                // one of Options
	Helplines             // lines "name | number | note", see ParseHelplines
)

// Field is one site text.
type Field struct {
	Key      string
	Kind     Kind
	Required bool // publishing is refused while it is empty
	Options  []string
	// Lang is the language of a translation ("uk", "en"); empty for the
	// Polish texts.
	Lang string
}

// Group is a titled part of the form; its title and each field's label
// and hint are in the catalogue under "sitetext_group_"+Name,
// "sitetext_"+Key and "sitetext_"+Key+"_hint".
type Group struct {
	Name   string
	Fields []Field
}

// The values of the accessibility statement's status (its fixed sentences
// are in the catalogue under "a11y_status_"+value) and of how it was
// assessed.
const (
	StatusCompliant = "zgodna"
	StatusPartial   = "czesciowo-zgodna"
	StatusNone      = "niezgodna"
	MethodSelf      = "samoocena"
	MethodExternal  = "podmiot-zewnetrzny"
)

// Keys the pages read.
const (
	MoprName          = "mopr_name"
	MoprAddress       = "mopr_address"
	MoprPhone         = "mopr_phone"
	MoprEmail         = "mopr_email"
	MoprHours         = "mopr_hours"
	ControllerName    = "controller_name"
	ControllerContact = "controller_contact"
	DPOName           = "dpo_name"
	DPOContact        = "dpo_contact"
	CrisisName        = "crisis_name"
	CrisisPhone       = "crisis_phone"
	CrisisNote        = "crisis_note"
	HelplinesKey      = "helplines"
	A11yPublished     = "a11y_published"
	A11yUpdated       = "a11y_updated"
	A11yStatus        = "a11y_status"
	A11yExceptions    = "a11y_exceptions"
	A11yPrepared      = "a11y_prepared"
	A11yReviewed      = "a11y_reviewed"
	A11yMethod        = "a11y_method"
	A11yContactName   = "a11y_contact_name"
	A11yContactEmail  = "a11y_contact_email"
	A11yContactPhone  = "a11y_contact_phone"
	A11yBuilding      = "a11y_building"
	A11yCommunication = "a11y_communication"
)

// Groups are the site texts in the order of the form.
var Groups = []Group{
	{"mopr", []Field{
		{Key: MoprName, Kind: Line, Required: true},
		{Key: MoprAddress, Kind: Paragraph, Required: true},
		{Key: MoprPhone, Kind: Phone, Required: true},
		{Key: MoprEmail, Kind: Email, Required: true},
		{Key: MoprHours, Kind: Paragraph, Required: true},
	}},
	{"privacy", []Field{
		{Key: ControllerName, Kind: Line, Required: true},
		{Key: ControllerContact, Kind: Paragraph, Required: true},
		{Key: DPOName, Kind: Line, Required: true},
		{Key: DPOContact, Kind: Paragraph, Required: true},
	}},
	{"help", []Field{
		{Key: CrisisName, Kind: Line, Required: true},
		{Key: CrisisPhone, Kind: Phone, Required: true},
		{Key: CrisisNote, Kind: Line},
		{Key: HelplinesKey, Kind: Helplines, Required: true},
	}},
	{"a11y", []Field{
		{Key: A11yPublished, Kind: Date, Required: true},
		{Key: A11yUpdated, Kind: Date, Required: true},
		{Key: A11yStatus, Kind: Choice, Required: true, Options: []string{StatusCompliant, StatusPartial, StatusNone}},
		{Key: A11yExceptions, Kind: Paragraph},
		{Key: A11yPrepared, Kind: Date, Required: true},
		{Key: A11yReviewed, Kind: Date},
		{Key: A11yMethod, Kind: Choice, Required: true, Options: []string{MethodSelf, MethodExternal}},
		{Key: A11yContactName, Kind: Line, Required: true},
		{Key: A11yContactEmail, Kind: Email, Required: true},
		{Key: A11yContactPhone, Kind: Phone, Required: true},
		{Key: A11yBuilding, Kind: Paragraph, Required: true},
		{Key: A11yCommunication, Kind: Paragraph, Required: true},
	}},
}

// Fields returns every field, in the order of the form: the Polish texts,
// then their translations (TranslationGroups).
func Fields() []Field {
	var fs []Field
	for _, g := range Groups {
		fs = append(fs, g.Fields...)
	}
	for _, g := range TranslationGroups {
		fs = append(fs, g.Fields...)
	}
	return fs
}

// Limits of a text, in characters.
const (
	maxLine      = 300
	maxParagraph = 4000
)

// Messages of the rules (catalogue IDs).
const (
	ErrDate      = "sitetext_err_date"
	ErrChoice    = "sitetext_err_choice"
	ErrHelplines = "sitetext_err_helplines"
	ErrPhone     = directory.ErrPhone
	ErrEmail     = directory.ErrEmail
	// ErrExceptions: a statement that is not "zgodna" must say what is not
	// accessible.
	ErrExceptions = "sitetext_err_exceptions"
	ErrUpdated    = "sitetext_err_updated"
)

// Normalize trims the texts of a form: surrounding spaces away, line ends
// as "\n", only the known keys.
func Normalize(in map[string]string) Texts {
	t := Texts{}
	for _, f := range Fields() {
		v := strings.ReplaceAll(in[f.Key], "\r\n", "\n")
		t[f.Key] = strings.TrimSpace(v)
	}
	return t
}

// Validate checks what is written against each field's kind and returns
// the broken rules by key (catalogue IDs); nil when none. An empty required
// text is not an error here: staff may save the texts bit by bit, and only
// publishing needs them all (see Missing).
func (t Texts) Validate() map[string]string {
	errs := map[string]string{}
	for _, f := range Fields() {
		v := t[f.Key]
		max, multi := maxLine, false
		if f.Kind == Paragraph || f.Kind == Helplines {
			max, multi = maxParagraph, true
		}
		if msg := directory.CheckText(v, false, max, multi); msg != "" {
			errs[f.Key] = msg
			continue
		}
		if v == "" {
			continue
		}
		switch f.Kind {
		case Email:
			if !directory.ValidEmail(v) {
				errs[f.Key] = ErrEmail
			}
		case Phone:
			if !ValidPhone(v) {
				errs[f.Key] = ErrPhone
			}
		case Date:
			if _, err := time.Parse(time.DateOnly, v); err != nil {
				errs[f.Key] = ErrDate
			}
		case Choice:
			ok := false
			for _, o := range f.Options {
				ok = ok || o == v
			}
			if !ok {
				errs[f.Key] = ErrChoice
			}
		case Helplines:
			if _, err := ParseHelplines(v); err != nil {
				errs[f.Key] = ErrHelplines
			}
		}
	}
	if s := t[A11yStatus]; s != "" && s != StatusCompliant && t[A11yExceptions] == "" && errs[A11yStatus] == "" {
		errs[A11yExceptions] = ErrExceptions
	}
	if p, u := t.date(A11yPublished), t.date(A11yUpdated); !p.IsZero() && !u.IsZero() && u.Before(p) && errs[A11yUpdated] == "" {
		errs[A11yUpdated] = ErrUpdated
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Missing lists the required texts that are empty, in the order of the
// form: while any is, the directory cannot be published.
func (t Texts) Missing() []string {
	var keys []string
	for _, f := range Fields() {
		if f.Required && strings.TrimSpace(t[f.Key]) == "" {
			keys = append(keys, f.Key)
		}
	}
	if s := t[A11yStatus]; s != "" && s != StatusCompliant && strings.TrimSpace(t[A11yExceptions]) == "" {
		keys = append(keys, A11yExceptions)
	}
	return keys
}

// Date returns the date under key, or the zero time when there is none.
func (t Texts) date(key string) time.Time {
	d, err := time.Parse(time.DateOnly, t[key])
	if err != nil {
		return time.Time{}
	}
	return d
}

// Date returns the date under key (a Date field) and whether there is one.
func (t Texts) Date(key string) (time.Time, bool) {
	d := t.date(key)
	return d, !d.IsZero()
}

// Changed lists the keys whose texts differ between a and b, in the order
// of the form (for the history and the audit log).
func Changed(a, b Texts) []string {
	keys := []string{}
	for _, f := range Fields() {
		if a[f.Key] != b[f.Key] {
			keys = append(keys, f.Key)
		}
	}
	return keys
}

// ControllerData fills the catalogue's sentence on the data controller
// ("privacy_controller": {{.Name}}, {{.Contact}}); notGiven stands in for
// a text not written (a publication made before the site texts).
func (t Texts) ControllerData(notGiven string) map[string]string {
	return map[string]string{"Name": or(t[ControllerName], notGiven), "Contact": or(OneLine(t[ControllerContact]), notGiven)}
}

// DPOData fills the sentence on the data protection officer
// ("privacy_dpo").
func (t Texts) DPOData(notGiven string) map[string]string {
	return map[string]string{"Name": or(t[DPOName], notGiven), "Contact": or(OneLine(t[DPOContact]), notGiven)}
}

func or(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}

// OneLine joins a text of several lines with commas (an address in a
// sentence).
func OneLine(s string) string {
	var kept []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			kept = append(kept, l)
		}
	}
	return strings.Join(kept, ", ")
}
