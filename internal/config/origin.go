package config

import (
	"errors"
	"net/url"
	"strings"
)

// ParseOrigin checks that s is a web origin — scheme, host and an optional
// port, nothing else — and returns it in lower case without a trailing
// slash. The value goes verbatim into a Content-Security-Policy header, so
// anything a policy would read as syntax (spaces, quotes, semicolons,
// wildcards, paths) is refused rather than passed on.
func ParseOrigin(s string) (string, error) {
	bad := errors.New("not an origin")
	s = strings.TrimSuffix(s, "/")
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" ||
		strings.HasSuffix(s, "?") || strings.HasSuffix(s, "#") {
		return "", bad
	}
	host := strings.ToLower(u.Host)
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune(".-:[]", r)) {
			return "", bad
		}
	}
	name := u.Hostname()
	if name == "" || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") || strings.Contains(name, "..") {
		return "", bad
	}
	if p := u.Port(); p == "" && strings.HasSuffix(host, ":") {
		return "", bad
	}
	return u.Scheme + "://" + host, nil
}
