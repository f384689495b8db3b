package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/internal/strategy"
)

func intp(n int) *int { return &n }

// A period's life in the store: a draft, its confirmation (final), the
// closing that freezes the snapshot, and a correction afterwards that
// leaves the snapshot as it was and is recorded beside it.
func TestPeriodLifeAndFrozenSnapshot(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if _, _, err := s.ImportCard(ctx, seedCard(t, card92), card92); err != nil {
		t.Fatal(err)
	}
	by := accounts.Audit{ActorEmail: "redaktor@example.org"}
	p, _ := strategy.ParsePeriod("2026-1")
	if err := s.OpenPeriod(ctx, p, by); err != nil {
		t.Fatal(err)
	}
	if err := s.OpenPeriod(ctx, p, by); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("opening twice: %v", err)
	}
	err := s.SaveTaskSettings(ctx, "ii-9-2", store.MonitoringSettings{
		Responsibility: strategy.Responsibility{Unit: "Dział Organizacji Pozarządowych", PersonName: "Anna Nowak", PersonEmail: "anna@example.org"},
		Targets:        map[int]strategy.Target{0: {Baseline: "40", BaselineYear: 2025, Years: []strategy.IndicatorValue{{Year: 2026, Value: "60"}}}},
	}, 0, by)
	if err != nil {
		t.Fatal(err)
	}

	r := &strategy.Report{Period: "2026-1", Task: "ii-9-2", Status: strategy.StatusOnTrack, Done: "Zebrano formularze.",
		Stages: []*int{intp(10)}, Values: []string{"52.50"}, Spending: []strategy.Spending{{Source: "budżet miasta", Amount: "1200.00"}}}
	if err := s.SaveReport(ctx, r, 0, false, "", by); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveReport(ctx, r, 0, false, "", by); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a stale save: %v", err)
	}
	got, err := s.Report(ctx, "2026-1", "ii-9-2")
	if err != nil || got.Version != 1 || got.Confirmed || got.Values[0] != "52.50" || got.Spending[0].Amount != "1200.00" {
		t.Fatalf("draft read back: %+v, %v", got, err)
	}
	if err := s.SaveReport(ctx, r, 1, true, "", by); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveReport(ctx, r, 2, false, "", by); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("a confirmed report changed in an open period: %v", err)
	}

	closedAt := time.Date(2026, 7, 3, 10, 0, 0, 0, directory.Warsaw)
	var rendered *strategy.Snapshot
	pdf := func(sn *strategy.Snapshot) ([]byte, error) { rendered = sn; return []byte("%PDF-1.4 test"), nil }
	if err := s.ClosePeriod(ctx, "2026-1", 1, closedAt, pdf, by); err != nil {
		t.Fatal(err)
	}
	if err := s.ClosePeriod(ctx, "2026-1", 2, closedAt, pdf, by); fault.CodeOf(err) != fault.Conflict {
		t.Errorf("closing twice: %v", err)
	}
	snap, corr, err := s.ClosedPeriod(ctx, "2026-1")
	if err != nil || len(corr) != 0 {
		t.Fatal(err, corr)
	}
	if !reflect.DeepEqual(snap, rendered) {
		t.Errorf("the stored snapshot is not the one the PDF was made of")
	}
	e := snap.Tasks[0]
	if !e.Reported || e.Status != strategy.StatusOnTrack || e.Unit != "Dział Organizacji Pozarządowych" ||
		e.Values[0].Value != "52.50" || e.Values[0].Target != "60" || e.Values[0].Share != "87.5" || *e.Stages[0].Actual != 10 {
		t.Errorf("snapshot entry: %+v", e)
	}

	// Later edits: the task's card, its targets, and a correction.
	c, _ := s.StrategyCard(ctx, "ii-9-2")
	c.Task.Title = "Inny tytuł"
	v, _ := s.TaskVersion(ctx, "ii-9-2")
	if err := s.UpdateTask(ctx, c, nil, v, "update", by); err != nil {
		t.Fatal(err)
	}
	// A target changed after closing does not change the corrected share.
	if err := s.SaveTaskSettings(ctx, "ii-9-2", store.MonitoringSettings{
		Responsibility: strategy.Responsibility{Unit: "Inny dział", PersonName: "Anna Nowak", PersonEmail: "anna@example.org"},
		Targets:        map[int]strategy.Target{0: {Years: []strategy.IndicatorValue{{Year: 2026, Value: "100"}}}},
	}, 1, by); err != nil {
		t.Fatal(err)
	}
	r.Values[0] = "55"
	if err := s.SaveReport(ctx, r, 2, false, "", by); fault.CodeOf(err) != fault.Invalid {
		t.Errorf("a correction without a reason: %v", err)
	}
	if err := s.SaveReport(ctx, r, 2, false, "błąd w liczbie organizacji", by); err != nil {
		t.Fatal(err)
	}
	again, corr, err := s.ClosedPeriod(ctx, "2026-1")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, snap) {
		t.Errorf("the snapshot changed after later edits")
	}
	if len(corr) != 1 || corr[0].Reason != "błąd w liczbie organizacji" || corr[0].Entry.Values[0].Value != "55" || corr[0].Entry.Values[0].Share != "91.7" || corr[0].Entry.Unit != "Dział Organizacji Pozarządowych" {
		t.Errorf("corrections: %+v", corr)
	}
	tl, err := s.TaskTimeline(ctx, "ii-9-2")
	if err != nil || len(tl) != 1 || len(tl[0].Corrections) != 1 {
		t.Errorf("timeline: %+v, %v", tl, err)
	}
	if b, _, err := s.PeriodPDF(ctx, "2026-1"); err != nil || string(b) != "%PDF-1.4 test" {
		t.Errorf("stored PDF: %q %v", b, err)
	}
}

