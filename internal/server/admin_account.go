package server

import (
	"encoding/base64"
	"net/http"

	"github.com/pquerna/otp"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// by describes the signed-in person as the author of a change.
func (s *Server) by(r *http.Request) accounts.Audit {
	u := staffFrom(r.Context())
	return accounts.Audit{ActorID: u.ID, ActorEmail: u.Email, IP: s.clientIP(r)}
}

func passwordFields(currentErr, newErr, repeatErr string) []components.Field {
	return []components.Field{
		{ID: "current", Name: "current", Label: "password_current", Type: "password", Error: currentErr, Autocomplete: "current-password", Required: true},
		{ID: "new", Name: "new", Label: "password_new", Type: "password", Error: newErr, Hint: "password_hint", Autocomplete: "new-password", Required: true},
		{ID: "repeat", Name: "repeat", Label: "password_repeat", Type: "password", Error: repeatErr, Autocomplete: "new-password", Required: true},
	}
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) {
	s.renderPassword(w, r, http.StatusOK, passwordFields("", "", ""))
}

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, status int, fields []components.Field) {
	u := staffFrom(r.Context())
	s.render(w, r, status, admin.Password(admin.PasswordPage{
		Head:     components.Head{Title: i18n.T(r.Context(), "password_title"), NoIndex: true, Section: "admin"},
		Staff:    staffProps(u),
		Fields:   fields,
		Required: u.MustChangePassword,
	}))
}

// changePassword sets a new password. It ends every session of the
// account, this one included, so the person signs in again.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := staffFrom(ctx)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	current, next, repeat := r.PostForm.Get("current"), r.PostForm.Get("new"), r.PostForm.Get("repeat")
	var currentErr, newErr, repeatErr string
	// Wrong current passwords count like wrong sign-ins, and are
	// throttled like them: an unattended session cannot be used to guess
	// the password.
	ip := s.clientIP(r)
	wait, err := s.Accounts.SignInWait(ctx, u.Email, ip)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		currentErr = "err_password_throttled"
		if err := s.Accounts.RecordThrottledLogin(ctx, u.ID, u.Email, ip); err != nil {
			s.fail(w, r, err)
			return
		}
	} else if ok, err := accounts.VerifyPassword(current, u.PasswordHash); err != nil {
		s.fail(w, r, err)
		return
	} else if !ok {
		currentErr = "err_password_current"
		if err := s.Accounts.RecordFailedLogin(ctx, u.ID, u.Email, ip, "password_change"); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if err := accounts.CheckPassword(next, u.Email, u.Name); err != nil {
		newErr = err.Error()
	} else if next == current {
		newErr = "err_password_same"
	}
	if repeat != next {
		repeatErr = "err_password_repeat"
	}
	if currentErr != "" || newErr != "" || repeatErr != "" {
		s.renderPassword(w, r, http.StatusUnprocessableEntity, passwordFields(currentErr, newErr, repeatErr))
		return
	}
	hash, err := accounts.HashPassword(next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.SetPassword(ctx, u.ID, hash, false, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Destroy(ctx)
	http.Redirect(w, r, "/admin/logowanie", http.StatusSeeOther)
}

func totpFields(codeErr string) []components.Field {
	return []components.Field{{ID: "code", Name: "code", Label: "code_label", Type: "text", Error: codeErr,
		Autocomplete: "one-time-code", InputMode: "numeric", Required: true}}
}

// totpForm shows the setup of two-factor sign-in, the recovery codes just
// made (once), or that it is on.
func (s *Server) totpForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := staffFrom(ctx)
	if codes, ok := s.Sessions.Pop(ctx, sessFlash).([]string); ok && u.TOTPEnabled {
		s.renderTOTP(w, r, http.StatusOK, admin.TOTPPage{Enabled: true, RecoveryCodes: codes})
		return
	}
	if u.TOTPEnabled {
		s.renderTOTP(w, r, http.StatusOK, admin.TOTPPage{Enabled: true})
		return
	}
	// One secret per setup: reloading the page (or a link from elsewhere)
	// must not invalidate the QR code already scanned.
	key, err := otp.NewKeyFromURL(s.Sessions.GetString(ctx, sessTOTP))
	if err != nil || key.Secret() == "" {
		if key, err = accounts.NewTOTPKey(accounts.TOTPIssuer, u.Email); err != nil {
			s.fail(w, r, err)
			return
		}
		s.Sessions.Put(ctx, sessTOTP, key.URL())
	}
	s.showTOTPSetup(w, r, http.StatusOK, key, "")
}

func (s *Server) showTOTPSetup(w http.ResponseWriter, r *http.Request, status int, key *otp.Key, codeErr string) {
	png, err := accounts.TOTPQRCodePNG(key, 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderTOTP(w, r, status, admin.TOTPPage{
		QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(png),
		Secret: key.Secret(),
		Fields: totpFields(codeErr),
	})
}

func (s *Server) renderTOTP(w http.ResponseWriter, r *http.Request, status int, p admin.TOTPPage) {
	u := staffFrom(r.Context())
	p.Head = components.Head{Title: i18n.T(r.Context(), "totp_title"), NoIndex: true, Section: "admin"}
	p.Staff = staffProps(u)
	p.Required = u.NeedsTOTP() && !u.TOTPEnabled
	s.render(w, r, status, admin.TOTP(p))
}

// enableTOTP confirms the setup with a code from the app, then shows the
// recovery codes once.
func (s *Server) enableTOTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := staffFrom(ctx)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	key, err := otp.NewKeyFromURL(s.Sessions.GetString(ctx, sessTOTP))
	if u.TOTPEnabled || err != nil || key.Secret() == "" {
		http.Redirect(w, r, "/admin/2fa", http.StatusSeeOther)
		return
	}
	step, ok := accounts.VerifyTOTP(key.Secret(), r.PostForm.Get("code"), s.Now(), 0)
	if !ok {
		s.showTOTPSetup(w, r, http.StatusUnprocessableEntity, key, "code_wrong")
		return
	}
	codes, hashes, err := accounts.NewRecoveryCodes(10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.EnableTOTP(ctx, u.ID, key.Secret(), step, hashes, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Remove(ctx, sessTOTP)
	s.Sessions.Put(ctx, sessFlash, codes)
	http.Redirect(w, r, "/admin/2fa", http.StatusSeeOther)
}
