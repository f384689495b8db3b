package directory

import (
	"fmt"
	"strconv"
	"strings"
)

// FieldValue is one field of a record written out as text, for history
// and comparison. Field is the form's field name ("address.city"); the
// interface labels it through the catalogue key "field_" + Field.
type FieldValue struct {
	Field string
	Value string
}

// FieldChange is a field whose text differs between two versions.
type FieldChange struct {
	Field  string
	Before string
	After  string
}

func yesNo(b bool) string {
	if b {
		return "✓"
	}
	return "–"
}

// Names turns the codes a record holds into the words people read: the
// same labels the form offers.
type Names struct {
	Vocab Vocabulary
	// T looks a message up in the catalogue: "legal_form_" + code,
	// "access_" + code, "weekday_" + 1…7, "field_contact_consent_short".
	T func(id string) string
	// Language names an ISO 639-1 code; nil leaves codes as they are.
	Language func(code string) string
}

// Fields writes every field of the record as text, in form order, with
// the codes as stored (slugs, "1: 09:00–15:00"): what is compared.
func (o *Organisation) Fields() []FieldValue { return o.fields(nil) }

// NamedFields is Fields as a person reads it: a legal form, district,
// category, target group, accessibility feature or language by its name,
// office hours by the day's name ("poniedziałek 09:00–15:00").
func (o *Organisation) NamedFields(n Names) []FieldValue { return o.fields(&n) }

func (o *Organisation) fields(n *Names) []FieldValue {
	coords := ""
	if o.Address.Latitude != nil && o.Address.Longitude != nil {
		coords = strconv.FormatFloat(*o.Address.Latitude, 'f', -1, 64) + ", " + strconv.FormatFloat(*o.Address.Longitude, 'f', -1, 64)
	}
	var contacts []string
	for _, c := range o.Contacts {
		parts := []string{c.Name}
		for _, p := range []string{c.Function, c.Phone, c.Email} {
			if p != "" {
				parts = append(parts, p)
			}
		}
		consent := "zgoda: " + yesNo(c.Consent)
		if n != nil {
			consent = n.T("field_contact_consent_short") + ": " + yesNo(c.Consent)
		}
		if c.ConsentOn != nil {
			consent += " " + c.ConsentOn.Format("2006-01-02")
		}
		contacts = append(contacts, strings.Join(parts, ", ")+" ("+consent+")")
	}
	var hours []string
	for d := 1; d <= 7; d++ {
		day := o.Hours[d]
		if len(day.Intervals) == 0 && day.Note == "" {
			continue
		}
		var ivs []string
		for _, iv := range day.Intervals {
			ivs = append(ivs, iv.Opens.String()+"–"+iv.Closes.String())
		}
		line := fmt.Sprintf("%d: %s", d, strings.Join(ivs, ", "))
		if n != nil {
			line = strings.TrimSpace(n.T("weekday_"+strconv.Itoa(d)) + " " + strings.Join(ivs, ", "))
		}
		if day.Note != "" {
			line += " (" + day.Note + ")"
		}
		hours = append(hours, line)
	}
	verified := ""
	if o.VerifiedOn != nil {
		verified = o.VerifiedOn.Format("2006-01-02")
	}
	legalForm := string(o.LegalForm)
	district, categories, groups := o.Address.District, o.Categories, o.TargetGroups
	access, languages := o.Accessibility, o.Languages
	if n != nil {
		if legalForm != "" {
			legalForm = n.T("legal_form_" + legalForm)
		}
		if district != "" {
			district = n.Vocab.DistrictName(district)
		}
		categories = mapNames(categories, n.Vocab.CategoryName)
		groups = mapNames(groups, n.Vocab.TargetGroupName)
		access = mapNames(access, func(a string) string { return n.T("access_" + a) })
		if n.Language != nil {
			languages = mapNames(languages, n.Language)
		}
	}
	return []FieldValue{
		{"name", o.Name},
		{"short_name", o.ShortName},
		{"slug", o.Slug},
		{"legal_form", legalForm},
		{"public_benefit", yesNo(o.PublicBenefit)},
		{"krs", o.KRS},
		{"nip", o.NIP},
		{"regon", o.REGON},
		{"address.street", o.Address.Street},
		{"address.postal_code", o.Address.PostalCode},
		{"address.city", o.Address.City},
		{"address.district", district},
		{"address.coordinates", coords},
		{"address.confidential", yesNo(o.Address.Confidential)},
		{"phones", strings.Join(o.Phones, "\n")},
		{"emails", strings.Join(o.Emails, "\n")},
		{"website", o.Website},
		{"social", strings.Join(o.Social, "\n")},
		{"contacts", strings.Join(contacts, "\n")},
		{"description", o.Description},
		{"description_uk", o.DescriptionUK},
		{"description_en", o.DescriptionEN},
		{"categories", strings.Join(categories, ", ")},
		{"target_groups", strings.Join(groups, ", ")},
		{"hours", strings.Join(hours, "\n")},
		{"hours_note", o.HoursNote},
		{"hours_note_uk", o.HoursNoteUK},
		{"hours_note_en", o.HoursNoteEN},
		{"accessibility", strings.Join(access, ", ")},
		{"languages", strings.Join(languages, ", ")},
		{"takes_volunteers", yesNo(o.TakesVolunteers)},
		{"takes_interns", yesNo(o.TakesInterns)},
		{"volunteer_note", o.VolunteerNote},
		{"verified_on", verified},
	}
}

func mapNames(codes []string, name func(string) string) []string {
	if len(codes) == 0 {
		return codes
	}
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = name(c)
	}
	return out
}

// DiffNamed is Diff with the values as a person reads them (see
// NamedFields): the fields are those whose stored codes differ.
func DiffNamed(before, after *Organisation, n Names) []FieldChange {
	changes := Diff(before, after)
	if len(changes) == 0 {
		return changes
	}
	var b []FieldValue
	if before != nil {
		b = before.NamedFields(n)
	}
	a := after.NamedFields(n)
	out := changes[:0]
	for _, c := range changes {
		for i, f := range a {
			if f.Field != c.Field {
				continue
			}
			c.After = f.Value
			if b != nil {
				c.Before = b[i].Value
			}
			break
		}
		out = append(out, c)
	}
	return out
}

// Diff lists the fields whose text differs from before to after; a nil
// before (a new record) lists every field that has a value.
func Diff(before, after *Organisation) []FieldChange {
	var b []FieldValue
	if before != nil {
		b = before.Fields()
	}
	var out []FieldChange
	for i, f := range after.Fields() {
		old := ""
		if b != nil {
			old = b[i].Value
		}
		if old != f.Value {
			out = append(out, FieldChange{Field: f.Field, Before: old, After: f.Value})
		}
	}
	return out
}
