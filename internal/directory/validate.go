package directory

import (
	"math"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Message IDs of the broken rules. They are keys of the message catalogue
// (internal/i18n), never interface text, so that the domain does not depend
// on a language; MessageIDs lists them all so that a test can check the
// catalogue has a message for every one.
const (
	ErrRequired         = "err_required"          // an empty required field
	ErrTooLong          = "err_too_long"          // more characters than the field allows
	ErrInvalidText      = "err_invalid_text"      // invalid UTF-8, NUL or another control character
	ErrLegalForm        = "err_legal_form"        // not one of LegalForms
	ErrKRS              = "err_krs"               // not a KRS number
	ErrNIP              = "err_nip"               // not a NIP, or a wrong check digit
	ErrREGON            = "err_regon"             // not a REGON, or a wrong check digit
	ErrPostalCode       = "err_postal_code"       // not NN-NNN
	ErrCoordinates      = "err_coordinates"       // out of range, not a number, or only one of the pair
	ErrPhone            = "err_phone"             // not a phone number
	ErrEmail            = "err_email"             // not a bare e-mail address
	ErrURL              = "err_url"               // not an absolute http(s) address
	ErrCategoryRequired = "err_category_required" // no category chosen
	ErrCategory         = "err_category"          // a category that is not a slug
	ErrTargetGroup      = "err_target_group"      // a target group that is not a slug
	ErrDuplicate        = "err_duplicate"         // the same choice twice in a list
	ErrClock            = "err_clock"             // a time of day ParseClock cannot read
	ErrHoursRange       = "err_hours_range"       // a time outside 00:00..24:00, or hours on no weekday
	ErrHoursOrder       = "err_hours_order"       // closes before it opens, or intervals out of order
	ErrHoursOverlap     = "err_hours_overlap"     // two intervals of a day overlap
	ErrAccessibility    = "err_accessibility"     // not one of AccessibilityFeatures
	ErrLanguage         = "err_language"          // not a current ISO 639-1 code nor an offered sign language
	ErrSlug             = "err_slug"              // not lowercase a-z, 0-9 and single dashes
	ErrSlugTaken        = "err_slug_taken"        // another organisation has the slug (found when stored)
)

// MessageIDs lists every message ID the package produces.
var MessageIDs = []string{
	ErrRequired, ErrTooLong, ErrInvalidText, ErrLegalForm, ErrKRS, ErrNIP, ErrREGON,
	ErrPostalCode, ErrCoordinates, ErrPhone, ErrEmail, ErrURL, ErrCategoryRequired,
	ErrCategory, ErrTargetGroup, ErrDuplicate, ErrClock, ErrHoursRange, ErrHoursOrder,
	ErrHoursOverlap, ErrAccessibility, ErrLanguage, ErrSlug,
}

// FieldErrors maps a field's name (as in a form: "name", "address.postal_code",
// "contacts.0.email", "hours.3") to the message ID of what is wrong with it.
// The message IDs are keys of the message catalogue (internal/i18n), so the
// domain stays free of interface text.
type FieldErrors map[string]string

// Lengths are counted in characters, not bytes: a Polish letter takes two
// bytes, and the limit a person sees is in letters. They keep one field
// from filling a page (or the database) while leaving room for the longest
// real names (association names of 200+ characters exist).
const (
	maxName        = 300  // name
	maxLine        = 300  // every other single-line text
	maxNote        = 1000 // hours_note, volunteer_note
	maxDescription = 5000 // description
	maxSlug        = 120  // slug
	maxEmail       = 254  // the longest address SMTP can carry
	maxURL         = 2000 // what every browser and crawler handles
)

// Validate checks every rule of the record and returns what is wrong, field
// by field; nil when the record is valid. Each field gets the first rule it
// breaks. Validate only reads the record: the KRS, NIP and REGON are checked
// as NormalizeDigits/NormalizeNIP would store them, and the caller stores
// the normalised form.
//
// It cannot know the controlled lists held in the database (categories,
// target groups, districts): it checks that their entries are well-formed
// and not repeated, and the store reports unknown ones.
func (o *Organisation) Validate() FieldErrors {
	e := FieldErrors{}

	if o.Slug == "" {
		e.add("slug", ErrRequired)
	} else if !validSlug(o.Slug) {
		e.add("slug", ErrSlug)
	}
	e.add("name", CheckText(o.Name, true, maxName, false))
	e.add("short_name", CheckText(o.ShortName, false, maxLine, false))
	switch {
	case o.LegalForm == "":
		e.add("legal_form", ErrRequired)
	case !slices.Contains(LegalForms, o.LegalForm):
		e.add("legal_form", ErrLegalForm)
	}
	if NormalizeDigits(o.KRS) != "" && !ValidKRS(o.KRS) {
		e.add("krs", ErrKRS)
	}
	if NormalizeNIP(o.NIP) != "" && !ValidNIP(o.NIP) {
		e.add("nip", ErrNIP)
	}
	if NormalizeDigits(o.REGON) != "" && !ValidREGON(o.REGON) {
		e.add("regon", ErrREGON)
	}

	a := o.Address
	e.add("address.street", CheckText(a.Street, false, maxLine, false))
	if a.PostalCode != "" && !ValidPostalCode(a.PostalCode) {
		e.add("address.postal_code", ErrPostalCode)
	}
	e.add("address.city", CheckText(a.City, true, maxLine, false))
	e.add("address.district", CheckText(a.District, false, maxLine, false))
	// A map pin needs both coordinates; one alone is a half-typed form.
	// NaN and ±Inf fail the range checks, which is wanted.
	switch {
	case a.Latitude != nil && a.Longitude == nil:
		e.add("address.longitude", ErrCoordinates)
	case a.Latitude == nil && a.Longitude != nil:
		e.add("address.latitude", ErrCoordinates)
	}
	if a.Latitude != nil && !inRange(*a.Latitude, 90) {
		e.add("address.latitude", ErrCoordinates)
	}
	if a.Longitude != nil && !inRange(*a.Longitude, 180) {
		e.add("address.longitude", ErrCoordinates)
	}

	for _, p := range o.Phones {
		if !validPhone(p) {
			e.add("phones", ErrPhone)
		}
	}
	for _, m := range o.Emails {
		if !ValidEmail(m) {
			e.add("emails", ErrEmail)
		}
	}
	if o.Website != "" && !validURL(o.Website) {
		e.add("website", ErrURL)
	}
	for _, s := range o.Social {
		if !validURL(s) {
			e.add("social", ErrURL)
		}
	}
	for i, c := range o.Contacts {
		prefix := "contacts." + strconv.Itoa(i) + "."
		e.add(prefix+"name", CheckText(c.Name, true, maxLine, false))
		e.add(prefix+"function", CheckText(c.Function, false, maxLine, false))
		if c.Phone != "" && !validPhone(c.Phone) {
			e.add(prefix+"phone", ErrPhone)
		}
		if c.Email != "" && !ValidEmail(c.Email) {
			e.add(prefix+"email", ErrEmail)
		}
	}

	e.add("description", CheckText(o.Description, true, maxDescription, true))
	if len(o.Categories) == 0 {
		e.add("categories", ErrCategoryRequired)
	}
	e.add("categories", checkChoices(o.Categories, validSlug, ErrCategory))
	e.add("target_groups", checkChoices(o.TargetGroups, validSlug, ErrTargetGroup))

	// Index 0 of WeeklyHours is no weekday; the store ignores it, so
	// anything there would be lost without a word.
	if d := o.Hours[0]; len(d.Intervals) > 0 || d.Note != "" {
		e.add("hours.0", ErrHoursRange)
	}
	for wd := 1; wd <= 7; wd++ {
		if err := o.Hours[wd].Validate(); err != nil {
			e.add("hours."+strconv.Itoa(wd), err.Error())
		}
	}
	e.add("hours_note", CheckText(o.HoursNote, false, maxNote, true))
	// The translations follow the Polish texts' rules, but none is required.
	e.add("description_uk", CheckText(o.DescriptionUK, false, maxDescription, true))
	e.add("description_en", CheckText(o.DescriptionEN, false, maxDescription, true))
	e.add("hours_note_uk", CheckText(o.HoursNoteUK, false, maxNote, true))
	e.add("hours_note_en", CheckText(o.HoursNoteEN, false, maxNote, true))
	e.add("accessibility", checkChoices(o.Accessibility, func(s string) bool {
		return slices.Contains(AccessibilityFeatures, s)
	}, ErrAccessibility))
	e.add("languages", checkChoices(o.Languages, validLanguage, ErrLanguage))
	e.add("volunteer_note", CheckText(o.VolunteerNote, false, maxNote, true))

	if len(e) == 0 {
		return nil
	}
	return e
}

// add records id for field unless id is empty or the field already has an
// error: one message per field is what a form can show next to it.
func (e FieldErrors) add(field, id string) {
	if id == "" {
		return
	}
	if _, ok := e[field]; !ok {
		e[field] = id
	}
}

// checkText returns the message ID of the first rule s breaks, or "". Text
// must be valid UTF-8 without control characters: PostgreSQL refuses NUL
// and invalid UTF-8 outright, and control characters are invisible in a
// form yet break the pages, the CSV export and the JSON feed. Multi-line
// fields (textareas) may hold line feeds, tabs and carriage returns, since
// browsers submit a textarea's line breaks as CR LF. Unicode line and
// paragraph separators and the bidirectional embedding, override and
// isolate controls are refused as well: they can make a name display as
// something other than what it is.
// CheckText applies the rules every text field follows: valid UTF-8, no
// control, bidirectional-override or separator characters (newlines and
// tabs only where multiline), not empty when required, at most max
// characters. It returns the message ID of the broken rule, or "".
func CheckText(s string, required bool, max int, multiline bool) string {
	if !utf8.ValidString(s) {
		return ErrInvalidText
	}
	for _, r := range s {
		if forbiddenRune(r, multiline) {
			return ErrInvalidText
		}
	}
	if required && strings.TrimSpace(s) == "" {
		return ErrRequired
	}
	if utf8.RuneCountInString(s) > max {
		return ErrTooLong
	}
	return ""
}

func forbiddenRune(r rune, multiline bool) bool {
	switch {
	case multiline && (r == '\n' || r == '\r' || r == '\t'):
		return false
	case unicode.IsControl(r): // C0 (NUL included), DEL and C1
		return true
	case r == '\u2028' || r == '\u2029': // line and paragraph separators
		return true
	case r >= '\u202A' && r <= '\u202E', r >= '\u2066' && r <= '\u2069': // bidi controls
		return true
	}
	return false
}

// checkChoices checks a list of codes from a controlled list: every entry
// must satisfy valid (else bad is returned) and appear once (else
// ErrDuplicate: the join tables would refuse a repeated category with a
// database error instead of a message).
func checkChoices(list []string, valid func(string) bool, bad string) string {
	for i, s := range list {
		if !valid(s) {
			return bad
		}
		if slices.Contains(list[:i], s) {
			return ErrDuplicate
		}
	}
	return ""
}

func inRange(v, limit float64) bool {
	return !math.IsNaN(v) && v >= -limit && v <= limit
}

// validSlug reports whether s can be the organisation's address on the
// portal (/organizacje/{slug}): 1 to 120 characters of lowercase ASCII
// letters and digits in words joined by single dashes. One spelling per
// organisation keeps links stable and comparable; ASCII keeps them readable
// when copied into a letter or an SMS.
func validSlug(s string) bool {
	if len(s) == 0 || len(s) > maxSlug || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Slugify proposes a slug for an organisation's name: lower-cased, Polish
// letters folded as Fold does ("Łódź" → "lodz") and other Latin diacritics
// dropped ("Café" → "cafe"), every run of other characters turned into one
// dash, no dash at either end, and at most 120 characters, cut at a word
// boundary where one lies in the second half. The result is a valid slug, or
// "" when the name holds no Latin letter or digit (a name in Cyrillic, say):
// the caller must then ask for a slug. Slugs are not unique; the store
// reports a taken one.
func Slugify(name string) string {
	var b strings.Builder
	pendingDash := false
	for _, r := range norm.NFD.String(romanize(Fold(name))) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if pendingDash && b.Len() > 0 {
				b.WriteByte('-')
			}
			pendingDash = false
			b.WriteRune(r)
		case unicode.Is(unicode.Mn, r):
			// A combining accent split off by NFD: drop it, keep the
			// letter before it.
		default:
			pendingDash = true
		}
	}
	s := b.String()
	if len(s) <= maxSlug {
		return s
	}
	if s[maxSlug] == '-' {
		return s[:maxSlug]
	}
	if i := strings.LastIndexByte(s[:maxSlug], '-'); i >= maxSlug/2 {
		return s[:i]
	}
	return strings.TrimRight(s[:maxSlug], "-")
}

