// Package fault is the portal's one error type. Domain and store code return
// an *Error with a code when the caller must react to the kind of failure;
// every other error is internal. The server turns any error into a page or a
// JSON answer with the status of its code, and never shows internal details.
package fault

import (
	"errors"
	"fmt"
)

// Code says what kind of failure an error is.
type Code string

// The codes the portal distinguishes.
const (
	Internal    Code = "internal"
	NotFound    Code = "not_found"
	Invalid     Code = "invalid"
	Conflict    Code = "conflict"
	Forbidden   Code = "forbidden"
	Unavailable Code = "unavailable"
)

// Error is a failure with a code and a message that is safe to show.
type Error struct {
	Code    Code
	Message string // safe for the user; may be empty
	Err     error  // the cause, for logs only
}

func (e *Error) Error() string {
	switch {
	case e.Err != nil && e.Message != "":
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	case e.Err != nil:
		return fmt.Sprintf("%s: %v", e.Code, e.Err)
	default:
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with a code and a safe message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Wrap attaches a code to a cause.
func Wrap(code Code, err error) *Error {
	return &Error{Code: code, Err: err}
}

// CodeOf returns the code of the first *Error in err's chain, or Internal.
func CodeOf(err error) Code {
	if e, ok := errors.AsType[*Error](err); ok {
		return e.Code
	}
	return Internal
}

// Is reports whether err carries code.
func Is(err error, code Code) bool {
	return err != nil && CodeOf(err) == code
}

// MessageError is an error whose text is a message ID of the catalogue
// (internal/i18n), never interface text: a rule checked on one value
// (a password, an opening time) returns it, so that a form handler can put
// err.Error() straight into its field errors and the page translates it.
// Each domain package lists the IDs it produces in its MessageIDs.
type MessageError string

func (e MessageError) Error() string { return string(e) }
