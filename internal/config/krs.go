package config

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// KRS is where the organisation forms look entries of the National
// Court Register up ("Pobierz dane z KRS").
type KRS struct {
	// KRSURL is the register's API without the trailing slash
	// (KRS_API_URL, default DefaultKRSURL).
	KRSURL string
	// KRSTimeout bounds one look-up (KRS_TIMEOUT, default
	// DefaultKRSTimeout): the register is often slow, and a person waits
	// for the form meanwhile.
	KRSTimeout time.Duration
}

// The register's public API and the time a look-up may take when the
// environment names neither.
const (
	DefaultKRSURL     = "https://api-krs.ms.gov.pl/api/krs"
	DefaultKRSTimeout = 5 * time.Second
)

// loadKRS reads KRS_API_URL and KRS_TIMEOUT.
func (c *Config) loadKRS(getenv func(string) string) error {
	c.KRSURL, c.KRSTimeout = DefaultKRSURL, DefaultKRSTimeout
	if v := strings.TrimSpace(getenv("KRS_API_URL")); v != "" {
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("KRS_API_URL=%q: want the register's API address, e.g. %s", v, DefaultKRSURL)
		}
		c.KRSURL = strings.TrimRight(v, "/")
	}
	if v := strings.TrimSpace(getenv("KRS_TIMEOUT")); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			return fmt.Errorf("KRS_TIMEOUT=%q: want a duration such as 5s or 1500ms", v)
		}
		c.KRSTimeout = d
	}
	return nil
}
