// Package directory holds the organisation record of the NGO data bank: its
// types, the rules a record must satisfy, the Polish identifiers (KRS, NIP,
// REGON) and the weekly office hours with the open-now rule. It knows nothing
// of SQL or HTTP.
package directory

import (
	"time"
)

// LegalForm is the legal form of a non-governmental organisation.
type LegalForm string

// The legal forms an organisation in the directory can have.
const (
	FormAssociation      LegalForm = "stowarzyszenie"
	FormFoundation       LegalForm = "fundacja"
	FormOrdinaryAssoc    LegalForm = "stowarzyszenie-zwykle"
	FormChurchEntity     LegalForm = "koscielna-osoba-prawna"
	FormSocialCoop       LegalForm = "spoldzielnia-socjalna"
	FormAssociationUnion LegalForm = "zwiazek-stowarzyszen"
	FormOther            LegalForm = "inna"
)

// LegalForms lists every legal form in the order forms offer them.
var LegalForms = []LegalForm{FormAssociation, FormFoundation, FormOrdinaryAssoc, FormChurchEntity, FormSocialCoop, FormAssociationUnion, FormOther}

// Accessibility features an organisation's premises may offer. The codes are
// stable; their labels live in the message catalogue.
var AccessibilityFeatures = []string{
	"wejscie-bez-barier", // step-free entrance
	"winda",              // lift
	"toaleta-dostepna",   // accessible toilet
	"petla-indukcyjna",   // induction loop
	"jezyk-migowy",       // Polish Sign Language on site
	"tlumacz-online",     // remote sign-language interpreter
	"parking-dla-osob-z-niepelnosprawnoscia",
	"oznaczenia-brajlem", // Braille signage
	"pies-asystujacy",    // assistance dogs welcome
}

// Organisation is one non-governmental organisation as the data bank keeps it.
type Organisation struct {
	ID            string    `json:"id"` // UUID, stable across exports (HSDS)
	Slug          string    `json:"slug"`
	Name          string    `json:"name"`
	ShortName     string    `json:"short_name,omitempty"`
	LegalForm     LegalForm `json:"legal_form"`
	PublicBenefit bool      `json:"public_benefit"` // status OPP
	KRS           string    `json:"krs,omitempty"`
	NIP           string    `json:"nip,omitempty"`
	REGON         string    `json:"regon,omitempty"`

	Address Address `json:"address"`

	Phones   []string  `json:"phones,omitempty"`
	Emails   []string  `json:"emails,omitempty"`
	Website  string    `json:"website,omitempty"`
	Social   []string  `json:"social,omitempty"` // profile URLs
	Contacts []Contact `json:"contacts,omitempty"`

	Description  string   `json:"description"`
	Categories   []string `json:"categories,omitempty"`    // category slugs
	TargetGroups []string `json:"target_groups,omitempty"` // target-group slugs

	Hours         WeeklyHours `json:"hours"`
	HoursNote     string      `json:"hours_note,omitempty"` // applies to the whole week
	Accessibility []string    `json:"accessibility,omitempty"`
	Languages     []string    `json:"languages,omitempty"` // ISO 639-1 codes

	TakesVolunteers bool   `json:"takes_volunteers"`
	TakesInterns    bool   `json:"takes_interns"`
	VolunteerNote   string `json:"volunteer_note,omitempty"`

	// The organisation's own texts in Ukrainian and English, when it gives
	// them (see DescriptionIn): the Polish ones above are required and are
	// what a page in another language falls back on.
	DescriptionUK string `json:"description_uk,omitempty"`
	DescriptionEN string `json:"description_en,omitempty"`
	HoursNoteUK   string `json:"hours_note_uk,omitempty"`
	HoursNoteEN   string `json:"hours_note_en,omitempty"`

	// Example marks demo content ("przykładowe dane"): never real data.
	Example    bool       `json:"example"`
	VerifiedOn *time.Time `json:"verified_on,omitempty"` // a calendar date
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	Version    int        `json:"version"`
}

// Address is where an organisation receives people.
type Address struct {
	Street     string   `json:"street"`
	PostalCode string   `json:"postal_code"` // NN-NNN
	City       string   `json:"city"`
	District   string   `json:"district,omitempty"` // district slug of Leszno
	Latitude   *float64 `json:"latitude,omitempty"`
	Longitude  *float64 `json:"longitude,omitempty"`
	// Confidential marks an address that must never be public ("adres
	// poufny": a shelter, a crisis flat): the public sees only the city,
	// the district and the ways to make contact (see Conceal).
	Confidential bool `json:"confidential"`
}

// Conceal blanks what a confidential address keeps from the public: the
// street with the building number, the postal code and the coordinates.
// The city and the district stay. An address that is not confidential is
// left as it is.
func (a *Address) Conceal() {
	if !a.Confidential {
		return
	}
	a.Street, a.PostalCode = "", ""
	a.Latitude, a.Longitude = nil, nil
}

// Contact is a contact person. Personal data: shown publicly only with
// recorded consent.
type Contact struct {
	Name      string     `json:"name"`
	Function  string     `json:"function,omitempty"`
	Phone     string     `json:"phone,omitempty"`
	Email     string     `json:"email,omitempty"`
	Consent   bool       `json:"consent"`
	ConsentOn *time.Time `json:"consent_on,omitempty"`
}

// PublicContacts returns the contact persons who consented to publication.
func (o *Organisation) PublicContacts() []Contact {
	var out []Contact
	for _, c := range o.Contacts {
		if c.Consent {
			out = append(out, c)
		}
	}
	return out
}

// Category is one entry of the controlled two-level list of
// social-assistance areas. Parent is empty for a top-level category.
type Category struct {
	Slug   string
	Name   string
	Parent string
}

// TargetGroup is one entry of the controlled list of people an organisation
// serves.
type TargetGroup struct {
	Slug string
	Name string
}

// District is one part of Leszno an address can lie in.
type District struct {
	Slug string
	Name string
}
