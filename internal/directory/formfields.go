package directory

import "strings"

// FormFields lists the names of an organisation's fields in form order
// ("name", "address.city", …), the same names Fields gives with values.
// The printable data form is laid out from this list, so a field added to
// the record shows up there too (or fails the form's tests).
func FormFields() []string {
	// Fields is the one place the list is written; an empty record lists
	// every field as well as a full one does.
	fs := (&Organisation{}).Fields()
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Field
	}
	return names
}

// LabelID is the message catalogue's key of a field's label
// ("address.city": "field_address_city"); the rows of contact persons and
// the days of the office hours share their field's label.
func LabelID(field string) string {
	parts := strings.Split(field, ".")
	if len(parts) == 3 && parts[0] == "contacts" {
		return "field_contacts_" + parts[2]
	}
	if len(parts) >= 2 && parts[0] == "hours" {
		return "field_hours"
	}
	if len(parts) == 2 && parts[0] == "contacts" {
		return "field_contacts"
	}
	return "field_" + strings.ReplaceAll(field, ".", "_")
}
