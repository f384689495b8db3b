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

// Fields writes every field of the record as text, in form order.
func (o *Organisation) Fields() []FieldValue {
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
		if day.Note != "" {
			line += " (" + day.Note + ")"
		}
		hours = append(hours, line)
	}
	verified := ""
	if o.VerifiedOn != nil {
		verified = o.VerifiedOn.Format("2006-01-02")
	}
	return []FieldValue{
		{"name", o.Name},
		{"short_name", o.ShortName},
		{"slug", o.Slug},
		{"legal_form", string(o.LegalForm)},
		{"public_benefit", yesNo(o.PublicBenefit)},
		{"krs", o.KRS},
		{"nip", o.NIP},
		{"regon", o.REGON},
		{"address.street", o.Address.Street},
		{"address.postal_code", o.Address.PostalCode},
		{"address.city", o.Address.City},
		{"address.district", o.Address.District},
		{"address.coordinates", coords},
		{"phones", strings.Join(o.Phones, "\n")},
		{"emails", strings.Join(o.Emails, "\n")},
		{"website", o.Website},
		{"social", strings.Join(o.Social, "\n")},
		{"contacts", strings.Join(contacts, "\n")},
		{"description", o.Description},
		{"categories", strings.Join(o.Categories, ", ")},
		{"target_groups", strings.Join(o.TargetGroups, ", ")},
		{"hours", strings.Join(hours, "\n")},
		{"hours_note", o.HoursNote},
		{"accessibility", strings.Join(o.Accessibility, ", ")},
		{"languages", strings.Join(o.Languages, ", ")},
		{"takes_volunteers", yesNo(o.TakesVolunteers)},
		{"takes_interns", yesNo(o.TakesInterns)},
		{"volunteer_note", o.VolunteerNote},
		{"verified_on", verified},
	}
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
