package components

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// FieldLabel is the catalogue key of a field's label (directory.LabelID;
// the office hours' fields with their day, see OrgFieldLabel).
func FieldLabel(key string) string { return OrgFieldLabel(key) }

func coord(f *float64) string {
	if f == nil {
		return ""
	}
	return strconv.FormatFloat(*f, 'f', -1, 64)
}

func dateText(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

// withEmpty adds empty rows for new contact persons.
func withEmpty(cs []directory.Contact) []directory.Contact {
	return append(slices.Clone(cs), make([]directory.Contact, 2)...)
}

func contactKey(i int, field string) string { return "contacts." + strconv.Itoa(i) + "." + field }

func hoursName(d, k int, end string) string {
	return "hours." + strconv.Itoa(d) + "." + strconv.Itoa(k) + "." + end
}

func hoursID(d, k int, end string) string { return FieldID(hoursName(d, k, end)) }

func intervalValue(day directory.Day, k int, opens bool) string {
	if k >= len(day.Intervals) {
		return ""
	}
	if opens {
		return day.Intervals[k].Opens.String()
	}
	return day.Intervals[k].Closes.String() // "24:00" stays 24:00
}

func end(opens bool) string {
	if opens {
		return "opens"
	}
	return "closes"
}

// requiredOrgFields are the organisation's fields Validate requires
// whatever else is filled in (the page address, required too, is made
// from the name when left empty).
var requiredOrgFields = []string{"name", "legal_form", "address.city", "description", "categories"}

// RequiredOrgField reports whether the form marks field key as required.
func RequiredOrgField(key string) bool { return slices.Contains(requiredOrgFields, key) }

// OrgFieldLabel is the catalogue key of an organisation form field's
// label; the office hours' fields are named with their day ("Wtorek:
// godzina zamknięcia"), so a message about one says which it is.
func OrgFieldLabel(key string) string {
	parts := strings.Split(key, ".")
	if len(parts) >= 2 && parts[0] == "hours" && len(parts[1]) == 1 && parts[1] >= "1" && parts[1] <= "7" {
		switch {
		case len(parts) == 2:
			return "field_hours_day_" + parts[1]
		case len(parts) == 3 && parts[2] == "note":
			return "field_hours_note_" + parts[1]
		case len(parts) == 4 && (parts[3] == "opens" || parts[3] == "closes"):
			return "field_hours_" + parts[3] + "_" + parts[1]
		}
	}
	return directory.LabelID(key)
}

// LanguageName names a language code of Organisation.Languages in the
// reader's language: the catalogue's name ("language_pso": "polski język
// migowy"), else the CLDR name, else the code itself.
func LanguageName(ctx context.Context, code string) string {
	tr := i18n.From(ctx)
	if id := "language_" + code; tr.Has(id) {
		return tr.T(id)
	}
	if n := display.Languages(language.Make(tr.Lang())).Name(language.Make(code)); n != "" {
		return n
	}
	return code
}

// orgFormOrder are the organisation's fields in the order the form shows
// them; contacts.N.… and hours.N.… sort within their place by row and
// day.
var orgFormOrder = []string{
	"name", "short_name", "slug", "legal_form", "public_benefit", "krs", "nip", "regon",
	"address.street", "address.postal_code", "address.city", "address.district", "address.confidential", "address.latitude", "address.longitude",
	"phones", "emails", "website", "social", "contacts",
	"description", "description_uk", "description_en", "categories", "target_groups", "takes_volunteers", "takes_interns", "volunteer_note",
	"hours", "hours_note", "hours_note_uk", "hours_note_en", "accessibility", "languages", "verified_on",
}

var contactOrder = []string{"name", "function", "phone", "email", "consent", "consent_on"}

// orgFieldRank is where field key comes in the form: its place in
// orgFormOrder, then the row or day, then the part of it. Keys the list
// does not know come after all it knows.
func orgFieldRank(key string) []int {
	parts := strings.Split(key, ".")
	place := slices.Index(orgFormOrder, key)
	if place >= 0 {
		return []int{place}
	}
	switch {
	case len(parts) >= 2 && parts[0] == "contacts":
		row, _ := strconv.Atoi(parts[1])
		rank := []int{slices.Index(orgFormOrder, "contacts"), row}
		if len(parts) == 3 {
			rank = append(rank, slices.Index(contactOrder, parts[2])+1)
		}
		return rank
	case len(parts) >= 2 && parts[0] == "hours":
		day, _ := strconv.Atoi(parts[1])
		rank := []int{slices.Index(orgFormOrder, "hours"), day}
		switch {
		case len(parts) == 4:
			k, _ := strconv.Atoi(parts[2])
			part := 1 + 2*k
			if parts[3] == "closes" {
				part++
			}
			rank = append(rank, part)
		case len(parts) == 3: // the day's note, after its intervals
			rank = append(rank, 100)
		}
		return rank
	}
	return []int{len(orgFormOrder)}
}

// OrgErrorOrder sorts the names of an organisation form's errors in the
// order of the form, with first (the sender's own fields, shown above the
// organisation's) before them in the order given.
func OrgErrorOrder(first ...string) func(a, b string) int {
	rank := func(k string) []int {
		if i := slices.Index(first, k); i >= 0 {
			return []int{-1, i}
		}
		return orgFieldRank(k)
	}
	return func(a, b string) int {
		if c := slices.Compare(rank(a), rank(b)); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	}
}

// polishField is "pl" for the fields an organisation writes its own
// Polish text in (the description and the notes; their translations have
// fields of their own), so that a form on a Ukrainian or English page
// marks what they hold as Polish; "" for the others.
func polishField(key string) string {
	switch key {
	case "description", "hours_note", "volunteer_note":
		return "pl"
	}
	return ""
}
