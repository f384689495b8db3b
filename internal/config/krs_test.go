package config

import (
	"testing"
	"time"
)

func TestLoadKRS(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.KRSURL != "https://api-krs.ms.gov.pl/api/krs" || c.KRSTimeout != 5*time.Second {
		t.Errorf("defaults: %q %v", c.KRSURL, c.KRSTimeout)
	}
	c, err = Load(env(map[string]string{"KRS_API_URL": "http://127.0.0.1:9000/api/krs/", "KRS_TIMEOUT": "1500ms"}))
	if err != nil || c.KRSURL != "http://127.0.0.1:9000/api/krs" || c.KRSTimeout != 1500*time.Millisecond {
		t.Errorf("set: %q %v %v", c.KRSURL, c.KRSTimeout, err)
	}
	for k, bad := range map[string]string{"KRS_API_URL": "api-krs.ms.gov.pl", "KRS_TIMEOUT": "5"} {
		if _, err := Load(env(map[string]string{k: bad})); err == nil {
			t.Errorf("%s=%q accepted", k, bad)
		}
	}
	if _, err := Load(env(map[string]string{"KRS_TIMEOUT": "0s"})); err == nil {
		t.Error("KRS_TIMEOUT=0s accepted: a look-up must end")
	}
}
