package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
)

func userFields(email, name, emailErr, nameErr string) []components.Field {
	return []components.Field{
		{ID: "email", Name: "email", Label: "users_email", Type: "email", Value: email, Error: emailErr, Autocomplete: "off", Required: true},
		{ID: "name", Name: "name", Label: "users_name", Type: "text", Value: name, Error: nameErr, Autocomplete: "off"},
	}
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) {
	p := admin.UsersPage{Fields: userFields("", "", "", ""), Role: string(accounts.Editor)}
	if flash, ok := s.Sessions.Pop(r.Context(), sessFlash).([]string); ok && len(flash) == 2 {
		p.Created, p.Password = flash[0], flash[1]
	}
	s.renderUsers(w, r, http.StatusOK, p)
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, p admin.UsersPage) {
	list, err := s.Accounts.Users(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Head = components.Head{Title: i18n.T(r.Context(), "users_title"), NoIndex: true, Section: "admin"}
	p.Staff = staffProps(staffFrom(r.Context()))
	p.Users = list
	s.render(w, r, status, admin.Users(p))
}

// createUser adds an account with a generated password, shown once to the
// administrator; the new person must change it at first sign-in.
func (s *Server) createUser(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	// The address is checked as typed, then normalised (never the other
	// way round: see accounts.ParseEmail); the role is one of the list or
	// refused, never a default nobody chose.
	email, emailErr := accounts.ParseEmail(r.PostForm.Get("email"))
	name := strings.TrimSpace(r.PostForm.Get("name"))
	nameErr := directory.CheckText(name, false, 200, false)
	role, roleErr := accounts.Role(r.PostForm.Get("role")), ""
	if !role.Valid() {
		roleErr = accounts.ErrRole
	}
	again := func(status int) {
		s.renderUsers(w, r, status, admin.UsersPage{Fields: userFields(r.PostForm.Get("email"), name, emailErr, nameErr),
			Role: string(role), RoleError: roleErr})
	}
	if emailErr != "" || nameErr != "" || roleErr != "" {
		again(http.StatusUnprocessableEntity)
		return
	}
	password, hash, err := newPassword()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	u := &accounts.User{Email: email, Name: name, Role: role, PasswordHash: hash, MustChangePassword: true}
	if err := s.Accounts.CreateUser(ctx, u, s.by(r)); fault.Is(err, fault.Conflict) {
		emailErr = "err_email_taken"
		again(http.StatusConflict)
		return
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(ctx, sessFlash, []string{email, password})
	http.Redirect(w, r, "/admin/uzytkownicy", http.StatusSeeOther)
}

// targetUser reads the account an administrator acts on; acting on one's
// own account here is refused (it would lock the administrator out).
func (s *Server) targetUser(w http.ResponseWriter, r *http.Request) (*accounts.User, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil {
		s.fail(w, r, fault.New(fault.NotFound, "no such account"))
		return nil, false
	}
	u, err := s.Accounts.UserByID(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return nil, false
	}
	if u.ID == staffFrom(r.Context()).ID {
		s.fail(w, r, fault.New(fault.Forbidden, "own account"))
		return nil, false
	}
	return u, true
}

func (s *Server) setUserDisabled(w http.ResponseWriter, r *http.Request) {
	u, ok := s.targetUser(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, fault.Wrap(fault.Invalid, err))
		return
	}
	if err := s.Accounts.SetDisabled(r.Context(), u.ID, r.PostForm.Get("disabled") == yes, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/uzytkownicy", http.StatusSeeOther)
}

// resetUserPassword gives an account a new generated password, shown once,
// ends its sessions and makes its owner choose a new one at sign-in.
func (s *Server) resetUserPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u, ok := s.targetUser(w, r)
	if !ok {
		return
	}
	password, hash, err := newPassword()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.Accounts.SetPassword(ctx, u.ID, hash, true, s.by(r)); err != nil {
		s.fail(w, r, err)
		return
	}
	s.Sessions.Put(ctx, sessFlash, []string{u.Email, password})
	http.Redirect(w, r, "/admin/uzytkownicy", http.StatusSeeOther)
}

func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	kind := r.URL.Query().Get("rodzaj")
	if !slices.Contains(accounts.AuditKinds, kind) {
		kind = ""
	}
	who := strings.TrimSpace(r.URL.Query().Get("kto"))
	entries, err := s.Accounts.AuditLog(ctx, kind, who, 500)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := admin.AuditPage{
		Head:  components.Head{Title: i18n.T(ctx, "audit_title"), NoIndex: true, Section: "admin"},
		Staff: staffProps(staffFrom(ctx)),
		Kind:  kind,
		Who:   who,
		Kinds: accounts.AuditKinds,
	}
	for _, e := range entries {
		detail := ""
		if len(e.Detail) > 0 {
			b, _ := json.Marshal(e.Detail)
			detail = string(b)
		}
		p.Entries = append(p.Entries, admin.AuditEntry{
			At: e.At, Actor: e.ActorEmail,
			Kind: e.Kind, Target: e.Target, IP: e.IP, Detail: detail,
		})
	}
	s.render(w, r, http.StatusOK, admin.Audit(p))
}

// newPassword generates a password to be shown once, and its hash.
func newPassword() (plain, hash string, err error) {
	plain = accounts.GeneratePassword()
	hash, err = accounts.HashPassword(plain)
	return plain, hash, err
}