// validPhone accepts a phone number as people write it: digits grouped by
// spaces, dashes or parentheses, with an optional leading "+" for the
// country code. It must hold 9 to 15 digits: 9 is a Polish number without
// the country code, 15 is the E.164 maximum. The characters are limited so
// that the number can become a tel: link.
func validPhone(s string) bool {
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
	return digits >= 9 && digits <= 15
}

// ValidEmail accepts a bare address as mail.ParseAddress reads it and
// nothing more: the parsed address must equal the input, which refuses
// display names ("Jan <jan@example.pl>"), angle brackets, quoting and
// surrounding spaces, none of which belong in a mailto: link. The domain
// must contain a dot and not be an IP literal: "biuro@fundacja" is a typo,
// not a reachable address.
func ValidEmail(s string) bool {
	if s == "" || len(s) > maxEmail {
		return false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	domain := s[strings.LastIndexByte(s, '@')+1:]
	return strings.Contains(domain, ".") && !strings.HasPrefix(domain, "[") &&
		!strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.Contains(domain, "..")
}

// validURL accepts an absolute http or https address with a host name, as a
// link on the page needs: no other schemes (javascript: would run in the
// reader's browser), no user name or password (https://mopr.pl@evil.example
// shows one host and opens another), no spaces, and a host with a dot.
func validURL(s string) bool {
	if s == "" || len(s) > maxURL || CheckText(s, false, maxURL, false) != "" ||
		strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Opaque != "" || u.User != nil {
		return false
	}
	host := u.Hostname()
	if !strings.Contains(host, ".") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") {
		return false
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return false
		}
	}
	return true
}

// validLanguage accepts a current two-letter ISO 639-1 code in lowercase,
// the form HTML lang attributes and the HSDS export use. Codes withdrawn
// from ISO 639-1 ("iw" for Hebrew, "in" for Indonesian) are refused in
// favour of their replacements, so that one language has one code. The
// sign languages the form offers, which have no two-letter code, are
// accepted by their ISO 639-3 code (signLanguages).
func validLanguage(code string) bool {
	if slices.Contains(signLanguages, code) {
		return true
	}
	if len(code) != 2 || code[0] < 'a' || code[0] > 'z' || code[1] < 'a' || code[1] > 'z' {
		return false
	}
	base, err := language.ParseBase(code)
	if err != nil {
		return false
	}
	canonical, _ := language.Deprecated.Make(code).Base()
	return canonical == base
}

// InvalidError reports a record that breaks the rules, field by field. The
// store refuses such a record whatever wrote it.
type InvalidError struct {
	Slug   string
	Fields FieldErrors
}

func (e *InvalidError) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "organisation " + strconv.Quote(e.Slug) + " is invalid: " + strings.Join(parts, ", ")
}
