// Package accounts holds the rules of the staff accounts of the admin area:
// roles, the password policy and hashing, TOTP second factor and recovery
// codes. It is pure domain code: no SQL and no HTTP, so that every rule can
// be tested without a database or a server.
package accounts

// Role is what a staff account may do. The values are stored in the
// database (staff_user.role has a CHECK on them), so they never change;
// the interface shows a translated label, never the value itself.
type Role string

const (
	// Administrator manages accounts and everything an editor does.
	Administrator Role = "administrator"
	// Editor edits the data bank (organisations, lists) but not accounts.
	Editor Role = "redaktor"
)

// ErrRole is the message ID for a role that is not one of Roles. A role
// never defaults: whoever names an unknown one (a typo on the command
// line, a form altered on the way) is told, not given a role they did not
// ask for.
const ErrRole = "err_role"

// Roles lists every valid role, most privileged first, for a form's choice
// and for validation.
var Roles = []Role{Administrator, Editor}

// Valid reports whether r is one of Roles. A value read from elsewhere (a
// form, an old row) must be checked before it is trusted.
func (r Role) Valid() bool {
	switch r {
	case Administrator, Editor:
		return true
	}
	return false
}

// Allows reports whether a user with role r may do what needs the required
// role. The roles are nested: an administrator may do everything an editor
// may, an editor only what needs an editor. An invalid role (on either
// side) allows nothing, so that a typo or a corrupted value fails closed.
func (r Role) Allows(required Role) bool {
	if !required.Valid() {
		return false
	}
	switch r {
	case Administrator:
		return true
	case Editor:
		return required == Editor
	}
	return false
}
