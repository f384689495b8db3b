package accounts

import (
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// User is a staff account as stored in staff_user. The counters of failed
// logins and the lock are the store's business (they change in SQL, under
// concurrency) and are not part of it.
type User struct {
	ID    int64
	Email string // normalised (NormalizeEmail); the login name
	Name  string // shown in the interface and the audit log
	Role  Role

	PasswordHash string // argon2id in PHC form (HashPassword)
	Disabled     bool   // cannot sign in; kept rather than deleted for the audit log
	// MustChangePassword is set when someone else chose the password (a
	// new account, a reset): the user has to replace it before working.
	MustChangePassword bool

	TOTPSecret  string // base32 secret; set during enrolment, before TOTPEnabled
	TOTPEnabled bool   // enrolment confirmed with a valid code
	// TOTPLastStep is the last 30-s step whose code was accepted: a code is
	// accepted once only (VerifyTOTP refuses steps up to this one).
	TOTPLastStep int64

	// SessionEpoch is bumped on a password change, disabling or a forced
	// reset; a session remembers the epoch it began in and ends when it
	// differs, which signs the user out everywhere.
	SessionEpoch int

	CreatedAt   time.Time
	UpdatedAt   time.Time
	LastLoginAt *time.Time // nil: never signed in
}

// NeedsTOTP reports whether signing in as u takes a code from an
// authenticator. Administrators always need one: their account can create
// other accounts, so a stolen password alone must not be enough. Editors
// may turn it on, and then it is required too. When NeedsTOTP is true but
// TOTPEnabled is false, the user has to enrol before anything else.
func (u *User) NeedsTOTP() bool {
	return u != nil && (u.Role == Administrator || u.TOTPEnabled)
}

// CanSignIn reports whether u may sign in at all: a disabled account may
// not, whatever its password. The password and the second factor are
// checked separately.
func (u *User) CanSignIn() bool {
	return u != nil && !u.Disabled
}

// NormalizeEmail returns the form in which an e-mail address is stored and
// looked up: without surrounding spaces and in lower case, so that
// "Jan.Kowalski@MOPR.Leszno.pl " signs in as the same account as
// "jan.kowalski@mopr.leszno.pl" (staff_user.email has a CHECK that it is
// lower-case). Lower-casing the local part is not what RFC 5321 promises,
// but no real mailbox provider distinguishes case, and two accounts that
// differ only in case would be a mistake.
//
// It is for looking up an address already checked or stored; an address
// typed by someone goes through ParseEmail, which checks before it
// normalises: lower-casing turns bytes that are not UTF-8 into U+FFFD,
// and the result could pass for a real address.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// ParseEmail checks an e-mail address as typed and returns it normalised
// (NormalizeEmail), or the message ID of what is wrong with it:
// directory.ErrRequired, directory.ErrInvalidText (bytes that are not
// UTF-8, control characters), directory.ErrTooLong or directory.ErrEmail.
// The check comes first, on the text as typed, so that nothing is
// repaired into an address nobody typed.
func ParseEmail(typed string) (email, msg string) {
	s := strings.TrimSpace(typed)
	if msg := directory.CheckText(s, true, maxEmail, false); msg != "" {
		return "", msg
	}
	if !directory.ValidEmail(s) {
		return "", directory.ErrEmail
	}
	return NormalizeEmail(s), ""
}

// maxEmail is the longest address SMTP can carry (RFC 5321, 4.5.3.1.3).
const maxEmail = 254

// ValidEmail reports whether s is a bare e-mail address with a dotted
// domain, by the same rule as an organisation's addresses.
func ValidEmail(s string) bool { return directory.ValidEmail(s) }
