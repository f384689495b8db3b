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
)

func ptr[T any](v T) *T { return &v }

func TestOrganisationKeepsEveryField(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	day := func(y int, m time.Month, d int) *time.Time { return ptr(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) }
	want := &directory.Organisation{
		Slug:          "stowarzyszenie-pelne",
		Name:          "Stowarzyszenie Pełne Wszystkiego",
		ShortName:     "SPW",
		LegalForm:     directory.FormFoundation,
		PublicBenefit: true,
		KRS:           "0000123456",
		NIP:           "1234563218",
		REGON:         "123456785",
		Address: directory.Address{
			Street: "ul. Narutowicza 12", PostalCode: "64-100", City: "Leszno", District: "zatorze",
			Latitude: ptr(51.8421), Longitude: ptr(16.5744),
		},
		Phones:  []string{"+48 65 000 00 01", "65 000 00 02"},
		Emails:  []string{"biuro@example.org", "pomoc@example.org"},
		Website: "https://pelne.example.org",
		Social:  []string{"https://social.example.org/@pelne"},
		Contacts: []directory.Contact{
			{Name: "Anna Nowak", Function: "prezeska", Phone: "65 000 00 03", Email: "anna@example.org", Consent: true, ConsentOn: day(2026, 5, 4)},
			{Name: "Jan Kowalski", Function: "skarbnik", Consent: false},
		},
		Description:     "Pomagamy rodzinom.\n\nProwadzimy świetlicę.",
		Categories:      []string{"ubostwo", "pomoc-zywnosciowa", "dzieci-i-mlodziez"},
		TargetGroups:    []string{"dzieci", "rodziny"},
		HoursNote:       "W święta nieczynne.",
		Accessibility:   []string{"wejscie-bez-barier", "petla-indukcyjna"},
		Languages:       []string{"pl", "uk"},
		TakesVolunteers: true,
		TakesInterns:    true,
		VolunteerNote:   "Szukamy osób do świetlicy.",
		Example:         true,
		VerifiedOn:      day(2026, 10, 1),
	}
	want.Hours[1] = directory.Day{Intervals: []directory.Interval{{Opens: 8 * 60, Closes: 12 * 60}, {Opens: 14 * 60, Closes: 18 * 60}}}
	want.Hours[3] = directory.Day{Intervals: []directory.Interval{{Opens: 18 * 60, Closes: 24 * 60}}, Note: "grupa wsparcia"}
	want.Hours[6] = directory.Day{Note: "po wcześniejszym umówieniu"}
	create(t, s, want)
	if want.ID == "" || want.Version != 1 || want.CreatedAt.IsZero() {
		t.Fatalf("create did not fill id, version and timestamps: %q %d %v", want.ID, want.Version, want.CreatedAt)
	}

	got, err := s.Organisation(ctx, want.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("loaded organisation differs\n got: %+v\nwant: %+v", got, want)
	}

	// The public read model hides the person without consent, and only them.
	pub, err := s.Preview().Organisation(ctx, want.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.Contacts) != 1 || pub.Contacts[0].Name != "Anna Nowak" {
		t.Errorf("public contacts = %+v, want only Anna Nowak", pub.Contacts)
	}

	// A publication holds the same, read from the copy as its artifact is
	// built: the hours (two on a day, one until midnight), their notes and
	// the consented contact.
	publish(t, s, "")
	published, err := public(t, s).Organisation(ctx, want.Slug)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(published.Hours, want.Hours) {
		t.Errorf("published hours = %+v\nwant %+v", published.Hours, want.Hours)
	}
	if !reflect.DeepEqual(published.Contacts, want.Contacts[:1]) {
		t.Errorf("published contacts = %+v, want %+v", published.Contacts, want.Contacts[:1])
	}
}

func TestUnknownOrganisationIsNotFound(t *testing.T) {
	s := open(t)
	_, err := s.Preview().Organisation(context.Background(), "nie-ma")
	if !fault.Is(err, fault.NotFound) {
		t.Errorf("err = %v, want not found", err)
	}
}

func TestCreateIsAllOrNothing(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	bad := org("druga", "Druga", "nieznana-kategoria")
	err := s.CreateOrganisations(ctx, org("pierwsza", "Pierwsza"), bad)
	if !fault.Is(err, fault.Invalid) {
		t.Fatalf("err = %v, want invalid", err)
	}
	if n, _ := s.CountOrganisations(ctx); n != 0 {
		t.Errorf("%d organisations stored after a failed batch, want 0", n)
	}
}

func TestTakenSlugIsConflict(t *testing.T) {
	s := open(t)
	create(t, s, org("ta-sama", "Pierwsza"))
	err := s.CreateOrganisations(context.Background(), org("ta-sama", "Druga"))
	if !fault.Is(err, fault.Conflict) {
		t.Errorf("err = %v, want conflict", err)
	}
}

func TestDeleteExamplesKeepsRealOrganisations(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	example := org("przyklad", "Przykład")
	example.Example = true
	create(t, s, example, org("prawdziwa", "Prawdziwa"))
	n, err := s.DeleteExamples(ctx)
	if err != nil || n != 1 {
		t.Fatalf("DeleteExamples = %d, %v; want 1", n, err)
	}
	if _, err := s.Organisation(ctx, "prawdziwa"); err != nil {
		t.Errorf("real organisation gone: %v", err)
	}
	if _, err := s.Organisation(ctx, "przyklad"); !fault.Is(err, fault.NotFound) {
		t.Errorf("example still there: %v", err)
	}
}

// The store refuses what breaks the rules, whoever writes: the public
// pages link to the website as given.
func TestStoreRefusesInvalidRecords(t *testing.T) {
	s := open(t)
	ctx := context.Background()
	bad := org("zla", "Zła")
	bad.Website = "javascript:alert(1)"
	err := s.CreateOrganisations(ctx, bad)
	var invalid *directory.InvalidError
	if !fault.Is(err, fault.Invalid) || !errors.As(err, &invalid) || invalid.Fields["website"] == "" {
		t.Fatalf("javascript: website: %v", err)
	}
	good := org("dobra", "Dobra")
	create(t, s, good)
	good.Social = []string{"data:text/html,<script>alert(1)</script>"}
	if err := s.UpdateOrganisation(ctx, good, good.Version, accounts.Audit{}); !fault.Is(err, fault.Invalid) {
		t.Errorf("data: social link on update: %v", err)
	}
}
