package config

import (
	"strings"
	"testing"
)

func TestLoadLicence(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataLicence != "CC BY 4.0" || c.DataLicenceURL != "https://creativecommons.org/licenses/by/4.0/deed.pl" {
		t.Errorf("default licence %q at %q", c.DataLicence, c.DataLicenceURL)
	}
	c, err = Load(env(map[string]string{"DATA_LICENCE": "CC0 1.0", "DATA_LICENCE_URL": "https://creativecommons.org/publicdomain/zero/1.0/deed.pl"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataLicence != "CC0 1.0" || c.DataLicenceURL != "https://creativecommons.org/publicdomain/zero/1.0/deed.pl" {
		t.Errorf("licence %q at %q", c.DataLicence, c.DataLicenceURL)
	}
}

func TestLoadRejectsBadLicence(t *testing.T) {
	for _, e := range []map[string]string{
		{"DATA_LICENCE": "CC0 1.0"}, // no address
		{"DATA_LICENCE_URL": "https://creativecommons.org/publicdomain/zero/1.0/"}, // no name
		{"DATA_LICENCE": "CC0", "DATA_LICENCE_URL": "javascript:alert(1)"},
		{"DATA_LICENCE": "CC0", "DATA_LICENCE_URL": "/licencja"},
		{"DATA_LICENCE": "CC0", "DATA_LICENCE_URL": "https://example.org/a>; rel=x"},
		{"DATA_LICENCE": "CC0\nX-Evil: 1", "DATA_LICENCE_URL": "https://example.org/"},
	} {
		_, err := Load(env(e))
		if err == nil || !strings.Contains(err.Error(), "DATA_LICENCE") {
			t.Errorf("Load(%v) = %v, want an error naming DATA_LICENCE", e, err)
		}
	}
}
