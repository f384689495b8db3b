// Package formguard tells a person filling in a public form from a script
// without asking anything of either: the form carries the time it was
// shown, signed with a server key (HMAC-SHA256), and a form sent back too
// soon after it was shown, or with a stamp that was not ours, is refused.
package formguard

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// The reasons Check refuses a stamp.
var (
	ErrInvalid = errors.New("formguard: the stamp is not one of ours")
	ErrTooFast = errors.New("formguard: the form came back too fast")
	ErrExpired = errors.New("formguard: the form is too old")
)

// Stamp is the value of the form's hidden field: the time the form was
// shown and its signature.
func Stamp(key []byte, shown time.Time) string {
	ts := strconv.FormatInt(shown.Unix(), 10)
	return ts + "." + sign(key, ts)
}

func sign(key []byte, ts string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("formguard/v1|" + ts))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// Check accepts a stamp made with key at least min and at most max before
// now, and returns when the form was shown.
func Check(key []byte, stamp string, now time.Time, min, max time.Duration) (time.Time, error) {
	ts, sig, ok := strings.Cut(stamp, ".")
	if !ok || len(ts) == 0 || len(ts) > 12 {
		return time.Time{}, ErrInvalid
	}
	secs, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || secs < 0 || strconv.FormatInt(secs, 10) != ts {
		return time.Time{}, ErrInvalid
	}
	if !hmac.Equal([]byte(sig), []byte(sign(key, ts))) {
		return time.Time{}, ErrInvalid
	}
	shown := time.Unix(secs, 0)
	switch age := now.Sub(shown); {
	case age < min:
		return shown, ErrTooFast
	case age > max:
		return shown, ErrExpired
	}
	return shown, nil
}
