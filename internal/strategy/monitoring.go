package strategy

import (
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Period is a reporting period of the monitoring cycle: a half-year
// ("2026-1", "2026-2") or a whole year ("2026"). Every task of the strategy
// is reported on in every period.
type Period struct {
	Year int
	Half int // 1 or 2; 0 for the whole year
}

// ParsePeriod reads a period's code: "2026-1", "2026-2" or "2026".
func ParsePeriod(s string) (Period, bool) {
	if h, ok := ParseHalfYear(s); ok {
		return Period{Year: h.Year, Half: h.Half}, true
	}
	if len(s) != 4 {
		return Period{}, false
	}
	y, err := strconv.Atoi(s)
	if err != nil || y < 1990 || y > 2100 {
		return Period{}, false
	}
	return Period{Year: y}, true
}

// String is the period's code, as addresses and the database write it.
func (p Period) String() string {
	if p.Half == 0 {
		return strconv.Itoa(p.Year)
	}
	return strconv.Itoa(p.Year) + "-" + strconv.Itoa(p.Half)
}

// Start and End are the period's first and last days (dates in Warsaw).
func (p Period) Start() time.Time {
	m := time.January
	if p.Half == 2 {
		m = time.July
	}
	return time.Date(p.Year, m, 1, 0, 0, 0, 0, directory.Warsaw)
}

// End is the period's last day.
func (p Period) End() time.Time {
	m := time.December
	if p.Half == 1 {
		m = time.June
	}
	return time.Date(p.Year, m+1, 0, 0, 0, 0, 0, directory.Warsaw)
}

// Previous is the period of the same length just before p: 2026-1 comes
// after 2025-2, 2026 after 2025.
func (p Period) Previous() Period {
	switch p.Half {
	case 0:
		return Period{Year: p.Year - 1}
	case 1:
		return Period{Year: p.Year - 1, Half: 2}
	}
	return Period{Year: p.Year, Half: 1}
}

// ReportStatus is where a task stands in a period, chosen from a fixed
// list; people read it by its label (catalogue "report_status_<value>").
type ReportStatus string

// The statuses, in the order forms offer them.
const (
	StatusNotStarted ReportStatus = "nierozpoczete"
	StatusOnTrack    ReportStatus = "zgodnie_z_planem"
	StatusDelayed    ReportStatus = "opoznione"
	StatusAtRisk     ReportStatus = "zagrozone"
	StatusDone       ReportStatus = "zakonczone"
	StatusSuspended  ReportStatus = "wstrzymane"
)

// Statuses lists the statuses in the order forms offer them.
var Statuses = []ReportStatus{StatusNotStarted, StatusOnTrack, StatusDelayed, StatusAtRisk, StatusDone, StatusSuspended}

// Valid reports whether s is one of Statuses.
func (s ReportStatus) Valid() bool {
	for _, k := range Statuses {
		if k == s {
			return true
		}
	}
	return false
}

// Tone is the status's colour class ("good", "warn", "bad", "neutral");
// the label always goes with it, never the colour alone.
func (s ReportStatus) Tone() string {
	switch s {
	case StatusOnTrack, StatusDone:
		return "good"
	case StatusDelayed:
		return "warn"
	case StatusAtRisk:
		return "bad"
	}
	return "neutral"
}

// Report is the report of one task in one period. A draft is private;
// once confirmed it is final, and it is public from the moment its period
// is closed.
type Report struct {
	Period   string       `json:"period"`
	Task     string       `json:"task"` // the task's slug
	Status   ReportStatus `json:"status"`
	Done     string       `json:"done"`     // what was done
	Blockers string       `json:"blockers"` // what blocks
	// Stages has each stage's actual percent in the period, by the stage's
	// position on the card (nil: not given).
	Stages []*int `json:"stages"`
	// Values has each indicator's value in the period as an exact decimal,
	// by the indicator's position ("" none).
	Values   []string   `json:"values"`
	Spending []Spending `json:"spending"`

	Confirmed   bool       `json:"confirmed"`
	ConfirmedAt *time.Time `json:"confirmed_at,omitempty"`
	Version     int        `json:"version"` // 0: not saved yet
	UpdatedAt   time.Time  `json:"updated_at"`
	UpdatedBy   string     `json:"-"`
}

// Spending is money spent in the period from one funding source, an exact
// decimal in złoty.
type Spending struct {
	Source string `json:"source"`
	Amount string `json:"amount"`
}

// Validate checks a report against its task: the status, the texts, every
// stage percent (0–100), every indicator value (an exact decimal) and every
// spending line (a source and an amount in złoty and grosze). Keys are the
// form's field names.
func (r *Report) Validate(t *Task) FieldErrors {
	errs := FieldErrors{}
	if !r.Status.Valid() {
		errs["status"] = "err_report_status"
	}
	for key, v := range map[string]string{"done": r.Done, "blockers": r.Blockers} {
		if e := directory.CheckText(v, false, 5000, true); e != "" {
			errs[key] = e
		}
	}
	if len(r.Stages) > len(t.Stages) || len(r.Values) > len(t.Indicators) {
		errs["status"] = "err_report_stale"
	}
	for i, p := range r.Stages {
		if p != nil && (*p < 0 || *p > 100) {
			errs["stages."+strconv.Itoa(i)] = "err_percent"
		}
	}
	for i, v := range r.Values {
		if v == "" {
			continue
		}
		if _, err := decimal.NewFromString(v); err != nil || strings.ContainsAny(v, "eE") || len(v) > 30 {
			errs["values."+strconv.Itoa(i)] = "err_decimal"
		}
	}
	if len(r.Spending) > 20 {
		errs["spending"] = "err_too_many"
	}
	for i, s := range r.Spending {
		p := "spending." + strconv.Itoa(i) + "."
		if e := directory.CheckText(s.Source, true, 300, false); e != "" {
			errs[p+"source"] = e
		}
		d, err := decimal.NewFromString(s.Amount)
		switch {
		case s.Amount == "":
			errs[p+"amount"] = "err_required"
		case err != nil || d.IsNegative() || d.Exponent() < -2 || d.GreaterThanOrEqual(decimal.New(1, 12)):
			errs[p+"amount"] = "err_amount"
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Share is how much of target value reaches, in percent, rounded half away
// from zero to one decimal place ("87.5"); ok is false when either is
// missing or not a number, or the target is zero. Both are exact decimals:
// nothing passes through a float.
func Share(value, target string) (string, bool) {
	// Exponents ("1e999999999") would make the arithmetic unbounded; the
	// portal's decimals are written out.
	if strings.ContainsAny(value+target, "eE") || len(value) > 40 || len(target) > 40 {
		return "", false
	}
	v, err1 := decimal.NewFromString(value)
	t, err2 := decimal.NewFromString(target)
	if value == "" || target == "" || err1 != nil || err2 != nil || t.IsZero() {
		return "", false
	}
	return v.Mul(decimal.NewFromInt(100)).DivRound(t, 8).Round(1).StringFixed(1), true
}

// Responsibility says who answers for a task's reports: a unit, shown to
// the public, and a person, never shown: a staff account or a named person
// with an e-mail address.
type Responsibility struct {
	Unit        string
	StaffID     int64  // 0: a named person instead
	StaffName   string // of the staff account, as stored
	StaffEmail  string
	PersonName  string
	PersonEmail string
	Version     int // 0: none set yet
}

// Email is where the task's reminders go ("" when nobody has an address).
func (r Responsibility) Email() string {
	if r.StaffID != 0 {
		return r.StaffEmail
	}
	return r.PersonEmail
}

// Person names the responsible person for staff.
func (r Responsibility) Person() string {
	if r.StaffID != 0 {
		if r.StaffName != "" {
			return r.StaffName
		}
		return r.StaffEmail
	}
	return r.PersonName
}

// Validate checks a responsibility as staff enter it.
func (r Responsibility) Validate() FieldErrors {
	errs := FieldErrors{}
	if e := directory.CheckText(r.Unit, true, 300, false); e != "" {
		errs["unit"] = e
	}
	if r.StaffID == 0 {
		if e := directory.CheckText(r.PersonName, true, 200, false); e != "" {
			errs["person_name"] = e
		}
		if r.PersonEmail == "" {
			errs["person_email"] = "err_required"
		} else if !directory.ValidEmail(r.PersonEmail) {
			errs["person_email"] = "err_email"
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Target is an indicator's baseline and its targets by year, as exact
// decimals ("" where none is set).
type Target struct {
	BaselineYear int              `json:"baseline_year,omitempty"`
	Baseline     string           `json:"baseline,omitempty"`
	Years        []IndicatorValue `json:"years"`
}

// In returns the target of year ("" none).
func (t Target) In(year int) string {
	for _, v := range t.Years {
		if v.Year == year {
			return v.Value
		}
	}
	return ""
}

// ReminderKind is why a reminder goes out.
type ReminderKind string

// The reminders: before the period ends, and when its report is late.
const (
	ReminderBeforeEnd ReminderKind = "before_end"
	ReminderLate      ReminderKind = "late"
)

// ReminderLead is how long before a period's end the first reminder goes.
const ReminderLead = 14 * 24 * time.Hour

// ReminderDue says which reminder, if any, a task's report in period p
// needs on day today, when it is not confirmed: before the end within
// ReminderLead, late from the day after the end.
func ReminderDue(p Period, today time.Time) (ReminderKind, bool) {
	end := p.End()
	day := time.Date(today.In(directory.Warsaw).Year(), today.In(directory.Warsaw).Month(), today.In(directory.Warsaw).Day(), 0, 0, 0, 0, directory.Warsaw)
	switch {
	case day.After(end):
		return ReminderLate, true
	case !day.Before(end.Add(-ReminderLead)):
		return ReminderBeforeEnd, true
	}
	return "", false
}

// Snapshot is a closed period as the public sees it, frozen when the
// period was closed: every task with its confirmed report (or none) and the
// period's figures. It is stored as JSON and never changes.
type Snapshot struct {
	Period   string         `json:"period"`
	ClosedAt time.Time      `json:"closed_at"`
	Tasks    []SnapshotTask `json:"tasks"`
}

// SnapshotTask is one task in a closed period.
type SnapshotTask struct {
	Slug   string `json:"slug"`
	Number string `json:"number"` // "9.2"
	Title  string `json:"title"`
	Unit   string `json:"unit"` // responsible unit; "" none set
	// Reported says a confirmed report was there when the period closed;
	// without one the figures are what the card holds for the year.
	Reported bool            `json:"reported"`
	Status   ReportStatus    `json:"status,omitempty"`
	Done     string          `json:"done"`
	Blockers string          `json:"blockers"`
	Stages   []SnapshotStage `json:"stages"`
	Values   []SnapshotValue `json:"indicators"`
	Budget   []BudgetLine    `json:"budget"`   // planned, from the card
	Spending []Spending      `json:"spending"` // spent in the period
}

// SnapshotStage is a stage's plan for the period's year and what was done.
type SnapshotStage struct {
	Order       int    `json:"order"`
	Description string `json:"description"`
	Planned     *int   `json:"planned"`
	Actual      *int   `json:"actual"`
}

// SnapshotValue is an indicator's value in the period against its target.
type SnapshotValue struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Target   string `json:"target"`
	Baseline string `json:"baseline"`
	Share    string `json:"share"` // percent of the target, one decimal (see Share)
}

// Behind reports whether the task needs attention: no report, a status of
// delay or risk, or a stage short of its plan.
func (t SnapshotTask) Behind() bool {
	if !t.Reported || t.Status == StatusDelayed || t.Status == StatusAtRisk {
		return true
	}
	for _, s := range t.Stages {
		if s.Planned != nil && (s.Actual == nil || *s.Actual < *s.Planned) {
			return true
		}
	}
	return false
}

// SnapshotTaskOf builds a task's entry of period p from its card, its
// confirmed report (nil: none), its targets by indicator position and its
// unit. Without a report, stages and indicators show what the card holds
// for the period's year.
func SnapshotTaskOf(p Period, c *Card, r *Report, targets map[int]Target, unit string) SnapshotTask {
	t := &c.Task
	st := SnapshotTask{Slug: t.Slug, Number: c.Number(), Title: t.Title, Unit: unit,
		Stages: []SnapshotStage{}, Values: []SnapshotValue{}, Budget: append([]BudgetLine{}, t.Budget...), Spending: []Spending{}}
	if r != nil && r.Confirmed {
		st.Reported, st.Status, st.Done, st.Blockers = true, r.Status, r.Done, r.Blockers
		st.Spending = append(st.Spending, r.Spending...)
	}
	for i, s := range t.Stages {
		y := s.YearIn(p.Year)
		ss := SnapshotStage{Order: s.Order, Description: s.Description, Planned: y.Planned, Actual: y.Actual}
		if st.Reported {
			ss.Actual = nil
			if i < len(r.Stages) {
				ss.Actual = r.Stages[i]
			}
		}
		st.Stages = append(st.Stages, ss)
	}
	for i, ind := range t.Indicators {
		v := SnapshotValue{Name: ind.Name, Value: ind.ValueIn(p.Year)}
		if st.Reported {
			v.Value = ""
			if i < len(r.Values) {
				v.Value = r.Values[i]
			}
		}
		if tg, ok := targets[i]; ok {
			v.Target, v.Baseline = tg.In(p.Year), tg.Baseline
		}
		v.Share, _ = Share(v.Value, v.Target)
		st.Values = append(st.Values, v)
	}
	return st
}

// PeriodChange is one difference of a task between two closed periods.
type PeriodChange struct {
	Task   string // "9.2. Bank danych …"
	Slug   string
	What   string // "status", "stage", "indicator", "new"
	Name   string // the stage's or indicator's name
	Before string // a status value, a percent or an exact decimal
	After  string
}

// Compare lists what changed from the earlier snapshot to the later one,
// task by task in the later one's order: statuses, stages' actual percent
// and indicators' values.
func Compare(earlier, later *Snapshot) []PeriodChange {
	was := map[string]SnapshotTask{}
	for _, t := range earlier.Tasks {
		was[t.Slug] = t
	}
	var out []PeriodChange
	for _, t := range later.Tasks {
		name := t.Number + ". " + t.Title
		b, ok := was[t.Slug]
		if !ok {
			out = append(out, PeriodChange{Task: name, Slug: t.Slug, What: "new"})
			continue
		}
		if b.Status != t.Status {
			out = append(out, PeriodChange{Task: name, Slug: t.Slug, What: "status", Before: string(b.Status), After: string(t.Status)})
		}
		for i, s := range t.Stages {
			if i < len(b.Stages) && pct(b.Stages[i].Actual) != pct(s.Actual) {
				out = append(out, PeriodChange{Task: name, Slug: t.Slug, What: "stage", Name: s.Description, Before: pct(b.Stages[i].Actual), After: pct(s.Actual)})
			}
		}
		for i, v := range t.Values {
			if i < len(b.Values) && !sameDecimal(b.Values[i].Value, v.Value) {
				out = append(out, PeriodChange{Task: name, Slug: t.Slug, What: "indicator", Name: v.Name, Before: b.Values[i].Value, After: v.Value})
			}
		}
	}
	return out
}

func pct(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

// sameDecimal compares exact decimals by value: "1.0" is "1".
func sameDecimal(a, b string) bool {
	if a == "" || b == "" {
		return a == b
	}
	x, err1 := decimal.NewFromString(a)
	y, err2 := decimal.NewFromString(b)
	if err1 != nil || err2 != nil {
		return a == b
	}
	return x.Equal(y)
}
