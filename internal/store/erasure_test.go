package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/internal/submission"
)

func TestErasingAPersonRemovesThemEverywhere(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	o := org("z-osobami", "Fundacja z Osobami", "ubostwo")
	o.Contacts = []directory.Contact{
		{Name: "Anna Kowalska", Phone: "600 100 200", Email: "anna.kowalska@example.org", Consent: true},
		{Name: "Jan Nowak", Function: "prezes", Consent: true},
	}
	create(t, s, o)
	publish(t, s, "z Anną")
	w, _ := s.Organisation(ctx, o.Slug)
	w.Description = "Zmieniony opis."
	if err := s.UpdateOrganisation(ctx, w, w.Version, editor); err != nil {
		t.Fatal(err)
	}
	publish(t, s, "druga")
	sent := *w
	sent.Contacts = append(slices.Clone(w.Contacts), directory.Contact{Name: "Ewa Trzecia"})
	if err := s.Submit(ctx, &submission.Submission{Kind: "update", Channel: "online", OrganisationID: o.ID, BaseVersion: w.Version,
		Payload: &sent, SubmitterName: "Anna Kowalska", SubmitterEmail: "anna.kowalska@example.org",
		ReceivedOn: time.Now()}, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}

	e, err := s.ErasePerson(ctx, uuid.MustParse(o.ID), "  anna KOWALSKA ", admin)
	if err != nil {
		t.Fatal(err)
	}
	if e.WorkingCopy != 1 || e.Publications != 2 || e.Revisions < 2 || e.Submissions != 1 {
		t.Fatalf("erased = %+v", e)
	}
	// No trace of her name, phone or address anywhere in the database.
	for _, q := range []string{
		`SELECT count(*) FROM contact_person WHERE name ILIKE '%Kowalska%'`,
		`SELECT count(*) FROM publication_2.contact_person WHERE name ILIKE '%Kowalska%'`,
		`SELECT count(*) FROM publication_3.contact_person WHERE name ILIKE '%Kowalska%'`,
		`SELECT count(*) FROM revision WHERE snapshot::text ILIKE '%Kowalska%' OR snapshot::text LIKE '%600 100 200%'`,
		`SELECT count(*) FROM submission WHERE payload::text ILIKE '%Kowalska%' OR submitter_name <> '' OR submitter_email <> ''`,
		`SELECT count(*) FROM audit_event WHERE detail::text ILIKE '%Kowalska%' OR target ILIKE '%Kowalska%'`,
	} {
		var n int
		if err := s.Pool().QueryRow(ctx, q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s = %d, %v", q, n, err)
		}
	}
	// The others stay, in the working copy, the publication and the
	// submission.
	if pub, err := public(t, s).Organisation(ctx, o.Slug); err != nil || len(pub.Contacts) != 1 || pub.Contacts[0].Name != "Jan Nowak" {
		t.Fatalf("public contacts after erasure = %+v, %v", pub, err)
	}
	var others int
	if err := s.Pool().QueryRow(ctx, `SELECT count(*) FROM submission WHERE payload::text LIKE '%Jan Nowak%' AND payload::text LIKE '%Ewa Trzecia%'`).Scan(&others); err != nil || others != 1 {
		t.Errorf("other persons in the submission: %d, %v", others, err)
	}
	log, _ := s.AuditLog(ctx, "person_erased", "", 5)
	if len(log) != 1 || log[0].Target != o.Slug {
		t.Errorf("audit = %+v", log)
	}
	// Erasing again finds nobody.
	if _, err := s.ErasePerson(ctx, uuid.MustParse(o.ID), "Anna Kowalska", admin); !fault.Is(err, fault.NotFound) {
		t.Errorf("second erasure: %v", err)
	}
}

func TestFormsReceivedIndicatorCountsThisYearsForms(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	now := time.Now().In(directory.Warsaw)
	send := func(name string, on time.Time) {
		t.Helper()
		o := org("nowa-"+name, "Nowa "+name, "ubostwo")
		if err := s.Submit(ctx, &submission.Submission{Kind: "new", Channel: "paper", Payload: o, ReceivedOn: on}, editor); err != nil {
			t.Fatal(err)
		}
	}
	send("a", now)
	send("b", now)
	send("c", now.AddDate(-1, 0, 0))
	got, err := s.LiveValue(ctx, strategy.MetricFormsReceived)
	if err != nil || got != "2" {
		t.Fatalf("forms received this year = %q, %v", got, err)
	}
}
