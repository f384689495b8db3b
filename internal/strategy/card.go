// Package strategy holds the tasks of the city's development strategy
// ("Strategia rozwoju Leszna") that MOPR coordinates: goals, areas, tasks
// with their stages, partners, indicators and budget, and the parser of the
// task-card text format the strategy is published in. It knows nothing of
// SQL or HTTP.
package strategy

// Card is one task card as the strategy document prints it: the goal and
// the area it belongs to, and the task. Its JSON form is what
// `portal import-strategy --dry-run --json` prints; other tools rely on it.
type Card struct {
	Document string `json:"document"` // "Strategia rozwoju Leszna"
	Goal     Goal   `json:"goal"`
	Area     Area   `json:"area"`
	Task     Task   `json:"task"`
}

// Goal is a strategic goal, numbered in Roman numerals.
type Goal struct {
	Number string `json:"number"` // "II"
	Title  string `json:"title"`
	Lead   string `json:"lead"` // "szef celu": who leads the goal
}

// Area is an area of a goal, with its coordinator.
type Area struct {
	Number      int    `json:"number"`
	Name        string `json:"name"`
	Coordinator string `json:"coordinator"`
}

// Task is one task of an area.
type Task struct {
	// Slug is the task's address in the portal ("ii-9-2"); empty in a
	// parsed card.
	Slug          string `json:"slug,omitempty"`
	Number        int    `json:"number"`
	Title         string `json:"title"`
	Addressees    string `json:"addressees"`
	Justification string `json:"justification"`
	Description   string `json:"description"`
	Implementer   string `json:"implementer"`
	// Years are the columns of the card's tables, in order (the seeds use
	// 2009–2013; other cards use other ranges).
	Years      []int       `json:"years"`
	Stages     []Stage     `json:"stages"`
	Partners   []Partner   `json:"partners"`
	Indicators []Indicator `json:"indicators"`
	// TotalCost is the planned total cost as an exact decimal in złoty
	// ("2000.00"), or "" when the card leaves it empty.
	TotalCost string       `json:"total_cost"`
	Budget    []BudgetLine `json:"budget"`
	// Flags are values that parse but look wrong; they are kept as written
	// and shown to staff, never corrected.
	Flags []Flag `json:"flags"`
}

// Stage is one stage of a task with its yearly plan and execution.
type Stage struct {
	Order       int    `json:"order"`
	Description string `json:"description"`
	// Period is the stage's time span as the card gives it ("XI 2008 –
	// I 2009"), or "".
	Period string `json:"period"`
	// Years has one entry per year of the task, in the order of Task.Years.
	Years []StageYear `json:"years"`
}

// StageYear is a stage's planned and actual share of the task in one year,
// in percent; nil when the card says "-".
type StageYear struct {
	Year    int  `json:"year"`
	Planned *int `json:"planned"`
	Actual  *int `json:"actual"`
}

// Partner is a body the task is carried out with.
type Partner struct {
	Name  string `json:"name"`
	Scope string `json:"scope"`
	// Organisation is the slug of the directory's organisation this
	// partner is, when staff linked one; never set by the parser.
	Organisation string `json:"organisation,omitempty"`
}

// IndicatorType is the kind of an indicator ("miernik").
type IndicatorType string

// The kinds of indicators a card lists, in the card's order.
const (
	Product IndicatorType = "produktu"
	Result  IndicatorType = "rezultatu"
	Impact  IndicatorType = "oddzialywania"
)

// Indicator is a measure of the task with its yearly values.
type Indicator struct {
	Type   IndicatorType `json:"type"`
	Name   string        `json:"name"`
	Source string        `json:"source"` // "" when the card gives none
	// Values has one entry per year of the task.
	Values []IndicatorValue `json:"values"`
	// Metric names the value the portal computes itself for the current
	// year (see Metrics), when staff bound one; never set by the parser.
	Metric Metric `json:"metric,omitempty"`
	// Live is the bound metric's value now, set on a copy by the portal's
	// downloads; never stored nor set by the parser.
	Live *LiveValue `json:"live,omitempty"`
}

// IndicatorValue is an indicator's value in one year as an exact decimal,
// written as the card writes it ("54", "1.0"); never a float.
type IndicatorValue struct {
	Year  int    `json:"year"`
	Value string `json:"value"`
}

// BudgetLine is a funding source and its amount, an exact decimal in złoty
// ("2000.00").
type BudgetLine struct {
	Source string `json:"source"`
	Amount string `json:"amount"`
}

// FlagKind says what looks wrong about a flagged value.
type FlagKind string

// Jump: an indicator changes by more than half from one year to the next.
const Jump FlagKind = "jump"

// Flag marks an indicator value that parses but looks wrong, such as the
// 2011 family benefits of card 8.1 (13699 between 96821 and 83902).
type Flag struct {
	Kind      FlagKind `json:"kind"`
	Line      int      `json:"line"`      // of the card's text
	Indicator int      `json:"indicator"` // index into Task.Indicators
	Year      int      `json:"year"`
	Previous  string   `json:"previous"` // the value of the year before
	Value     string   `json:"value"`
}
