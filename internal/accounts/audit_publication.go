package accounts

// Audit kinds of the retention of publications.
const (
	// An administrator pinned a publication: its copy is kept whatever its
	// age.
	AuditPublicationPinned   = "publication_pinned"
	AuditPublicationUnpinned = "publication_unpinned"
	// Old publications' copies were dropped (after a publication, or by
	// `portal publications prune`); the entry lists their numbers.
	AuditPublicationsPruned = "publications_pruned"
)