// Reminders: due before the end and when late, each recorded once; a
// failed send records nothing.
func TestRemindersAreSentOnce(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	if _, _, err := s.ImportCard(ctx, seedCard(t, card92), card92); err != nil {
		t.Fatal(err)
	}
	by := accounts.Audit{ActorEmail: "admin@example.org"}
	p, _ := strategy.ParsePeriod("2026-1")
	if err := s.OpenPeriod(ctx, p, by); err != nil {
		t.Fatal(err)
	}
	if due, err := s.DueReminders(ctx, time.Date(2026, 6, 1, 12, 0, 0, 0, directory.Warsaw)); err != nil || len(due) != 0 {
		t.Errorf("a month before the end: %+v %v", due, err)
	}
	due, err := s.DueReminders(ctx, time.Date(2026, 6, 20, 12, 0, 0, 0, directory.Warsaw))
	if err != nil || len(due) != 1 || due[0].Kind != strategy.ReminderBeforeEnd {
		t.Fatalf("ten days before the end: %+v %v", due, err)
	}
	late := time.Date(2026, 7, 2, 12, 0, 0, 0, directory.Warsaw)
	due, _ = s.DueReminders(ctx, late)
	if len(due) != 1 || due[0].Kind != strategy.ReminderLate || due[0].Sent {
		t.Fatalf("after the end: %+v", due)
	}
	if ok, err := s.SendReminder(ctx, due[0], func() error { return errors.New("server down") }); ok || err == nil {
		t.Errorf("a failed send: %v %v", ok, err)
	}
	calls := 0
	for range 2 {
		if _, err := s.SendReminder(ctx, due[0], func() error { calls++; return nil }); err != nil {
			t.Fatal(err)
		}
	}
	if calls != 1 {
		t.Errorf("sent %d times, want once", calls)
	}
	if due, _ = s.DueReminders(ctx, late); !due[0].Sent {
		t.Errorf("not marked sent: %+v", due)
	}
}
