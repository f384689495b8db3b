package strategy

import (
	"slices"
	"strconv"
)

// Progress is how far a task has come: the sums of its stages' planned and
// actual percentages over the years. The stages of a card share the whole
// task between them, so the sums run to 100.
type Progress struct {
	Planned int
	Actual  int
}

// Behind reports whether less was done than planned.
func (p Progress) Behind() bool { return p.Actual < p.Planned }

// Progress sums the task's stages over all its years.
func (t *Task) Progress() Progress {
	var p Progress
	for _, s := range t.Stages {
		for _, y := range s.Years {
			p.add(y)
		}
	}
	return p
}

// ProgressIn sums the task's stages in one year.
func (t *Task) ProgressIn(year int) Progress {
	var p Progress
	for _, s := range t.Stages {
		for _, y := range s.Years {
			if y.Year == year {
				p.add(y)
			}
		}
	}
	return p
}

func (p *Progress) add(y StageYear) {
	if y.Planned != nil {
		p.Planned += *y.Planned
	}
	if y.Actual != nil {
		p.Actual += *y.Actual
	}
}

// Metric is a value the portal computes from its own data, so that the
// data bank measures its own task (card 9.2).
type Metric string

// The metrics an indicator can be bound to.
const (
	// MetricOrganisations counts the organisations in the directory,
	// leaving out example (demo) records.
	MetricOrganisations Metric = "organisations"
	// MetricVerifiedShare is the share (0–1, two decimals) of those
	// organisations verified in the last 12 months.
	MetricVerifiedShare Metric = "verified_share"
	// MetricFormsReceived counts the data forms received this calendar
	// year (online and on paper, spam left out), whatever their fate.
	MetricFormsReceived Metric = "forms_received"
)

// Metrics lists the metrics in the order forms offer them.
var Metrics = []Metric{MetricOrganisations, MetricFormsReceived, MetricVerifiedShare}

// CountsOrganisations reports whether m is computed from the directory's
// organisations, and so leaves example (demo) records out.
func (m Metric) CountsOrganisations() bool {
	return m == MetricOrganisations || m == MetricVerifiedShare
}

// LiveBasis is what the metrics that count organisations count from: the
// real organisations, and the example (demo) ones they leave out.
type LiveBasis struct {
	Organisations, Examples int
}

// LiveValue is a bound indicator's value for the current year as the
// portal computes it when asked (never stored nor parsed), with what a
// reader needs not to misread it.
type LiveValue struct {
	Year  int    `json:"year"`
	Value string `json:"value"` // an exact decimal
	// ExampleOrganisations is how many example (demo) organisations the
	// value leaves out; OnlyExamples says the directory holds nothing else,
	// so the value describes no real organisation.
	ExampleOrganisations int  `json:"example_organisations,omitempty"`
	OnlyExamples         bool `json:"only_examples,omitempty"`
	// Note says so in Polish, for people reading the JSON.
	Note string `json:"note,omitempty"`
}

// Valid reports whether m is a known metric.
func (m Metric) Valid() bool {
	for _, k := range Metrics {
		if k == m {
			return true
		}
	}
	return false
}

// Slug is the address of a task: goal, area and task numbers ("ii-9-2").
func Slug(goal string, area, task int) string {
	b := []byte(goal)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b) + "-" + strconv.Itoa(area) + "-" + strconv.Itoa(task)
}

// TaskRef names a task an organisation of the directory takes part in.
type TaskRef struct {
	Slug    string
	Title   string
	Partner string // the partner's name on the card
}

// HalfYear is a monitoring period: the cards ask for monitoring twice a
// year.
type HalfYear struct {
	Year int
	Half int // 1 or 2
}

// String writes the period as its address parameter: "2013-1".
func (h HalfYear) String() string { return strconv.Itoa(h.Year) + "-" + strconv.Itoa(h.Half) }

// ParseHalfYear reads "2013-1" or "2013-2".
func ParseHalfYear(s string) (HalfYear, bool) {
	if len(s) != 6 || s[4] != '-' || (s[5] != '1' && s[5] != '2') {
		return HalfYear{}, false
	}
	y, err := strconv.Atoi(s[:4])
	if err != nil || y < 1900 {
		return HalfYear{}, false
	}
	return HalfYear{Year: y, Half: int(s[5] - '0')}, true
}

// HalfYears lists the monitoring periods the cards' years span, newest
// first.
func HalfYears(cards []*Card) []HalfYear {
	seen := map[int]bool{}
	var years []int
	for _, c := range cards {
		for _, y := range c.Task.Years {
			if !seen[y] {
				seen[y] = true
				years = append(years, y)
			}
		}
	}
	slices.Sort(years)
	var out []HalfYear
	for i := len(years) - 1; i >= 0; i-- {
		out = append(out, HalfYear{years[i], 2}, HalfYear{years[i], 1})
	}
	return out
}

// ValueIn returns the indicator's value in year, or "" when it has none.
func (ind *Indicator) ValueIn(year int) string {
	for _, v := range ind.Values {
		if v.Year == year {
			return v.Value
		}
	}
	return ""
}

// YearIn returns the stage's plan and execution in year (zero when the
// card gives none).
func (s *Stage) YearIn(year int) StageYear {
	for _, y := range s.Years {
		if y.Year == year {
			return y
		}
	}
	return StageYear{Year: year}
}
