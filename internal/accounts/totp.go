package accounts

import (
	"bytes"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"
	"unicode"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// TOTPIssuer names the service in the user's authenticator app, next to
// the e-mail address.
const TOTPIssuer = "MOPR Leszno – bank danych"

// The TOTP parameters are those of RFC 6238 that every authenticator app
// (Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis) supports;
// some ignore any other digits, period or algorithm in the QR code and then
// show wrong codes.
const (
	totpPeriod     = 30 // seconds per step
	totpDigits     = otp.DigitsSix
	totpSecretSize = 20 // bytes: 160 bits, as RFC 4226 recommends for HMAC-SHA1
	// totpMinSecret refuses secrets shorter than RFC 4226's minimum of
	// 128 bits, above all an empty one, with which anybody could compute
	// the codes.
	totpMinSecret = 16
	// totpSkew is how many steps before and after the current one are
	// accepted: a phone's clock a little off, or a code typed just as it
	// changed.
	totpSkew = 1
)

var totpAlgorithm = otp.AlgorithmSHA1

// NewTOTPKey makes a new random TOTP secret for the account email, to be
// shown as a QR code (TOTPQRCodePNG) and stored in User.TOTPSecret
// (key.Secret()). issuer is normally TOTPIssuer.
func NewTOTPKey(issuer, email string) (*otp.Key, error) {
	key, err := totp.Generate(totp.GenerateOpts{
		Issuer:      issuer,
		AccountName: email,
		Period:      totpPeriod,
		SecretSize:  totpSecretSize,
		Digits:      totpDigits,
		Algorithm:   totpAlgorithm,
	})
	if err != nil {
		return nil, fmt.Errorf("making a TOTP key: %w", err)
	}
	return key, nil
}

// TOTPQRCodePNG returns the key's otpauth:// URL as a PNG QR code of
// size × size pixels, to be scanned by the authenticator app. The page
// should also show key.Secret() for typing in by hand.
func TOTPQRCodePNG(key *otp.Key, size int) ([]byte, error) {
	if key == nil {
		return nil, errors.New("TOTP QR code: no key")
	}
	img, err := key.Image(size, size)
	if err != nil {
		return nil, fmt.Errorf("TOTP QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("TOTP QR code: %w", err)
	}
	return buf.Bytes(), nil
}

// TOTPStep returns the 30-s step of RFC 6238 that t falls in.
func TOTPStep(t time.Time) int64 {
	return t.Unix() / totpPeriod
}

// VerifyTOTP checks a code typed by the user against the base32 secret at
// time t. It accepts the code of the current step and of one step before
// or after (clock skew), and returns the step it matched, which the caller
// stores as User.TOTPLastStep. A step up to lastStep is refused: each code
// is accepted once, so one seen over a shoulder or intercepted cannot be
// used again, and neither can an older one.
//
// Spaces in the code are ignored ("123 456", as some apps show it). The
// codes are compared in constant time and all candidate steps are always
// computed, so the time taken does not tell how close a guess was.
func VerifyTOTP(secret, code string, t time.Time, lastStep int64) (step int64, ok bool) {
	code = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, code)
	if len(code) != totpDigits.Length() || strings.ContainsFunc(code, func(r rune) bool { return r < '0' || r > '9' }) {
		return 0, false
	}
	if !validTOTPSecret(secret) {
		return 0, false
	}
	opts := hotp.ValidateOpts{Digits: totpDigits, Algorithm: totpAlgorithm}
	now := TOTPStep(t)
	for s := now - totpSkew; s <= now+totpSkew; s++ {
		if s < 0 {
			continue
		}
		want, err := hotp.GenerateCodeCustom(secret, uint64(s), opts)
		if err != nil {
			return 0, false
		}
		match := subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1
		// The earliest fresh step that matches: taking a later one would
		// burn the codes in between.
		if match && s > lastStep && !ok {
			step, ok = s, true
		}
	}
	return step, ok
}

// validTOTPSecret reports whether secret is base32 (as the otp package
// reads it: any case, padding optional) of at least totpMinSecret bytes.
func validTOTPSecret(secret string) bool {
	s := strings.ToUpper(strings.TrimSpace(secret))
	if n := len(s) % 8; n != 0 {
		s += strings.Repeat("=", 8-n)
	}
	b, err := base32.StdEncoding.DecodeString(s)
	return err == nil && len(b) >= totpMinSecret
}
