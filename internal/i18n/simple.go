package i18n

import (
	"regexp"
	"strconv"
	"strings"

	goi18n "github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/feature/plural"
)

// Most messages with placeholders use nothing of text/template but
// {{.Name}}, yet go-i18n runs a template for each (a few microseconds and a
// dozen allocations; a result page asks for dozens). Such messages are cut
// into text and placeholders when the catalogue loads and filled by
// concatenation. Anything else (another action, a value of another type,
// a missing key) goes to go-i18n, so the output is the same either way, as
// a test checks for every message.
type simpleMessage struct {
	forms map[plural.Form]*simpleText
}

// simpleText is a message's text in one plural form: lits[0] ph[0] lits[1]
// … ph[n-1] lits[n]. A placeholder "" stands for {{.}}.
type simpleText struct {
	lits []string
	ph   []string
}

var (
	action      = regexp.MustCompile(`{{-?\s*([^}]*?)\s*-?}}`)
	placeholder = regexp.MustCompile(`^\.([A-Za-z_][A-Za-z0-9_]*)?$`)
)

// compileSimple returns m cut into parts, or false when one of its forms
// needs text/template.
func compileSimple(m *goi18n.Message) (*simpleMessage, bool) {
	if (m.LeftDelim != "" && m.LeftDelim != "{{") || (m.RightDelim != "" && m.RightDelim != "}}") {
		return nil, false
	}
	sm := &simpleMessage{forms: map[plural.Form]*simpleText{}}
	for form, text := range map[plural.Form]string{plural.Zero: m.Zero, plural.One: m.One, plural.Two: m.Two,
		plural.Few: m.Few, plural.Many: m.Many, plural.Other: m.Other} {
		if text == "" {
			continue
		}
		t, ok := compileText(text)
		if !ok {
			return nil, false
		}
		sm.forms[form] = t
	}
	return sm, len(sm.forms) > 0
}

func compileText(s string) (*simpleText, bool) {
	t := &simpleText{}
	for {
		loc := action.FindStringSubmatchIndex(s)
		if loc == nil {
			t.lits = append(t.lits, s)
			return t, true
		}
		if strings.Contains(s[loc[0]:loc[1]], "{{-") || strings.Contains(s[loc[0]:loc[1]], "-}}") {
			return nil, false // trims the text around it
		}
		p := placeholder.FindStringSubmatch(s[loc[2]:loc[3]])
		if p == nil {
			return nil, false
		}
		t.lits = append(t.lits, s[:loc[0]])
		t.ph = append(t.ph, p[1])
		s = s[loc[1]:]
	}
}

// fill writes t with its placeholders taken from data (a map of strings or
// of strings and integers, or a string or an integer for {{.}}), or, with
// count set, every placeholder "Count" from n. It reports false when a value
// is missing or of another type.
func (t *simpleText) fill(data any, n int, count bool) (string, bool) {
	if len(t.ph) == 0 {
		return t.lits[0], true
	}
	var b strings.Builder
	size := 0
	for _, l := range t.lits {
		size += len(l)
	}
	b.Grow(size + 8*len(t.ph))
	for i, name := range t.ph {
		b.WriteString(t.lits[i])
		var v string
		var ok bool
		if count {
			v, ok = strconv.Itoa(n), name == "Count"
		} else {
			v, ok = value(data, name)
		}
		if !ok {
			return "", false
		}
		b.WriteString(v)
	}
	b.WriteString(t.lits[len(t.lits)-1])
	return b.String(), true
}

// value is the text text/template would print for .name of data.
func value(data any, name string) (string, bool) {
	if name == "" {
		return scalar(data)
	}
	switch d := data.(type) {
	case map[string]string:
		v, ok := d[name]
		return v, ok
	case map[string]int:
		v, ok := d[name]
		return strconv.Itoa(v), ok
	case map[string]any:
		v, ok := d[name]
		if !ok {
			return "", false
		}
		return scalar(v)
	}
	return "", false
}

func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	}
	return "", false
}
