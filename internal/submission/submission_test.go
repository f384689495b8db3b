package submission_test

import (
	"slices"
	"testing"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/submission"
)

var today = time.Date(2026, 3, 9, 22, 30, 0, 0, directory.Warsaw)

func TestReference(t *testing.T) {
	sub := &submission.Submission{ID: 42}
	if got := sub.Reference(); got != "ZG-42" {
		t.Errorf("Reference = %q", got)
	}
	for ref, want := range map[string]bool{"ZG-42": true, "ZG-": false, "zg-42": false, "ZG-42x": false,
		"ZG-1234567890123456789": false, "<b>ZG-1</b>": false, "": false} {
		if got := submission.ValidReference(ref); got != want {
			t.Errorf("ValidReference(%q) = %v", ref, got)
		}
	}
}

func TestOpen(t *testing.T) {
	for st, want := range map[submission.Status]bool{submission.StatusNew: true, submission.StatusInProgress: true,
		submission.StatusSpam: true, submission.StatusAccepted: false, submission.StatusRejected: false} {
		if got := (&submission.Submission{Status: st}).Open(); got != want {
			t.Errorf("%s: Open = %v", st, got)
		}
	}
}

func date(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func TestNewKeepsWhatTheFormDoesNotShowAndDatesConsent(t *testing.T) {
	lat, lon := 51.84, 16.57
	current := &directory.Organisation{ID: "id-1", Slug: "pomocna-dlon", Example: true, VerifiedOn: date(2025, 6, 1),
		Address:  directory.Address{Latitude: &lat, Longitude: &lon},
		Contacts: []directory.Contact{{Name: "Anna", Consent: true, ConsentOn: date(2024, 1, 2)}, {Name: "Ewa"}}}
	sent := &directory.Organisation{Name: "Pomocna Dłoń", Slug: "inna",
		Contacts: []directory.Contact{{Name: "Anna", Consent: true}, {Name: "Ewa", Consent: true}, {Name: "Jan"}}}
	sub := submission.New(sent, current, submission.ChannelOnline, today)
	if sub.Kind != submission.KindUpdate || sub.OrganisationID != "id-1" || sub.Channel != submission.ChannelOnline || sub.Payload != sent {
		t.Fatalf("submission %+v", sub)
	}
	if sent.ID != "id-1" || sent.Slug != "pomocna-dlon" || !sent.Example || sent.VerifiedOn != current.VerifiedOn ||
		sent.Address.Latitude != &lat || sent.Address.Longitude != &lon || sent.Name != "Pomocna Dłoń" {
		t.Errorf("payload %+v", sent)
	}
	// Anna's earlier consent keeps its date; Ewa consents today (the
	// Warsaw date, though it is past 21:00 UTC); Jan does not consent.
	c := sent.Contacts
	if c[0].ConsentOn == nil || !c[0].ConsentOn.Equal(*date(2024, 1, 2)) {
		t.Errorf("earlier consent dated %v", c[0].ConsentOn)
	}
	if c[1].ConsentOn == nil || !c[1].ConsentOn.Equal(*date(2026, 3, 9)) {
		t.Errorf("new consent dated %v", c[1].ConsentOn)
	}
	if c[2].ConsentOn != nil {
		t.Errorf("no consent, dated %v", c[2].ConsentOn)
	}

	fresh := &directory.Organisation{Name: "Nowa", Slug: "nowa", Contacts: []directory.Contact{{Name: "Anna", Consent: true}}}
	sub = submission.New(fresh, nil, submission.ChannelPaper, today)
	if sub.Kind != submission.KindNew || sub.OrganisationID != "" || fresh.Slug != "nowa" || fresh.ID != "" {
		t.Errorf("new: %+v / %+v", sub, fresh)
	}
	if on := fresh.Contacts[0].ConsentOn; on == nil || !on.Equal(*date(2026, 3, 9)) {
		t.Errorf("new organisation's consent dated %v", on)
	}
}

func TestValidateSender(t *testing.T) {
	for _, c := range []struct {
		channel     submission.Channel
		name, email string
		want        directory.FieldErrors
	}{
		{submission.ChannelOnline, "Jan", "jan@example.org", nil},
		{submission.ChannelOnline, "", "jan@example.org", nil},
		{submission.ChannelOnline, "Jan", "", directory.FieldErrors{"submitter_email": directory.ErrRequired}},
		{submission.ChannelOnline, "Jan", "jan@", directory.FieldErrors{"submitter_email": directory.ErrEmail}},
		{submission.ChannelPaper, "Jan", "", nil},
		{submission.ChannelPaper, "Jan", "jan@", directory.FieldErrors{"submitter_email": directory.ErrEmail}},
		{submission.ChannelPaper, "Jan\nKowalski", "", directory.FieldErrors{"submitter_name": directory.CheckText("a\nb", false, 300, false)}},
		{submission.ChannelOnline, string(make([]byte, 301)), "jan@example.org", directory.FieldErrors{"submitter_name": directory.CheckText(string(make([]byte, 301)), false, 300, false)}},
	} {
		sub := &submission.Submission{Channel: c.channel, SubmitterName: c.name, SubmitterEmail: c.email}
		got := sub.ValidateSender()
		if len(got) != len(c.want) {
			t.Errorf("%s %q %q: %v, want %v", c.channel, c.name, c.email, got, c.want)
			continue
		}
		for k, v := range c.want {
			if v == "" || got[k] != v {
				t.Errorf("%s %q %q: %v, want %v", c.channel, c.name, c.email, got, c.want)
			}
		}
	}
}

func TestParseReceivedOn(t *testing.T) {
	for in, want := range map[string]string{"": directory.ErrRequired, "  ": directory.ErrRequired, "9.03.2026": submission.ErrDate,
		"2026-02-30": submission.ErrDate, "2026-03-10": submission.ErrFuture, "2026-03-09": "", " 2025-12-30 ": ""} {
		d, msg := submission.ParseReceivedOn(in, today)
		if msg != want {
			t.Errorf("ParseReceivedOn(%q) = %q, want %q", in, msg, want)
		}
		if msg == "" && (d.IsZero() || d.After(*date(2026, 3, 9))) {
			t.Errorf("ParseReceivedOn(%q) = %v", in, d)
		}
	}
}

func TestCheckReason(t *testing.T) {
	long := make([]rune, 2001)
	for i := range long {
		long[i] = 'a'
	}
	for in, want := range map[string]string{"": submission.ErrReason, " \n ": submission.ErrReason, "Spoza Leszna.": "",
		"Spoza Leszna.\nBrak KRS.": "", string(long): directory.CheckText(string(long), true, 2000, true)} {
		if got := submission.CheckReason(in); got != want || (len(in) > 2000 && got == "") {
			t.Errorf("CheckReason(%.20q) = %q, want %q", in, got, want)
		}
	}
}

func TestChoiceFieldsFor(t *testing.T) {
	current := &directory.Organisation{Name: "Pomocna Dłoń", Description: "Stary opis.", HoursNote: "Dzwonić."}
	sent := *current
	sent.Name, sent.Description = "Pomocna Dłoń Leszno", "Nowy opis."
	update := &submission.Submission{Kind: submission.KindUpdate, Payload: &sent}

	if got := (submission.Choice{Fields: []string{"name"}}).FieldsFor(update, current); !slices.Equal(got, []string{"name"}) {
		t.Errorf("chosen fields: %v", got)
	}
	// All of an update: what differs from the record now, and only that.
	if got := (submission.Choice{All: true, Fields: []string{"regon"}}).FieldsFor(update, current); !slices.Equal(got, []string{"name", "description"}) {
		t.Errorf("all of an update: %v, want name and description", got)
	}
	// Against a record changed since, all follows the record.
	changed := *current
	changed.HoursNote = "Pisać."
	if got := (submission.Choice{All: true}).FieldsFor(update, &changed); !slices.Contains(got, "hours_note") {
		t.Errorf("all against a changed record: %v, want hours_note too", got)
	}
	// All of a new organisation: every field of the record.
	fresh := &submission.Submission{Kind: submission.KindNew, Payload: &sent}
	got := (submission.Choice{All: true}).FieldsFor(fresh, nil)
	var every []string
	for _, f := range sent.Fields() {
		every = append(every, f.Field)
	}
	if !slices.Equal(got, every) || len(got) <= 3 {
		t.Errorf("all of a new organisation: %v", got)
	}
}
