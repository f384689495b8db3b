// Package config reads the portal's configuration from the environment.
// There is no other source of configuration and no global copy of it.
package config

import (
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/netip"
	"net/url"
	"strconv"
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
	// SMTPURL is the mail server reminders are sent through:
	// smtp://user:password@host:587 (STARTTLS, required when a password is
	// given) or smtps://user:password@host:465 (TLS from the start). Empty
	// means mail is not configured: staff get mailto: links instead.
	SMTPURL string
	// MailFrom is the sender of the portal's e-mail (MAIL_FROM); the default
	// is DefaultMailFrom.
	MailFrom string
	// VerifyMonths is how many months an organisation's data counts as
	// verified (VERIFY_MONTHS, default 12); older data is listed for
	// verification.
	VerifyMonths int
	// MetricsFrom are the addresses (or CIDR ranges) allowed to read
	// /metrics (METRICS_FROM); the default is loopback only.
	MetricsFrom []netip.Prefix
	// DebugAddr is a loopback address (DEBUG_ADDR, e.g. 127.0.0.1:6060)
	// where the Go profiler (net/http/pprof) answers, to see where an
	// instance spends its time under real load; empty, the default, means
	// no profiler.
	DebugAddr string
	// EmbedOrigins are the sites (origins such as https://mopr.leszno.pl)
	// allowed to show the embeddable directory (/osadz) in an iframe.
	EmbedOrigins []string
	// DataLicence and DataLicenceURL name the licence the directory's
	// downloads are published under (DATA_LICENCE, DATA_LICENCE_URL; by
	// default DefaultDataLicence at DefaultDataLicenceURL).
	DataLicence, DataLicenceURL string
	// KeepPublications is how many of the newest publications keep their
	// copies (KEEP_PUBLICATIONS, default 10); older ones are pruned unless
	// current or pinned.
	KeepPublications int
	// Operations are the database timeouts, the pool and the shutdown
	// (see operations.go).
	Operations
	// KRS is the register the organisation forms look entries up in
	// (see krs.go).
	KRS
}

// prefixes reads a list of addresses or CIDR ranges separated by commas
// or spaces from the variable name; an address is a range of one.
func prefixes(name, value string) ([]netip.Prefix, error) {
	var list []netip.Prefix
	for _, p := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || r == ' ' }) {
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, err2 := netip.ParseAddr(p)
			if err2 != nil {
				return nil, fmt.Errorf("%s: %q is not an address or a CIDR range", name, p)
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		list = append(list, prefix.Masked())
	}
	return list, nil
}

// DefaultMailFrom is the sender when MAIL_FROM is not set.
const DefaultMailFrom = "MOPR Leszno <no-reply@mopr.leszno.pl>"

// The licence of the downloads when DATA_LICENCE is not set.
const (
	DefaultDataLicence    = "CC BY 4.0"
	DefaultDataLicenceURL = "https://creativecommons.org/licenses/by/4.0/deed.pl"
)

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
	var err error
	if c.TrustedProxies, err = prefixes("TRUSTED_PROXIES", getenv("TRUSTED_PROXIES")); err != nil {
		return Config{}, err
	}
	if c.MetricsFrom, err = prefixes("METRICS_FROM", getenv("METRICS_FROM")); err != nil {
		return Config{}, err
	}
	if len(c.MetricsFrom) == 0 {
		c.MetricsFrom = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	}
	if c.DebugAddr = getenv("DEBUG_ADDR"); c.DebugAddr != "" {
		host, _, err := net.SplitHostPort(c.DebugAddr)
		ip, perr := netip.ParseAddr(host)
		if err != nil || (host != "localhost" && (perr != nil || !ip.IsLoopback())) {
			return Config{}, fmt.Errorf("DEBUG_ADDR=%q: want a loopback address and port, e.g. 127.0.0.1:6060 (the profiler must not be reachable from outside)", c.DebugAddr)
		}
	}
	for _, o := range strings.FieldsFunc(getenv("EMBED_ORIGINS"), func(r rune) bool { return r == ',' || r == ' ' }) {
		origin, err := ParseOrigin(o)
		if err != nil {
			return Config{}, fmt.Errorf("EMBED_ORIGINS: %q is not an origin; want e.g. https://mopr.leszno.pl", o)
		}
		c.EmbedOrigins = append(c.EmbedOrigins, origin)
	}
	if c.ListenAddr == "" {
		c.ListenAddr = ":8080"
	}
	if err := c.loadLicence(getenv); err != nil {
		return Config{}, err
	}
	if err := c.loadMail(getenv); err != nil {
		return Config{}, err
	}
	if err := c.loadRetention(getenv); err != nil {
		return Config{}, err
	}
	if err := c.loadOperations(getenv); err != nil {
		return Config{}, err
	}
	if err := c.loadKRS(getenv); err != nil {
		return Config{}, err
	}
	if lvl := getenv("LOG_LEVEL"); lvl != "" {
		if err := c.LogLevel.UnmarshalText([]byte(lvl)); err != nil {
			return Config{}, fmt.Errorf("LOG_LEVEL=%q: want debug, info, warn or error", lvl)
		}
	}
	return c, nil
}

