package accounts

import "time"

// Audit is one entry of the audit log, written in the same transaction as
// the change it records.
type Audit struct {
	At         time.Time
	ActorID    int64 // 0: nobody signed in (a failed login, the command line)
	ActorEmail string
	Kind       string // one of the Audit* kinds
	Target     string
	Detail     map[string]any
	IP         string
}

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
	// Changes of organisations: "organisation_" + the revision's action.
	AuditOrganisationCreate   = "organisation_create"
	AuditOrganisationUpdate   = "organisation_update"
	AuditOrganisationDelete   = "organisation_delete"
	AuditOrganisationUndelete = "organisation_undelete"
	AuditOrganisationRestore  = "organisation_restore"
	AuditTrashEmptied         = "trash_emptied"
	// Keeping data current: a check by staff, a reminder to the organisation.
	AuditOrganisationVerified = "organisation_verified"
	AuditVerificationReminder = "verification_reminder"
	// Changes of strategy tasks: "strategy_" + the revision's action.
	AuditStrategyUpdate  = "strategy_update"
	AuditStrategyRestore = "strategy_restore"
	// Publication of the directory.
	AuditPublished           = "published"
	AuditPublicationRestored = "publication_restored"
	// A contact person's data erased everywhere (RODO); the entry says
	// where, never whom.
	AuditPersonErased = "person_erased"
)

// AuditKinds lists the kinds, for the audit log's filter.
var AuditKinds = []string{AuditLogin, AuditLoginFailed, AuditLogout, AuditUserCreated,
	AuditUserDisabled, AuditUserEnabled, AuditPasswordChanged, AuditTOTPEnabled,
	AuditOrganisationCreate, AuditOrganisationUpdate, AuditOrganisationDelete, AuditOrganisationUndelete,
	AuditOrganisationRestore, AuditTrashEmptied, AuditStrategyUpdate, AuditStrategyRestore,
	AuditPublished, AuditPublicationRestored, AuditPersonErased, AuditOrganisationVerified, AuditVerificationReminder,
	AuditSubmissionEntered, AuditSubmissionTaken, AuditSubmissionAccepted, AuditSubmissionRejected,
	AuditUpdateTokenIssued, AuditUpdateTokenRevoked,
	AuditPublicationPinned, AuditPublicationUnpinned, AuditPublicationsPruned,
	AuditSynonymSaved, AuditSynonymDeleted, AuditSiteTextsUpdate,
	AuditStrategyCreate, AuditStrategyDelete, AuditStrategyUndelete, AuditStrategyTrashEmptied,
	AuditStrategyPartCreate, AuditStrategyPartUpdate, AuditStrategyPartRestore,
	AuditStrategyPartRetire, AuditStrategyPartUnretire,
	AuditMonitoringPeriodOpen, AuditMonitoringPeriodClose, AuditMonitoringReportSave,
	AuditMonitoringReportConfirm, AuditMonitoringReportCorrect, AuditMonitoringSettings, AuditMonitoringReminder}
