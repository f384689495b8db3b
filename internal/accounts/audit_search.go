package accounts

// Audit kinds of the search's synonyms.
const (
	AuditSynonymSaved   = "synonym_saved"   // added or changed; the target is the word
	AuditSynonymDeleted = "synonym_deleted" // the target is the word
)
