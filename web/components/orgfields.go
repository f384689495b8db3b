package components

import (
	"slices"
	"strconv"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// FieldLabel is the catalogue key of a field's label (directory.LabelID).
func FieldLabel(key string) string { return directory.LabelID(key) }

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
