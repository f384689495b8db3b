package accounts

// Kinds of audit-log entries.
const (
	AuditLogin           = "login"
	AuditLoginFailed     = "login_failed"
	AuditLogout          = "logout"
	AuditUserCreated     = "user_created"
	AuditUserDisabled    = "user_disabled"
	AuditUserEnabled     = "user_enabled"
	AuditPasswordChanged = "password_changed"
	AuditTOTPEnabled     = "totp_enabled"
)

// AuditKinds lists the kinds, for the audit log's filter.
var AuditKinds = []string{AuditLogin, AuditLoginFailed, AuditLogout, AuditUserCreated,
	AuditUserDisabled, AuditUserEnabled, AuditPasswordChanged, AuditTOTPEnabled}
