package public

import (
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
)

// MonitoringPage is /strategia/monitoring: a closed reporting period as it
// was frozen when closed, what changed since the period before, the tasks
// that need attention, the corrections made since, and optionally a
// comparison with another closed period.
type MonitoringPage struct {
	Head components.Head
	// Closed are the closed periods to choose from, the latest first.
	Closed []PeriodLink
	// Period is the period shown; nil when none is closed yet.
	Period *PeriodView
}

// PeriodLink names a closed period.
type PeriodLink struct{ Code, Name string }

// PeriodView is a closed period's frozen snapshot, ready to show.
type PeriodView struct {
	Code, Name string
	ClosedAt   string // date, in Warsaw
	From, To   string // the period's first and last days
	Tasks      []strategy.SnapshotTask
	Behind     []strategy.SnapshotTask
	// Previous is the period of the same length before this one; Changes
	// is what changed since it, when it is closed (HasPrevious).
	Previous    PeriodLink
	HasPrevious bool
	Changes     []strategy.PeriodChange
	Corrections []CorrectionView
	// Compare is the comparison asked for with ?porownaj=, or nil.
	Compare *CompareView
}

// CorrectionView is a task's entry corrected after the period closed.
type CorrectionView struct {
	Task   string
	At     string
	Reason string
	Entry  strategy.SnapshotTask
}

// CompareView puts two closed periods side by side.
type CompareView struct {
	Other   PeriodLink
	Rows    []CompareRow
	Changes []strategy.PeriodChange
}

// CompareRow is a task in both periods; Found says it was in the other.
type CompareRow struct {
	Task  strategy.SnapshotTask
	Other strategy.SnapshotTask
	Found bool
}

// TaskMonitoring is a task's part of the monitoring on its public page.
type TaskMonitoring struct {
	Unit     string // responsible unit; "" none set
	Timeline []TimelineItem
	Charts   []IndicatorTargets
}

// TimelineItem is the task in one closed period.
type TimelineItem struct {
	Code, Name  string
	Entry       strategy.SnapshotTask
	Corrections []CorrectionView
}

// IndicatorTargets is an indicator's values against its targets over the
// closed periods, as a chart and its table.
type IndicatorTargets struct {
	Chart components.TargetChart
	Rows  []strategy.SnapshotValue
	// Labels name the periods of Rows.
	Labels []string
}
