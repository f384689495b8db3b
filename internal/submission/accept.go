package submission

import "github.com/mopr-leszno/portal/internal/directory"

// Choice is what a staff member accepts of a submission: everything
// (All), or the fields named.
type Choice struct {
	All    bool
	Fields []string
}

// FieldsFor returns the fields the choice writes into the working copy,
// given the submission and the organisation as it is now (current; nil
// for a new organisation). All means every field of a new organisation,
// and for an update every field the moderation page showed as changed
// against current: the store calls it on the record it locked, so the
// page's diff and what is written cannot drift apart.
func (c Choice) FieldsFor(sub *Submission, current *directory.Organisation) []string {
	if !c.All {
		return c.Fields
	}
	var fields []string
	if sub.Kind == KindUpdate {
		for _, ch := range directory.Diff(current, sub.Payload) {
			fields = append(fields, ch.Field)
		}
		return fields
	}
	for _, f := range sub.Payload.Fields() {
		fields = append(fields, f.Field)
	}
	return fields
}
