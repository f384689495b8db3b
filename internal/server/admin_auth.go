package server

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

// Accounts is what the admin area needs of the store.
type Accounts interface {
	UserByEmail(ctx context.Context, email string) (*accounts.User, error)
	UserByID(ctx context.Context, id int64) (*accounts.User, error)
	Users(ctx context.Context) ([]*accounts.User, error)
	CreateUser(ctx context.Context, u *accounts.User, by accounts.Audit) error
	// SignInWait is how long a sign-in as email from address ip must wait
	// before anything it sends is checked (sign-in throttling); 0: none.
	SignInWait(ctx context.Context, email, ip string) (time.Duration, error)
	RecordFailedLogin(ctx context.Context, id int64, email, ip, reason string) error
	RecordThrottledLogin(ctx context.Context, id int64, email, ip string) error
	RecordLogin(ctx context.Context, u *accounts.User, ip string) error
	RecordLogout(ctx context.Context, by accounts.Audit) error
	SetPassword(ctx context.Context, id int64, hash string, mustChange bool, by accounts.Audit) error
	Rehash(ctx context.Context, id int64, hash string) error
	SetDisabled(ctx context.Context, id int64, disabled bool, by accounts.Audit) error
	EnableTOTP(ctx context.Context, id int64, secret string, step int64, recoveryHashes []string, by accounts.Audit) error
	UseTOTPStep(ctx context.Context, id, step int64) (bool, error)
	UseRecoveryCode(ctx context.Context, id int64, hash string) (bool, error)
	AuditLog(ctx context.Context, kind, who string, limit int) ([]accounts.Audit, error)
}

// Session keys.
const (
	sessUser         = "user"          // int64: the signed-in account
	sessEpoch        = "epoch"         // int: its session epoch at sign-in
	sessPending      = "pending"       // int64: password checked, waiting for the second factor
	sessPendingEpoch = "pending_epoch" // int: the account's session epoch then
	sessPendingAt    = "pending_at"    // int64, Unix seconds: when; the second factor must follow soon
	sessTOTP         = "totp"          // string: the secret being set up
	sessFlash        = "flash"         // []string: shown once after a redirect (a new password, recovery codes)
)

// NewSessions configures server-side sessions in PostgreSQL: an HttpOnly,
// SameSite=Lax cookie, Secure when the portal is served over TLS, ending
// after 30 idle minutes and 12 hours at most.
func NewSessions(st scs.Store, secure bool) *scs.SessionManager {
	m := scs.New()
	m.Store = st
	m.IdleTimeout = 30 * time.Minute
	m.Lifetime = 12 * time.Hour
	m.HashTokenInStore = true
	m.Cookie.Name = "portal_sesja"
	m.Cookie.HttpOnly = true
	m.Cookie.SameSite = http.SameSiteLaxMode
	m.Cookie.Secure = secure
	m.Cookie.Path = "/admin"
	m.Cookie.Persist = false
	return m
}

type staffKey struct{}

// staffFrom returns the signed-in account of an admin request.
func staffFrom(ctx context.Context) *accounts.User {
	u, _ := ctx.Value(staffKey{}).(*accounts.User)
	return u
}

func staffProps(u *accounts.User) admin.Staff {
	return admin.Staff{Email: u.Email, Name: u.Name, Role: u.Role}
}

// clientIP is the address a request came from. Behind a reverse proxy
// listed in TrustedProxies, it is the last address in X-Forwarded-For that
// is not a trusted proxy; otherwise the connection's address, which
// cannot be forged.
func (s *Server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err == nil && !s.trusted(hop) {
			return hop
		}
	}
	return host
}

func (s *Server) trusted(addr string) bool {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return false
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// requireStaff lets a request through only with a live session of an
// enabled account whose session epoch has not moved on (a password change
// or disabling ends every session). An account that must change its
// password, or an administrator without two-factor sign-in, is sent to do
// that first.
func (s *Server) requireStaff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		id := s.Sessions.GetInt64(ctx, sessUser)
		if id == 0 {
			http.Redirect(w, r, "/admin/logowanie", http.StatusSeeOther)
			return
		}
		u, err := s.Accounts.UserByID(ctx, id)
		if err != nil && !fault.Is(err, fault.NotFound) {
			s.fail(w, r, err)
			return
		}
		if err != nil || !u.CanSignIn() || u.SessionEpoch != s.Sessions.GetInt(ctx, sessEpoch) {
			s.Sessions.Destroy(ctx)
			http.Redirect(w, r, "/admin/logowanie", http.StatusSeeOther)
			return
		}
		switch {
		case u.MustChangePassword && r.URL.Path != "/admin/haslo" && r.URL.Path != "/admin/wyloguj":
			http.Redirect(w, r, "/admin/haslo", http.StatusSeeOther)
			return
		case u.NeedsTOTP() && !u.TOTPEnabled && !u.MustChangePassword &&
			r.URL.Path != "/admin/2fa" && r.URL.Path != "/admin/wyloguj":
			http.Redirect(w, r, "/admin/2fa", http.StatusSeeOther)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		next.ServeHTTP(w, r.WithContext(context.WithValue(ctx, staffKey{}, u)))
	})
}

