package directory

import (
	"slices"
	"testing"
	"time"
)

func full() *Organisation {
	lat, lon := 51.84, 16.57
	day := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	o := &Organisation{Name: "N", ShortName: "S", Slug: "n", LegalForm: FormFoundation, PublicBenefit: true,
		KRS: "0000000001", NIP: "1", REGON: "2", Address: Address{Street: "ul. A 1", PostalCode: "64-100", City: "Leszno",
			District: "d", Latitude: &lat, Longitude: &lon, Confidential: true}, Phones: []string{"1"}, Emails: []string{"a@b.pl"},
		Website: "https://x.pl", Social: []string{"https://f.pl"}, Contacts: []Contact{{Name: "Ewa", Consent: true, ConsentOn: &day}},
		Description: "D", Categories: []string{"c"}, TargetGroups: []string{"t"}, HoursNote: "H",
		Accessibility: []string{"winda"}, Languages: []string{"en"}, TakesVolunteers: true, TakesInterns: true,
		VolunteerNote: "V", VerifiedOn: &day}
	o.Hours[1].Intervals = []Interval{{Opens: 480, Closes: 960}}
	o.Hours[1].Note = "pn"
	return o
}

// Every field Fields lists can be taken over: applying all of them makes
// the records equal, applying some changes only those.
func TestApplyFields(t *testing.T) {
	src := full()
	var all []string
	for _, f := range src.Fields() {
		all = append(all, f.Field)
	}
	dst := &Organisation{}
	if unknown := ApplyFields(dst, src, all); unknown != nil {
		t.Fatalf("fields ApplyFields does not know: %v", unknown)
	}
	if d := Diff(dst, src); len(d) != 0 {
		t.Errorf("after applying every field, still different: %+v", d)
	}

	dst = &Organisation{Name: "Stara"}
	ApplyFields(dst, src, []string{"address.city", "hours"})
	var changed []string
	for _, c := range Diff(&Organisation{Name: "Stara"}, dst) {
		changed = append(changed, c.Field)
	}
	if !slices.Equal(changed, []string{"address.city", "hours"}) || dst.Name != "Stara" {
		t.Errorf("applying two fields changed %v (name %q)", changed, dst.Name)
	}
	dst.Hours[1].Intervals[0].Opens = 0
	if src.Hours[1].Intervals[0].Opens != 480 {
		t.Error("the copy shares the source's hours")
	}
}
