package accounts

// Audit kinds of the strategy's admin (issue 15). A task's entry names its
// address; a document's, goal's or area's its number and name.
const (
	AuditStrategyCreate       = "strategy_create"   // a task created by staff
	AuditStrategyDelete       = "strategy_delete"   // a task moved to the trash
	AuditStrategyUndelete     = "strategy_undelete" // a task taken out of the trash
	AuditStrategyTrashEmptied = "strategy_trash_emptied"
	AuditStrategyPartCreate   = "strategy_part_create"
	AuditStrategyPartUpdate   = "strategy_part_update"
	AuditStrategyPartRestore  = "strategy_part_restore"
	AuditStrategyPartRetire   = "strategy_part_retire"
	AuditStrategyPartUnretire = "strategy_part_unretire"
)
