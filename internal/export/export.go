// Package export writes the directory and the strategy as files for other
// programs: CSV, JSON and the Atom feed of publications. The encoders take
// their data and what they need to label it (vocabulary, localizer, the
// portal's address) and write to an io.Writer; they know nothing of HTTP
// or of a request, so that a download can be built when publishing as well
// as when it is asked for.
package export

import (
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Organisations is a sequence of organisations: it calls yield with each
// one in order and stops at the first error, which it returns (the shape
// of the read model's Each, so a directory of 100 000 is never held in
// memory).
type Organisations func(yield func(*directory.Organisation) error) error

// Slice is a sequence over organisations held in memory.
func Slice(orgs []*directory.Organisation) Organisations {
	return func(yield func(*directory.Organisation) error) error {
		for _, o := range orgs {
			if err := yield(o); err != nil {
				return err
			}
		}
		return nil
	}
}

// Cell defuses text a spreadsheet would run as a formula. A cell that
// starts with =, +, -, @, a tab or a carriage return is read by Excel and
// LibreOffice as a formula (CSV injection: =HYPERLINK(…) or a DDE call in
// a name typed into a public form), so it gets a leading apostrophe, which
// spreadsheets show as text. Phone numbers written the international way
// ("+48 65 529 00 00", several on lines of their own) are left alone: a
// plus and a digit followed only by digits, spaces, line feeds, pluses,
// hyphens, parentheses, dots, commas and semicolons name no function, reference or command (no
// letters, quotes, | or !), so the worst a spreadsheet can make of them is
// a number. Every text cell of every CSV the portal writes goes through
// Cell.
func Cell(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || isPhone(s) {
		return s
	}
	return "'" + s
}

// isPhone reports whether s is a plus and a digit followed only by the
// characters of phone numbers and their separators (see Cell).
func isPhone(s string) bool {
	if len(s) < 2 || s[0] != '+' || s[1] < '0' || s[1] > '9' {
		return false
	}
	for i := 2; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && !strings.ContainsRune(phoneMarks, rune(c)) {
			return false
		}
	}
	return true
}

// phoneMarks are the characters besides digits a cell of phone numbers
// may hold (see Cell).
const phoneMarks = " \n+-().,;"

// Licence names the licence the downloads are published under and where
// people read it.
type Licence struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// organisationURL is the address of an organisation's public page under
// base (the portal's absolute address, without a trailing slash).
func organisationURL(base, slug string) string {
	return base + "/organizacje/" + slug
}
