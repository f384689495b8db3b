package accounts

// AuditSiteTextsUpdate: staff changed the site texts (MOPR's contact, the
// legal texts' facts, the help numbers); the entry names the texts.
const AuditSiteTextsUpdate = "site_texts_update"
