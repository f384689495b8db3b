package accounts

// Kinds of audit-log entries of the monitoring cycle (issue 15).
const (
	AuditMonitoringPeriodOpen    = "monitoring_period_open"
	AuditMonitoringPeriodClose   = "monitoring_period_close"
	AuditMonitoringReportSave    = "monitoring_report_save"
	AuditMonitoringReportConfirm = "monitoring_report_confirm"
	AuditMonitoringReportCorrect = "monitoring_report_correct"
	AuditMonitoringSettings      = "monitoring_settings"
	AuditMonitoringReminder      = "monitoring_reminder"
)
