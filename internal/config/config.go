// Package config reads the portal's configuration from the environment.
// There is no other source of configuration and no global copy of it.
package config

import (
	"fmt"
	"log/slog"
	"net/netip"
	"net/url"
	"strings"
)

// Config is everything the portal can be told through the environment.
type Config struct {
	// DatabaseURL is a PostgreSQL URL or keyword/value string. Empty means
	// the local server through the libpq defaults (PGHOST, PGUSER, …), in the
	// database named by PGDATABASE or else "portal".
	DatabaseURL string
	// ListenAddr is where `portal serve` listens.
	ListenAddr string
	// BaseURL is the public address of the portal, used in canonical links
	// and structured data; empty means the address of the request.
	BaseURL string
	// LogLevel is debug, info, warn or error.
	LogLevel slog.Level
	// TrustedProxies are the addresses (or CIDR ranges) of reverse proxies
	// in front of the portal, whose X-Forwarded-For header is believed.
	TrustedProxies []netip.Prefix
}

// Load builds a Config from getenv. It returns an error naming the variable
// whose value cannot be used.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		DatabaseURL: getenv("DATABASE_URL"),
		ListenAddr:  getenv("LISTEN_ADDR"),
		BaseURL:     strings.TrimRight(getenv("BASE_URL"), "/"),
	}
	if c.DatabaseURL == "" {
		db := getenv("PGDATABASE")
		if db == "" {
			db = "portal"
		}
		c.DatabaseURL = "dbname=" + quoteDSN(db)
	}
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
			return Config{}, fmt.Errorf("BASE_URL=%q: want the portal's public address, e.g. https://bank.mopr.leszno.pl", c.BaseURL)
		}
	}
	for _, p := range strings.FieldsFunc(getenv("TRUSTED_PROXIES"), func(r rune) bool { return r == ',' || r == ' ' }) {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, err2 := netip.ParseAddr(p)
			if err2 != nil {
				return Config{}, fmt.Errorf("TRUSTED_PROXIES: %q is not an address or a CIDR range", p)
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix)
	}
	if c.ListenAddr == "" {
		c.ListenAddr = ":8080"
	}
	if lvl := getenv("LOG_LEVEL"); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			return Config{}, fmt.Errorf("LOG_LEVEL=%q: want debug, info, warn or error", lvl)
		}
	}
	return c, nil
}

// quoteDSN quotes a value of a keyword/value connection string.
func quoteDSN(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}