// loadMail reads SMTP_URL, MAIL_FROM and VERIFY_MONTHS. An SMTP_URL is
// never repeated in an error: it may hold a password.
func (c *Config) loadMail(getenv func(string) string) error {
	c.SMTPURL = getenv("SMTP_URL")
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" || (u.Path != "" && u.Path != "/") {
			return fmt.Errorf("SMTP_URL: want smtp://user:password@host:587 or smtps://user:password@host:465")
		}
		if p := u.Port(); p != "" {
			if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
				return fmt.Errorf("SMTP_URL: port %q is not a port number", p)
			}
		}
	}
	c.MailFrom = getenv("MAIL_FROM")
	if c.MailFrom == "" {
		c.MailFrom = DefaultMailFrom
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil {
		return fmt.Errorf("MAIL_FROM=%q: want an address, e.g. %s", c.MailFrom, DefaultMailFrom)
	}
	c.VerifyMonths = 12
	if v := getenv("VERIFY_MONTHS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 120 {
			return fmt.Errorf("VERIFY_MONTHS=%q: want a number of months from 1 to 120", v)
		}
		c.VerifyMonths = n
	}
	return nil
}

// loadLicence reads DATA_LICENCE and DATA_LICENCE_URL: a name alone
// needs its address too (a licence people cannot read is no licence), and
// the address must be absolute http(s), as pages and headers link to it.
func (c *Config) loadLicence(getenv func(string) string) error {
	c.DataLicence, c.DataLicenceURL = strings.TrimSpace(getenv("DATA_LICENCE")), strings.TrimSpace(getenv("DATA_LICENCE_URL"))
	if c.DataLicence == "" && c.DataLicenceURL == "" {
		c.DataLicence, c.DataLicenceURL = DefaultDataLicence, DefaultDataLicenceURL
		return nil
	}
	if c.DataLicence == "" || c.DataLicenceURL == "" {
		return fmt.Errorf("DATA_LICENCE and DATA_LICENCE_URL: set both, e.g. DATA_LICENCE=%q DATA_LICENCE_URL=%s", DefaultDataLicence, DefaultDataLicenceURL)
	}
	u, err := url.Parse(c.DataLicenceURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(c.DataLicenceURL, " <>\"") {
		return fmt.Errorf("DATA_LICENCE_URL=%q: want the licence's address, e.g. %s", c.DataLicenceURL, DefaultDataLicenceURL)
	}
	if strings.ContainsAny(c.DataLicence, "\r\n") {
		return fmt.Errorf("DATA_LICENCE=%q: want one line, e.g. %s", c.DataLicence, DefaultDataLicence)
	}
	return nil
}

// quoteDSN quotes a value of a keyword/value connection string.
func quoteDSN(v string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(v) + "'"
}

// loadRetention reads KEEP_PUBLICATIONS.
func (c *Config) loadRetention(getenv func(string) string) error {
	c.KeepPublications = 10
	if v := getenv("KEEP_PUBLICATIONS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			return fmt.Errorf("KEEP_PUBLICATIONS=%q: want how many of the newest publications to keep, from 1 to 1000", v)
		}
		c.KeepPublications = n
	}
	return nil
}
