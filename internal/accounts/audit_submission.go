package accounts

// Kinds of audit-log entries about submissions from organisations and
// their update links.
const (
	AuditSubmissionEntered  = "submission_entered" // a paper form typed in by staff
	AuditSubmissionTaken    = "submission_taken"
	AuditSubmissionAccepted = "submission_accepted"
	AuditSubmissionRejected = "submission_rejected"
	AuditUpdateTokenIssued  = "update_token_issued"
	AuditUpdateTokenRevoked = "update_token_revoked"
)
