package directory

import "strings"

// NormalizeWebsite reads a web address as people type it: surrounding
// spaces go, and an address without a scheme ("nowa-nadzieja.pl",
// "www.example.org/kontakt") gets "https://". Anything that already names
// a scheme ("http://…", "ftp:…", "mailto:…") is left as typed for
// Validate to judge, as is an empty field.
func NormalizeWebsite(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || hasScheme(s) {
		return s
	}
	return "https://" + strings.TrimPrefix(s, "//")
}

// hasScheme reports whether s starts with a URL scheme and its colon
// (RFC 3986: a letter, then letters, digits, "+", "-" or "."). A colon
// after something else ("example.org:8080") is a port, not a scheme.
func hasScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			// "localhost:8080" would read as a scheme; a host with a
			// port always has a dot before the colon, which a scheme
			// may have too, so a scheme counts only when "//" or no
			// digit follows.
			rest := s[i+1:]
			return strings.HasPrefix(rest, "//") || rest == "" || rest[0] < '0' || rest[0] > '9'
		default:
			return false
		}
	}
	return false
}
