package server

import "testing"

// The ETag names the publication, its amendment, the language and the
// open-now window, in the form clients have stored.
func TestPublicationETagForm(t *testing.T) {
	if got, want := publicationETag(12, 1764700000123456, "pl", 1764700200), `W/"p12-1764700000123456-pl-1764700200"`; got != want {
		t.Errorf("%s, want %s", got, want)
	}
}