// requireRole refuses, with the 403 page, an account whose role does not
// allow role. It runs after requireStaff.
func (s *Server) requireRole(role accounts.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !staffFrom(r.Context()).Role.Allows(role) {
				s.errorPage(w, r, http.StatusForbidden, "forbidden", "")
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

func loginFields(email, emailErr, passwordErr string) []components.Field {
	return []components.Field{
		{ID: "email", Name: "email", Label: "login_email", Type: "email", Value: email, Error: emailErr, Autocomplete: "username", Required: true},
		{ID: "password", Name: "password", Label: "login_password", Type: "password", Error: passwordErr, Autocomplete: "current-password", Required: true},
	}
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) {
	if s.Sessions.GetInt64(r.Context(), sessUser) != 0 {
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, admin.Login(admin.LoginPage{
		Head:   components.Head{Title: i18n.T(r.Context(), "login_title"), NoIndex: true},
		Fields: loginFields("", "", ""),
	}))
}

// login checks the e-mail and password. Every failure says the same thing,
// takes about as long, and is counted against the e-mail from this address
// and from all addresses (sign-in throttling, accounts/throttle.go).
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	email := strings.TrimSpace(r.PostForm.Get("email"))
	password := r.PostForm.Get("password")
	again := func(status int, emailErr, passwordErr, formErr string) {
		s.render(w, r, status, admin.Login(admin.LoginPage{
			Head:   components.Head{Title: i18n.T(ctx, "login_title"), NoIndex: true},
			Fields: loginFields(email, emailErr, passwordErr),
			Error:  formErr,
		}))
	}
	if email == "" || password == "" || !cleanText(email) || !cleanText(password) || len(email) > 254 || len(password) > 1024 {
		var e, p string
		if email == "" || !cleanText(email) {
			e = "err_required"
		}
		if password == "" || !cleanText(password) {
			p = "err_required"
		}
		again(http.StatusUnprocessableEntity, e, p, "")
		return
	}
	ip := s.clientIP(r)
	u, err := s.Accounts.UserByEmail(ctx, email)
	if err != nil && !fault.Is(err, fault.NotFound) {
		s.fail(w, r, err)
		return
	}
	var id int64
	if u != nil {
		id = u.ID
	}
	// Too many failures: nothing is checked until the wait runs out, the
	// same for an unknown e-mail as for an account (see
	// accounts/throttle.go). The e-mail stays in the form.
	wait, err := s.Accounts.SignInWait(ctx, email, ip)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		if err := s.Accounts.RecordThrottledLogin(ctx, id, email, ip); err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, throttled(w, wait), admin.Login(admin.LoginPage{
			Head:   components.Head{Title: i18n.T(ctx, "login_title"), NoIndex: true},
			Fields: loginFields(email, "", ""),
			Wait:   minutes(wait),
		}))
		return
	}
	if u == nil {
		accounts.DummyVerify(password)
		if err := s.Accounts.RecordFailedLogin(ctx, 0, email, ip, "unknown"); err != nil {
			s.fail(w, r, err)
			return
		}
		again(http.StatusUnauthorized, "", "", "login_failed")
		return
	}
	ok, err := accounts.VerifyPassword(password, u.PasswordHash)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !ok || !u.CanSignIn() {
		reason := "password"
		if ok {
			reason = "disabled"
		}
		if err := s.Accounts.RecordFailedLogin(ctx, u.ID, email, ip, reason); err != nil {
			s.fail(w, r, err)
			return
		}
		again(http.StatusUnauthorized, "", "", "login_failed")
		return
	}
	// Hashes made with weaker parameters are upgraded while the password
	// is at hand.
	if accounts.NeedsRehash(u.PasswordHash) {
		if hash, err := accounts.HashPassword(password); err == nil {
			if err := s.Accounts.Rehash(ctx, u.ID, hash); err != nil {
				s.Logger.Warn("rehash failed", "error", err)
			}
		}
	}
	// A new token at every change of privilege: no session fixation.
	if err := s.Sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if u.TOTPEnabled {
		s.Sessions.Put(ctx, sessPending, u.ID)
		s.Sessions.Put(ctx, sessPendingEpoch, u.SessionEpoch)
		s.Sessions.Put(ctx, sessPendingAt, s.Now().Unix())
		http.Redirect(w, r, "/admin/logowanie/kod", http.StatusSeeOther)
		return
	}
	s.signIn(w, r, u)
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request, u *accounts.User) {
	ctx := r.Context()
	if err := s.Accounts.RecordLogin(ctx, u, s.clientIP(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Remove(ctx, sessPending)
	s.Sessions.Remove(ctx, sessPendingEpoch)
	s.Sessions.Remove(ctx, sessPendingAt)
	s.Sessions.Put(ctx, sessUser, u.ID)
	s.Sessions.Put(ctx, sessEpoch, u.SessionEpoch)
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
}

func codeFields(codeErr string) []components.Field {
	return []components.Field{{ID: "code", Name: "code", Label: "code_label", Type: "text", Error: codeErr,
		Hint: "code_hint", Autocomplete: "one-time-code", InputMode: "text", Required: true}}
}

func (s *Server) codeForm(w http.ResponseWriter, r *http.Request) {
	if s.Sessions.GetInt64(r.Context(), sessPending) == 0 {
		http.Redirect(w, r, "/admin/logowanie", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, admin.Code(admin.CodePage{
		Head:   components.Head{Title: i18n.T(r.Context(), "code_title"), NoIndex: true},
		Fields: codeFields(""),
	}))
}

// code checks the second factor: a code from the authenticator (once
// only) or an unused recovery code.
func (s *Server) code(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := s.Sessions.GetInt64(ctx, sessPending)
	if id == 0 {
		http.Redirect(w, r, "/admin/logowanie", http.StatusSeeOther)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	typed := strings.TrimSpace(r.PostForm.Get("code"))
	u, err := s.Accounts.UserByID(ctx, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	wrong := func() {
		s.render(w, r, http.StatusUnauthorized, admin.Code(admin.CodePage{
			Head:   components.Head{Title: i18n.T(ctx, "code_title"), NoIndex: true},
			Fields: codeFields("code_wrong"),
		}))
	}
	// The password step must be recent and still valid: a password change
	// in between, or ten minutes, and it starts again.
	started := time.Unix(s.Sessions.GetInt64(ctx, sessPendingAt), 0)
	if u.SessionEpoch != s.Sessions.GetInt(ctx, sessPendingEpoch) || s.Now().Sub(started) > 10*time.Minute || !u.CanSignIn() {
		s.Sessions.Remove(ctx, sessPending)
		http.Redirect(w, r, "/admin/logowanie", http.StatusSeeOther)
		return
	}
	// A throttled try uses up no code: its owner keeps them.
	ip := s.clientIP(r)
	wait, err := s.Accounts.SignInWait(ctx, u.Email, ip)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if wait > 0 {
		if err := s.Accounts.RecordThrottledLogin(ctx, u.ID, u.Email, ip); err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, throttled(w, wait), admin.Code(admin.CodePage{
			Head:   components.Head{Title: i18n.T(ctx, "code_title"), NoIndex: true},
			Fields: codeFields(""),
			Wait:   minutes(wait),
		}))
		return
	}
	ok := false
	if step, valid := accounts.VerifyTOTP(u.TOTPSecret, typed, s.Now(), u.TOTPLastStep); valid {
		if ok, err = s.Accounts.UseTOTPStep(ctx, u.ID, step); err != nil {
			s.fail(w, r, err)
			return
		}
	} else if len(typed) >= 10 && len(typed) <= 40 && cleanText(typed) {
		if ok, err = s.Accounts.UseRecoveryCode(ctx, u.ID, accounts.HashRecoveryCode(typed)); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if !ok {
		if err := s.Accounts.RecordFailedLogin(ctx, u.ID, u.Email, ip, "code"); err != nil {
			s.fail(w, r, err)
			return
		}
		wrong()
		return
	}
	s.signIn(w, r, u)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if err := s.Accounts.RecordLogout(r.Context(), s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Sessions.Destroy(r.Context()); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/logowanie", http.StatusSeeOther)
}

// throttled sets the Retry-After of a sign-in refused for wait and
// returns its status.
func throttled(w http.ResponseWriter, wait time.Duration) int {
	w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	return http.StatusTooManyRequests
}

// minutes is wait as the whole minutes a person is told to wait.
func minutes(wait time.Duration) int {
	return int((wait + time.Minute - 1) / time.Minute)
}

// tooManyRequests answers the per-address limit of sign-in requests.
func (s *Server) tooManyRequests(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Retry-After", "60")
	s.errorPage(w, r, http.StatusTooManyRequests, "too_many", "")
}
