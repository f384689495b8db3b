package components

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// FieldLabel is the catalogue key of a field's label; contact rows and
// days share their field's label.
func FieldLabel(key string) string {
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
