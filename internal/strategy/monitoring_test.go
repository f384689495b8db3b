package strategy

import (
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]Period{"2026-1": {2026, 1}, "2026-2": {2026, 2}, "2026": {2026, 0}} {
		got, ok := ParsePeriod(in)
		if !ok || got != want || got.String() != in {
			t.Errorf("ParsePeriod(%q) = %v, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "2026-3", "2026-0", "26", "20261", "abcd", "1800", "2026-1x", "２０２６"} {
		if p, ok := ParsePeriod(in); ok {
			t.Errorf("ParsePeriod(%q) = %v, want refused", in, p)
		}
	}
	p, _ := ParsePeriod("2026-1")
	if p.Start().Format(time.DateOnly) != "2026-01-01" || p.End().Format(time.DateOnly) != "2026-06-30" || p.Previous().String() != "2025-2" {
		t.Errorf("2026-1: %v–%v, previous %v", p.Start(), p.End(), p.Previous())
	}
	y, _ := ParsePeriod("2026")
	if y.End().Format(time.DateOnly) != "2026-12-31" || y.Previous().String() != "2025" {
		t.Errorf("2026: ends %v, previous %v", y.End(), y.Previous())
	}
}

// Shares are exact: computed on decimals, rounded half away from zero to
// one place, never through a float.
func TestShareIsExact(t *testing.T) {
	for _, c := range []struct{ value, target, want string }{
		{"52.50", "60", "87.5"},
		{"55", "60", "91.7"},   // 91.666…
		{"1", "3", "33.3"},     // 33.333…
		{"2", "3", "66.7"},     // 66.666…
		{"0.1", "0.3", "33.3"}, // a float would make this 33.33333333333334
		{"0.95", "0.95", "100.0"},
		{"120", "100", "120.0"},
		{"1", "8", "12.5"}, // 12.5 exactly
		{"1", "16", "6.3"}, // 6.25: the half goes up
		{"123456789012345678901234567890", "1", "12345678901234567890123456789000.0"},
	} {
		got, ok := Share(c.value, c.target)
		if !ok || got != c.want {
			t.Errorf("Share(%s, %s) = %q, %v; want %q", c.value, c.target, got, ok, c.want)
		}
	}
	for _, c := range [][2]string{{"", "60"}, {"5", ""}, {"5", "0"}, {"x", "1"}, {"1", "0.00"}} {
		if got, ok := Share(c[0], c[1]); ok {
			t.Errorf("Share(%q, %q) = %q, want none", c[0], c[1], got)
		}
	}
}

func TestReminderDue(t *testing.T) {
	p, _ := ParsePeriod("2026-1")
	day := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, directory.Warsaw) }
	for _, c := range []struct {
		at   time.Time
		kind ReminderKind
		due  bool
	}{
		{day(6, 15, 23), "", false},
		{day(6, 16, 0), ReminderBeforeEnd, true}, // 14 days before 30 June
		{day(6, 30, 23), ReminderBeforeEnd, true},
		{day(7, 1, 0), ReminderLate, true},
		{day(12, 1, 0).UTC(), ReminderLate, true},
	} {
		kind, due := ReminderDue(p, c.at)
		if kind != c.kind || due != c.due {
			t.Errorf("%v: %q %v, want %q %v", c.at, kind, due, c.kind, c.due)
		}
	}
}

func TestReportValidate(t *testing.T) {
	task := &Task{Stages: []Stage{{Order: 1}}, Indicators: []Indicator{{Name: "a"}}}
	n := 101
	r := &Report{Status: "gotowe", Stages: []*int{&n}, Values: []string{"1e5"}, Spending: []Spending{{Source: "", Amount: "1.001"}}}
	errs := r.Validate(task)
	for _, k := range []string{"status", "stages.0", "values.0", "spending.0.source", "spending.0.amount"} {
		if errs[k] == "" {
			t.Errorf("%s not refused: %v", k, errs)
		}
	}
	ok := &Report{Status: StatusDone, Values: []string{"-1.50"}, Spending: []Spending{{Source: "budżet", Amount: "10.5"}}}
	if errs := ok.Validate(task); errs != nil {
		t.Errorf("a valid report refused: %v", errs)
	}
}

func TestCompareAndBehind(t *testing.T) {
	ten, twenty := 10, 20
	a := &Snapshot{Tasks: []SnapshotTask{{Slug: "x", Number: "1.1", Title: "A", Reported: true, Status: StatusOnTrack,
		Stages: []SnapshotStage{{Description: "e", Planned: &twenty, Actual: &ten}}, Values: []SnapshotValue{{Name: "m", Value: "1.0"}}}}}
	b := &Snapshot{Tasks: []SnapshotTask{{Slug: "x", Number: "1.1", Title: "A", Reported: true, Status: StatusDelayed,
		Stages: []SnapshotStage{{Description: "e", Planned: &twenty, Actual: &twenty}}, Values: []SnapshotValue{{Name: "m", Value: "1"}}},
		{Slug: "y", Number: "1.2", Title: "B"}}}
	got := Compare(a, b)
	if len(got) != 3 || got[0].What != "status" || got[1].What != "stage" || got[2].What != "new" {
		t.Errorf("Compare = %+v (1.0 and 1 are the same value)", got)
	}
	if !a.Tasks[0].Behind() || !b.Tasks[0].Behind() || !b.Tasks[1].Behind() {
		t.Errorf("behind: a stage short of plan, a delay and no report all need attention")
	}
	b.Tasks[0].Status = StatusOnTrack
	if b.Tasks[0].Behind() {
		t.Errorf("a task on plan needs attention")
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-1", "2026", "2026-3", "", "9999-2", "1990"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ParsePeriod(s)
		if !ok {
			return
		}
		if p.String() != s {
			t.Fatalf("ParsePeriod(%q).String() = %q", s, p.String())
		}
		if p.End().Before(p.Start()) {
			t.Fatalf("%s ends before it starts", s)
		}
		if q, ok := ParsePeriod(p.Previous().String()); ok && !q.End().Before(p.Start()) {
			t.Fatalf("the period before %s does not end before it", s)
		}
	})
}

func FuzzShare(f *testing.F) {
	f.Add("52.50", "60")
	f.Add("-1", "3")
	f.Add("1e3", "2")
	f.Fuzz(func(t *testing.T, v, target string) {
		s, ok := Share(v, target)
		if ok && s == "" {
			t.Fatalf("Share(%q, %q) ok but empty", v, target)
		}
	})
}
