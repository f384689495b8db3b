package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/store"
)

func day(s string) *time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func staleSlugs(t *testing.T, s *store.Store, today time.Time, months int) ([]string, []store.Stale) {
	t.Helper()
	list, total, err := s.StaleOrganisations(context.Background(), today, months, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	n, err := s.CountStale(context.Background(), today, months)
	if err != nil || n != total || total != len(list) {
		t.Errorf("CountStale = %d (%v), total %d, listed %d", n, err, total, len(list))
	}
	var slugs []string
	for _, st := range list {
		slugs = append(slugs, st.Slug)
	}
	return slugs, list
}

func TestStaleOrganisationsThreshold(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	never := org("nigdy", "Nigdy nie sprawdzana")
	ancient := org("dawno", "Sprawdzana dawno")
	ancient.VerifiedOn = day("2023-05-10")
	edge := org("na-granicy", "Sprawdzona równo rok temu")
	edge.VerifiedOn = day("2025-11-23")
	justOver := org("dzien-za-dawno", "Sprawdzona rok i dzień temu")
	justOver.VerifiedOn = day("2025-11-22")
	fresh := org("swieza", "Sprawdzona niedawno")
	fresh.VerifiedOn = day("2026-06-01")
	deleted := org("w-koszu", "W koszu")
	create(t, s, never, ancient, edge, justOver, fresh, deleted)
	if err := s.DeleteOrganisation(ctx, uuid.MustParse(deleted.ID), deleted.Version, editor); err != nil {
		t.Fatal(err)
	}

	today := time.Date(2026, 11, 23, 0, 0, 0, 0, directory.Warsaw)
	got, _ := staleSlugs(t, s, today, 12)
	// Never verified first, then the oldest check first; a check exactly
	// 12 months ago still counts, as in the strategy's live metric.
	if want := []string{"nigdy", "dawno", "dzien-za-dawno"}; !slices.Equal(got, want) {
		t.Errorf("stale after 12 months = %v, want %v", got, want)
	}
	got, _ = staleSlugs(t, s, today, 6)
	if want := []string{"nigdy", "dawno", "dzien-za-dawno", "na-granicy"}; !slices.Equal(got, want) {
		t.Errorf("stale after 6 months = %v, want %v", got, want)
	}
	got, _ = staleSlugs(t, s, today, 48)
	if want := []string{"nigdy"}; !slices.Equal(got, want) {
		t.Errorf("stale after 48 months = %v, want %v", got, want)
	}
}

func TestMarkVerifiedWritesRevision(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	o := org("do-sprawdzenia", "Do sprawdzenia")
	o.VerifiedOn = day("2020-01-01")
	create(t, s, o)
	today := time.Date(2026, 11, 23, 0, 0, 0, 0, directory.Warsaw)

	// A version someone else has moved past is refused.
	if err := s.MarkVerified(ctx, uuid.MustParse(o.ID), o.Version+1, today, editor); !fault.Is(err, fault.Conflict) {
		t.Fatalf("MarkVerified at a wrong version: %v, want conflict", err)
	}
	if err := s.MarkVerified(ctx, uuid.MustParse("00000000-0000-0000-0000-000000000000"), 1, today, editor); !fault.Is(err, fault.NotFound) {
		t.Errorf("MarkVerified of nobody: %v, want not found", err)
	}
	// Late in the evening in Warsaw it is already the next day in UTC terms
	// for nobody: the date is Warsaw's.
	late := time.Date(2026, 11, 23, 23, 30, 0, 0, directory.Warsaw)
	if err := s.MarkVerified(ctx, uuid.MustParse(o.ID), o.Version, late, editor); err != nil {
		t.Fatal(err)
	}
	got, err := s.OrganisationByID(ctx, uuid.MustParse(o.ID))
	if err != nil {
		t.Fatal(err)
	}
	if got.VerifiedOn == nil || got.VerifiedOn.Format(time.DateOnly) != "2026-11-23" || got.Version != o.Version+1 {
		t.Errorf("after verification: verified_on %v, version %d", got.VerifiedOn, got.Version)
	}
	if slugs, _ := staleSlugs(t, s, today, 12); len(slugs) != 0 {
		t.Errorf("still listed after verification: %v", slugs)
	}
	revs, err := s.Revisions(ctx, uuid.MustParse(o.ID))
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: %d, %v", len(revs), err)
	}
	if revs[0].Action != "verified" || !slices.Equal(revs[0].Changed, []string{"verified_on"}) || revs[0].ActorEmail != editor.ActorEmail {
		t.Errorf("revision = %+v", revs[0])
	}
	log, err := s.AuditLog(ctx, "organisation_verified", "", 10)
	if err != nil || len(log) != 1 || log[0].Target != "do-sprawdzenia" {
		t.Errorf("audit log: %+v, %v", log, err)
	}
}

func TestRecordReminder(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	o := org("przypominana", "Przypominana")
	o.Emails = []string{"biuro@przypominana.example.org"}
	create(t, s, o)
	today := time.Now().In(directory.Warsaw)

	if err := s.RecordReminder(ctx, uuid.MustParse(o.ID), "biuro@przypominana.example.org", "gołąb", editor); !fault.Is(err, fault.Invalid) {
		t.Errorf("unknown channel: %v", err)
	}
	if err := s.RecordReminder(ctx, uuid.MustParse(o.ID), "stary@przypominana.example.org", store.ReminderMailto, editor); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordReminder(ctx, uuid.MustParse(o.ID), "biuro@przypominana.example.org", store.ReminderSMTP, editor); err != nil {
		t.Fatal(err)
	}
	_, list := staleSlugs(t, s, today, 12)
	if len(list) != 1 {
		t.Fatalf("listed %d", len(list))
	}
	st := list[0]
	if st.LastReminder == nil || time.Since(*st.LastReminder) > time.Minute ||
		st.LastReminderTo != "biuro@przypominana.example.org" || st.LastReminderChannel != store.ReminderSMTP {
		t.Errorf("last reminder = %v to %q by %q", st.LastReminder, st.LastReminderTo, st.LastReminderChannel)
	}
	if !slices.Equal(st.Emails, o.Emails) {
		t.Errorf("emails = %v", st.Emails)
	}
	log, err := s.AuditLog(ctx, "verification_reminder", "", 10)
	if err != nil || len(log) != 2 || log[0].Target != "przypominana" || log[0].Detail["to"] != "biuro@przypominana.example.org" {
		t.Errorf("audit log: %+v, %v", log, err)
	}
	if len(log) > 0 && len(log[0].Detail) != 2 {
		t.Errorf("audit detail %v: want only the address and the channel, not the message", log[0].Detail)
	}
}
