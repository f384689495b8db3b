package sitetext

import (
	"fmt"
	"strings"
)

// Helpline is one number of the home page's help block.
type Helpline struct {
	Name  string
	Phone string
	Note  string // when, for whom, free of charge…; may be empty
}

// Tel is the helpline's tel: address.
func (h Helpline) Tel() string { return TelURI(h.Phone) }

// ParseHelplines reads the help numbers as staff write them, one a line:
// "name | number" or "name | number | note". Blank lines are skipped. A
// line without a name or with something that is not a phone number is an
// error naming the line.
func ParseHelplines(s string) ([]Helpline, error) {
	var hs []Helpline
	for i, line := range strings.Split(s, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		parts := strings.Split(line, "|")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("wiersz %d: oczekiwano „nazwa | numer” albo „nazwa | numer | uwagi”", i+1)
		}
		h := Helpline{Name: strings.TrimSpace(parts[0]), Phone: strings.TrimSpace(parts[1])}
		if len(parts) == 3 {
			h.Note = strings.TrimSpace(parts[2])
		}
		if h.Name == "" {
			return nil, fmt.Errorf("wiersz %d: brak nazwy", i+1)
		}
		if !ValidPhone(h.Phone) {
			return nil, fmt.Errorf("wiersz %d: %q nie jest numerem telefonu", i+1, h.Phone)
		}
		hs = append(hs, h)
	}
	return hs, nil
}

// Helplines returns the help numbers of the texts; texts that do not parse
// (a publication made before the rules) give none.
func (t Texts) Helplines() []Helpline {
	hs, err := ParseHelplines(t[HelplinesKey])
	if err != nil {
		return nil
	}
	return hs
}

// ValidPhone accepts a phone number as people write it: digits grouped by
// spaces, dashes or parentheses, with an optional leading "+". Helplines
// have short numbers (116 123, 112), so 3 to 15 digits.
func ValidPhone(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '+':
			if i != 0 {
				return false
			}
		case c == ' ' || c == '-' || c == '(' || c == ')':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 15
}

// TelURI is the tel: address of a phone number written as ValidPhone
// accepts it: its digits, with the leading "+" kept.
func TelURI(phone string) string {
	var b strings.Builder
	b.WriteString("tel:")
	for i := 0; i < len(phone); i++ {
		if c := phone[i]; (c >= '0' && c <= '9') || (c == '+' && i == 0) {
			b.WriteByte(c)
		}
	}
	return b.String()
}
