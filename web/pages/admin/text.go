package admin

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fieldID is the HTML id of a form field: its name with dots as dashes.
func fieldID(key string) string { return strings.ReplaceAll(key, ".", "-") }

// fieldLabel is the catalogue key of a field's label; contact rows and
// days share their field's label.
func fieldLabel(key string) string {
	parts := strings.Split(key, ".")
	if len(parts) == 3 && parts[0] == "contacts" {
		return "field_contacts_" + parts[2]
	}
	if len(parts) >= 2 && parts[0] == "hours" {
		return "field_hours"
	}
	if len(parts) == 2 && parts[0] == "contacts" {
		return "field_contacts"
	}
	return "field_" + strings.ReplaceAll(key, ".", "_")
}

func describedBy(p OrgFormPage, key, hint string) string {
	var ids []string
	if hint != "" {
		ids = append(ids, fieldID(key)+"-hint")
	}
	if p.Errors[key] != "" {
		ids = append(ids, fieldID(key)+"-error")
	}
	return strings.Join(ids, " ")
}

func sortedKeys(m directory.FieldErrors) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

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

func hoursID(d, k int, end string) string { return fieldID(hoursName(d, k, end)) }

func intervalValue(day directory.Day, k int, opens bool) string {
	if k >= len(day.Intervals) {
		return ""
	}
	if opens {
		return day.Intervals[k].Opens.String()
	}
	return day.Intervals[k].Closes.String() // "24:00" stays 24:00
}
