package store_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/submission"
)

var staff = accounts.Audit{ActorEmail: "redaktor@example.org"}

func TestSubmissionAcceptSomeFields(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	o := org("pomocna-dlon", "Pomocna Dłoń")
	create(t, s, o)

	sent := *o
	sent.Name = "Pomocna Dłoń Leszno"
	sent.Address.Street = "ul. Nowa 5"
	sent.Description = "Nowy opis."
	sub := &submission.Submission{Kind: submission.KindUpdate, Channel: submission.ChannelOnline, OrganisationID: o.ID,
		BaseVersion: o.Version, Payload: &sent, SubmitterEmail: "ngo@example.org"}
	if err := s.Submit(ctx, sub, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	// Somebody else edits meanwhile: accepting against the old version is refused.
	changed := *o
	changed.HoursNote = "Dzwonić wcześniej."
	if err := s.UpdateOrganisation(ctx, &changed, o.Version, staff); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptSubmission(ctx, sub.ID, submission.Choice{Fields: []string{"name"}}, o.Version, staff); !fault.Is(err, fault.Conflict) {
		t.Fatalf("accept over a changed record: %v, want a conflict", err)
	}
	if _, err := s.AcceptSubmission(ctx, sub.ID, submission.Choice{Fields: []string{"name", "address.street"}}, changed.Version, staff); err != nil {
		t.Fatal(err)
	}
	got, _ := s.OrganisationByID(ctx, uuid.MustParse(o.ID))
	if got.Name != "Pomocna Dłoń Leszno" || got.Address.Street != "ul. Nowa 5" || got.Description != o.Description || got.HoursNote != "Dzwonić wcześniej." {
		t.Errorf("after accepting name and street: %q %q %q %q", got.Name, got.Address.Street, got.Description, got.HoursNote)
	}
	revs, _ := s.Revisions(ctx, uuid.MustParse(o.ID))
	if revs[0].Note != "zgłoszenie "+sub.Reference() || revs[0].Action != "update" {
		t.Errorf("revision %q %q", revs[0].Action, revs[0].Note)
	}
	after, _ := s.SubmissionByID(ctx, sub.ID)
	if after.Status != submission.StatusAccepted || after.DecidedBy != staff.ActorEmail || !slices.Equal(after.AcceptedFields, []string{"name", "address.street"}) {
		t.Errorf("submission after accepting: %+v", after)
	}
	if after.Payload.Description != "Nowy opis." {
		t.Error("the payload lost what was not accepted")
	}
	if _, err := s.AcceptSubmission(ctx, sub.ID, submission.Choice{Fields: []string{"description"}}, got.Version, staff); !fault.Is(err, fault.Conflict) {
		t.Errorf("accepting twice: %v", err)
	}
}

// Accepting all of an update writes what differs from the record as it
// is when accepted, and records those fields: no more (the unchanged
// fields) and no less.
func TestSubmissionAcceptAllOfAnUpdate(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	o := org("cala-zmiana", "Cała Zmiana")
	create(t, s, o)
	sent := *o
	sent.Name = "Cała Zmiana Leszno"
	sent.Description = "Nowy opis."
	sub := &submission.Submission{Kind: submission.KindUpdate, Channel: submission.ChannelOnline, OrganisationID: o.ID,
		BaseVersion: o.Version, Payload: &sent, SubmitterEmail: "ngo@example.org"}
	if err := s.Submit(ctx, sub, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptSubmission(ctx, sub.ID, submission.Choice{All: true}, o.Version, staff); err != nil {
		t.Fatal(err)
	}
	got, _ := s.OrganisationByID(ctx, uuid.MustParse(o.ID))
	if got.Name != sent.Name || got.Description != sent.Description || got.Address.Street != o.Address.Street {
		t.Errorf("after accepting all: %q %q %q", got.Name, got.Description, got.Address.Street)
	}
	after, _ := s.SubmissionByID(ctx, sub.ID)
	if !slices.Equal(after.AcceptedFields, []string{"name", "description"}) {
		t.Errorf("accepted fields %v, want name and description", after.AcceptedFields)
	}
}

func TestSubmissionNewOrganisationAndDuplicate(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	taken := org("nowa-fundacja", "Nowa Fundacja")
	create(t, s, taken)
	p := org("nowa-fundacja", "Nowa Fundacja")
	first := &submission.Submission{Kind: submission.KindNew, Channel: submission.ChannelOnline, Payload: p, SubmitterEmail: "a@example.org"}
	second := &submission.Submission{Kind: submission.KindNew, Channel: submission.ChannelOnline, Payload: org("nowa-fundacja", "Nowa Fundacja"), SubmitterEmail: "a@example.org"}
	for _, sub := range []*submission.Submission{first, second} {
		if err := s.Submit(ctx, sub, accounts.Audit{}); err != nil {
			t.Fatal(err)
		}
	}
	if first.DuplicateOf != 0 || second.DuplicateOf != first.ID || second.ID == first.ID {
		t.Errorf("duplicate: first %d of %d, second %d of %d", first.ID, first.DuplicateOf, second.ID, second.DuplicateOf)
	}
	list, _ := s.Submissions(ctx, "")
	if len(list) != 2 {
		t.Fatalf("%d submissions listed, want both", len(list))
	}
	id, err := s.AcceptSubmission(ctx, first.ID, submission.Choice{All: true}, 0, staff)
	if err != nil {
		t.Fatal(err)
	}
	o, err := s.OrganisationByID(ctx, uuid.MustParse(id))
	if err != nil {
		t.Fatal(err)
	}
	if o.Name != "Nowa Fundacja" || o.Slug == taken.Slug || o.ID == taken.ID {
		t.Errorf("new organisation %q at %q", o.Name, o.Slug)
	}
	revs, _ := s.Revisions(ctx, uuid.MustParse(id))
	if len(revs) != 1 || revs[0].Action != "create" || revs[0].Note != "zgłoszenie "+first.Reference() {
		t.Errorf("revisions %+v", revs)
	}
}

func TestSubmissionRejectKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	p := org("odrzucona", "Odrzucona")
	p.Contacts = nil
	sub := &submission.Submission{Kind: submission.KindNew, Channel: submission.ChannelPaper, Payload: p, SubmitterName: "Jan",
		ReceivedOn: time.Date(2025, 12, 30, 0, 0, 0, 0, time.UTC)}
	if err := s.Submit(ctx, sub, staff); err != nil {
		t.Fatal(err)
	}
	if err := s.RejectSubmission(ctx, sub.ID, "  ", staff); !fault.Is(err, fault.Invalid) {
		t.Errorf("reject without a reason: %v", err)
	}
	if err := s.RejectSubmission(ctx, sub.ID, "Organizacja spoza Leszna.", staff); err != nil {
		t.Fatal(err)
	}
	got, err := s.SubmissionByID(ctx, sub.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != submission.StatusRejected || got.Reason != "Organizacja spoza Leszna." || got.Payload.Name != "Odrzucona" ||
		got.Payload.Description != p.Description || got.EnteredBy != staff.ActorEmail || got.ReceivedOn.Year() != 2025 {
		t.Errorf("rejected submission: %+v", got)
	}
	if n, _ := s.FormsReceived(ctx, 2025); n != 1 {
		t.Errorf("forms received in 2025: %d", n)
	}
	spam := &submission.Submission{Kind: submission.KindNew, Channel: submission.ChannelOnline, Status: submission.StatusSpam, Payload: p,
		ReceivedOn: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}
	if err := s.Submit(ctx, spam, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	if n, _ := s.FormsReceived(ctx, 2025); n != 1 {
		t.Errorf("forms received in 2025 with spam: %d, want 1", n)
	}
	if n, _ := s.FormsReceived(ctx, 2026); n != 0 {
		t.Errorf("forms received in 2026: %d", n)
	}
}

func TestUpdateTokens(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	o := org("z-linkiem", "Z linkiem")
	create(t, s, o)
	first, err := s.IssueUpdateToken(ctx, uuid.MustParse(o.ID), staff)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.OrganisationByToken(ctx, first); err != nil || got.ID != o.ID {
		t.Fatalf("current token: %v", err)
	}
	second, err := s.IssueUpdateToken(ctx, uuid.MustParse(o.ID), staff)
	if err != nil {
		t.Fatal(err)
	}
	if len(second) != 43 || second == first {
		t.Errorf("token %q", second)
	}
	// A wrong token: the valid one with its last character changed (to one
	// it surely is not).
	last := "A"
	if second[42] == 'A' {
		last = "B"
	}
	for name, tok := range map[string]string{"rotated": first, "wrong": second[:42] + last, "empty": ""} {
		if _, err := s.OrganisationByToken(ctx, tok); !fault.Is(err, fault.NotFound) {
			t.Errorf("%s token: %v", name, err)
		}
	}
	if _, err := s.OrganisationByToken(ctx, second); err != nil {
		t.Errorf("new token: %v", err)
	}
	if err := s.RevokeUpdateTokens(ctx, uuid.MustParse(o.ID), staff); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OrganisationByToken(ctx, second); !fault.Is(err, fault.NotFound) {
		t.Errorf("revoked token: %v", err)
	}
	if _, err := s.IssueUpdateToken(ctx, uuid.MustParse("00000000-0000-0000-0000-000000000000"), staff); !fault.Is(err, fault.NotFound) {
		t.Errorf("token for nobody: %v", err)
	}
	a, _ := s.FormSecret(ctx)
	b, _ := s.FormSecret(ctx)
	if len(a) != 32 || string(a) != string(b) {
		t.Error("the form secret is not kept")
	}
}
