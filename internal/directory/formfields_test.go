package directory

import (
	"slices"
	"testing"
)

func TestFormFieldsFollowFields(t *testing.T) {
	lat, lon := 51.84, 16.57
	o := &Organisation{Name: "X", Address: Address{Latitude: &lat, Longitude: &lon}, Contacts: []Contact{{Name: "A"}}}
	var want []string
	for _, f := range o.Fields() {
		want = append(want, f.Field)
	}
	got := FormFields()
	if !slices.Equal(got, want) {
		t.Errorf("FormFields() = %v\nFields() names = %v", got, want)
	}
	if got[0] != "name" || !slices.Contains(got, "address.city") {
		t.Errorf("FormFields() = %v, want form order starting with name and holding address.city", got)
	}
}
