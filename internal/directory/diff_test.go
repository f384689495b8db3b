package directory

import (
	"slices"
	"testing"
)

func TestDiff(t *testing.T) {
	a := &Organisation{Name: "A", Address: Address{City: "Leszno"}, Categories: []string{"ubostwo"}}
	b := *a
	b.Name = "B"
	b.Categories = []string{"ubostwo", "seniorzy"}
	b.Contacts = []Contact{{Name: "Ewa", Consent: true}}
	b.Hours[2].Intervals = []Interval{{Opens: 480, Closes: 960}}
	var fields []string
	for _, c := range Diff(a, &b) {
		fields = append(fields, c.Field)
	}
	if want := []string{"name", "contacts", "categories", "hours"}; !slices.Equal(fields, want) {
		t.Errorf("changed fields = %v, want %v", fields, want)
	}
	if d := Diff(a, a); len(d) != 0 {
		t.Errorf("a record differs from itself: %v", d)
	}
	changes := Diff(a, &b)
	if changes[0].Before != "A" || changes[0].After != "B" || changes[3].After != "2: 08:00–16:00" {
		t.Errorf("changes = %+v", changes)
	}
	if n := len(Diff(nil, a)); n == 0 {
		t.Error("a new record shows no fields")
	}
}
