package accounts

import (
	"bytes"
	"image/png"
	"testing"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

func TestNewTOTPKey(t *testing.T) {
	key, err := NewTOTPKey(TOTPIssuer, "jan@mopr.leszno.pl")
	if err != nil {
		t.Fatal(err)
	}
	if key.Issuer() != TOTPIssuer || key.AccountName() != "jan@mopr.leszno.pl" {
		t.Errorf("key for %q / %q, want %q / %q", key.Issuer(), key.AccountName(), TOTPIssuer, "jan@mopr.leszno.pl")
	}
	if key.Period() != 30 || key.Digits() != otp.DigitsSix || key.Algorithm() != otp.AlgorithmSHA1 {
		t.Errorf("key period %d, digits %v, algorithm %v; want 30, 6, SHA1", key.Period(), key.Digits(), key.Algorithm())
	}
	if len(key.Secret()) != 32 { // 20 bytes in base32
		t.Errorf("secret %q is not 160 bits", key.Secret())
	}
	other, err := NewTOTPKey(TOTPIssuer, "jan@mopr.leszno.pl")
	if err != nil {
		t.Fatal(err)
	}
	if other.Secret() == key.Secret() {
		t.Error("two keys share a secret")
	}
	if _, err := NewTOTPKey(TOTPIssuer, ""); err == nil {
		t.Error("NewTOTPKey without an account name succeeded")
	}
}

func TestTOTPQRCodePNG(t *testing.T) {
	key, err := NewTOTPKey(TOTPIssuer, "jan@mopr.leszno.pl")
	if err != nil {
		t.Fatal(err)
	}
	b, err := TOTPQRCodePNG(key, 256)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if s := img.Bounds().Size(); s.X != 256 || s.Y != 256 {
		t.Errorf("QR code is %v, want 256×256", s)
	}
	if _, err := TOTPQRCodePNG(nil, 256); err == nil {
		t.Error("TOTPQRCodePNG(nil) succeeded")
	}
	if _, err := TOTPQRCodePNG(key, 5); err == nil {
		t.Error("TOTPQRCodePNG too small for the code succeeded")
	}
}

func TestVerifyTOTP(t *testing.T) {
	key, err := NewTOTPKey(TOTPIssuer, "jan@mopr.leszno.pl")
	if err != nil {
		t.Fatal(err)
	}
	secret := key.Secret()
	at := time.Unix(1_741_944_390, 0) // 2025-03-14 09:26:30 UTC, the start of a step
	step := at.Unix() / 30
	code, err := totp.GenerateCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	wrong := []byte(code)
	wrong[5] = '0' + (wrong[5]-'0'+1)%10
	emptySecretCode, err := hotp.GenerateCode("", uint64(step))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		secret   string
		code     string
		t        time.Time
		lastStep int64
		ok       bool
		step     int64
	}{
		{"same time", secret, code, at, 0, true, step},
		{"end of the step", secret, code, at.Add(29 * time.Second), 0, true, step},
		{"next step: previous accepted", secret, code, at.Add(30 * time.Second), 0, true, step},
		{"59 s later", secret, code, at.Add(59 * time.Second), 0, true, step},
		{"phone clock ahead: next step accepted", secret, code, at.Add(-30 * time.Second), 0, true, step},
		{"two steps later", secret, code, at.Add(60 * time.Second), 0, false, 0},
		{"90 s later", secret, code, at.Add(90 * time.Second), 0, false, 0},
		{"two steps earlier", secret, code, at.Add(-31 * time.Second), 0, false, 0},
		{"replayed: last step is this one", secret, code, at, step, false, 0},
		{"replayed later", secret, code, at.Add(30 * time.Second), step, false, 0},
		{"last step after it", secret, code, at, step + 1, false, 0},
		{"last step before it", secret, code, at, step - 1, true, step},
		{"spaced 123 456", secret, code[:3] + " " + code[3:], at, 0, true, step},
		{"surrounding spaces", secret, " " + code + "\t", at, 0, true, step},
		{"lower-case secret", toLowerASCII(secret), code, at, 0, true, step},
		{"wrong code", secret, string(wrong), at, 0, false, 0},
		{"empty code", secret, "", at, 0, false, 0},
		{"five digits", secret, code[:5], at, 0, false, 0},
		{"seven digits", secret, code + "0", at, 0, false, 0},
		{"letters", secret, "12a456", at, 0, false, 0},
		{"dash", secret, code[:3] + "-" + code[3:], at, 0, false, 0},
		{"full-width digits", secret, "１２３４５６", at, 0, false, 0},
		{"empty secret", "", emptySecretCode, at, 0, false, 0},
		{"short secret", "JBSWY3DPEHPK3PXP", code, at, 0, false, 0}, // 80 bits
		{"not base32", "not a secret!", code, at, 0, false, 0},
	}
	for _, tt := range tests {
		gotStep, ok := VerifyTOTP(tt.secret, tt.code, tt.t, tt.lastStep)
		if ok != tt.ok || gotStep != tt.step {
			t.Errorf("%s: VerifyTOTP(%q at %v, last %d) = %d, %v; want %d, %v",
				tt.name, tt.code, tt.t.Sub(at), tt.lastStep, gotStep, ok, tt.step, tt.ok)
		}
	}
}

// The next code after an accepted one is accepted, once.
func TestVerifyTOTPSequence(t *testing.T) {
	key, err := NewTOTPKey(TOTPIssuer, "ewa@mopr.leszno.pl")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1_800_000_000, 0)
	var last int64
	for i := range 3 {
		now := at.Add(time.Duration(i) * 30 * time.Second)
		code, err := totp.GenerateCode(key.Secret(), now)
		if err != nil {
			t.Fatal(err)
		}
		step, ok := VerifyTOTP(key.Secret(), code, now, last)
		if !ok || step != TOTPStep(now) {
			t.Fatalf("code %d: VerifyTOTP = %d, %v; want %d, true", i, step, ok, TOTPStep(now))
		}
		if _, ok := VerifyTOTP(key.Secret(), code, now.Add(time.Second), step); ok {
			t.Fatalf("code %d accepted twice", i)
		}
		last = step
	}
}

func toLowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
