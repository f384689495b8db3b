package accounts

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mopr-leszno/portal/internal/fault"
)

// Message IDs of the broken password rules. They are keys of the message
// catalogue (internal/i18n), never interface text, so that the domain does
// not depend on a language; MessageIDs lists them all so that a test can
// check the catalogue has a message for every one.
const (
	ErrPasswordShort    = "err_password_short"    // fewer than MinPasswordLength characters
	ErrPasswordLong     = "err_password_long"     // more than MaxPasswordLength characters
	ErrPasswordCommon   = "err_password_common"   // on the list of common passwords, maybe with digits appended
	ErrPasswordPersonal = "err_password_personal" // contains the user's e-mail name or name
	ErrPasswordInvalid  = "err_password_invalid"  // invalid UTF-8 or a control character
)

// MessageIDs lists every message ID the package produces.
var MessageIDs = []string{
	ErrPasswordShort, ErrPasswordLong, ErrPasswordCommon, ErrPasswordPersonal, ErrPasswordInvalid, ErrRole,
}

// Password lengths, counted in characters (runes), not bytes: a Polish
// letter takes two bytes, and the limit a person reads is in letters.
//
// Length is what makes a password hard to guess, so the minimum is long
// (NIST SP 800-63B asks for at least 8, 15 without a second factor; staff
// accounts guard personal data of organisations) and there are no rules
// about character classes, which only push people to "Password1!". The
// maximum only bounds the work: argon2 reads its whole input, and 128
// characters leave room for any pass-phrase or password manager.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 128
)

// minPersonal is the shortest e-mail name or name that CheckPassword looks
// for inside a password: shorter ones ("jan", "ola") occur by chance in
// good pass-phrases.
const minPersonal = 4

//go:embed common-passwords.txt
var commonPasswordsText string

// commonPasswords holds the embedded list: lower-case and, where a Polish
// letter could appear, written without diacritics ("haslo", not "hasło"),
// as foldPassword compares them.
var commonPasswords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for line := range strings.Lines(commonPasswordsText) {
		line = strings.TrimSpace(line)
		if line != "" && !strings.HasPrefix(line, "#") {
			m[line] = struct{}{}
		}
	}
	return m
}()

// CheckPassword checks a new password against the policy and returns a
// fault.MessageError with the first rule it breaks, nil when it is acceptable.
// email and name are the account's (either may be empty): a password that
// contains them is the first thing someone who knows the user tries.
//
// The rules, in order: valid text without control characters (they cannot
// be typed reliably and may be cut by a form or a terminal), at least
// MinPasswordLength and at most MaxPasswordLength characters, not a common
// password, not personal. The comparisons ignore case and Polish
// diacritics, so "Hasło" counts as "haslo".
func CheckPassword(password, email, name string) error {
	if !utf8.ValidString(password) {
		return fault.MessageError(ErrPasswordInvalid)
	}
	for _, r := range password {
		if unicode.IsControl(r) {
			return fault.MessageError(ErrPasswordInvalid)
		}
	}
	switch n := utf8.RuneCountInString(password); {
	case n < MinPasswordLength:
		return fault.MessageError(ErrPasswordShort)
	case n > MaxPasswordLength:
		return fault.MessageError(ErrPasswordLong)
	}
	folded := foldPassword(password)
	if isCommon(folded) {
		return fault.MessageError(ErrPasswordCommon)
	}
	for _, p := range personalParts(email, name) {
		if strings.Contains(folded, p) {
			return fault.MessageError(ErrPasswordPersonal)
		}
	}
	return nil
}

// isCommon reports whether a folded password is on the list, as it is or
// with what people add to satisfy a length or "must contain a digit" rule
// taken away: digits, punctuation, symbols and spaces at the end and at
// the start, so "Password123!" and "2024haslo2024!" are refused when
// "password" and "haslo" are listed, and "abc123456789" when "abc123" is.
// Spaces inside are ignored too: "Mopr Leszno 2025".
//
// A password of fewer than minDistinct different characters
// ("111111111111", "abcabcabcabc") counts as common as well: it is long
// only in appearance.
func isCommon(folded string) bool {
	if distinctRunes(folded) < minDistinct {
		return true
	}
	return listedInside(folded) || listedInside(strings.Join(strings.Fields(folded), ""))
}

// listedInside reports whether s, with some (maybe none) padding removed
// from either end, is on the list. The padding at each end is at most the
// whole password, so this is at most a few thousand map look-ups.
func listedInside(s string) bool {
	padding := func(r rune) bool {
		return unicode.IsDigit(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsSpace(r)
	}
	// Every start at which all before is padding, and every end after
	// which all is padding.
	starts := []int{0}
	for i, r := range s {
		if !padding(r) {
			break
		}
		starts = append(starts, i+utf8.RuneLen(r))
	}
	ends := []int{len(s)}
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !padding(r) {
			break
		}
		i -= size
		ends = append(ends, i)
	}
	for _, start := range starts {
		for _, end := range ends {
			if end <= start {
				continue
			}
			if _, ok := commonPasswords[s[start:end]]; ok {
				return true
			}
		}
	}
	return false
}

// minDistinct is the fewest different characters a password must have.
const minDistinct = 4

func distinctRunes(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// personalParts returns what a password must not contain, folded: the
// local part of the e-mail address and the name, whole and word by word
// ("jan.kowalski" and "kowalski"; "Anna Nowak-Wiśniewska" and "wisniewska"),
// each only when it has at least minPersonal characters.
func personalParts(email, name string) []string {
	var parts []string
	add := func(s string) {
		if utf8.RuneCountInString(s) >= minPersonal {
			parts = append(parts, s)
		}
	}
	words := func(s string) {
		add(s)
		for _, w := range strings.FieldsFunc(s, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			if w != s {
				add(w)
			}
		}
	}
	local := NormalizeEmail(email)
	if i := strings.LastIndexByte(local, '@'); i >= 0 {
		local = local[:i]
	}
	words(foldPassword(local))
	words(foldPassword(strings.TrimSpace(name)))
	return parts
}

// polishFold writes the Polish letters without diacritics, the way many
// people type them anyway (and the way the common-password list has them).
var polishFold = strings.NewReplacer(
	"ą", "a", "ć", "c", "ę", "e", "ł", "l", "ń", "n", "ó", "o", "ś", "s", "ź", "z", "ż", "z",
)

// foldPassword is the form in which passwords are compared with the list
// and the personal data: lower case, Polish letters without diacritics.
// It is used only for comparing; the password is hashed as typed.
func foldPassword(s string) string {
	return polishFold.Replace(strings.ToLower(s))
}
