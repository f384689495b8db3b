package directory

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
