package public

import (
	"testing"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Directions lead to the address, by its coordinates when known; without a
// street address there is no link (a confidential or missing address).
func TestDirectionsURL(t *testing.T) {
	lat, lon := 51.84218, 16.57431
	for _, tt := range []struct {
		name string
		a    directory.Address
		want string
	}{
		{"coordinates", directory.Address{Street: "Rynek 7", PostalCode: "64-100", City: "Leszno", Latitude: &lat, Longitude: &lon},
			"https://www.openstreetmap.org/directions?from=&to=51.842180%2C16.574310"},
		{"street only", directory.Address{Street: "ul. Długa 5 & 7", PostalCode: "64-100", City: "Leszno"},
			"https://www.openstreetmap.org/directions?from=&to=ul.+D%C5%82uga+5+%26+7%2C+64-100+Leszno"},
		{"no street", directory.Address{PostalCode: "64-100", City: "Leszno", Latitude: &lat, Longitude: &lon}, ""},
		{"blank street", directory.Address{Street: "  ", City: "Leszno"}, ""},
	} {
		if got := directionsURL(tt.a); got != tt.want {
			t.Errorf("%s: directionsURL = %q, want %q", tt.name, got, tt.want)
		}
	}
}
