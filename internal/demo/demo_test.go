package demo_test

import (
	"context"
	"io/fs"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/mopr-leszno/portal/internal/dbtest"
	"github.com/mopr-leszno/portal/internal/demo"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/migrations"
)

func organisations(t *testing.T) []*directory.Organisation {
	t.Helper()
	orgs, err := demo.Organisations()
	if err != nil {
		t.Fatal(err)
	}
	return orgs
}

func TestOrganisations(t *testing.T) {
	orgs := organisations(t)
	if len(orgs) != 54 {
		t.Errorf("got %d demo organisations, want 54", len(orgs))
	}
	slugs := map[string]bool{}
	for _, o := range orgs {
		if !o.Example {
			t.Errorf("%s: not marked as example", o.Slug)
		}
		if slugs[o.Slug] {
			t.Errorf("slug %s used twice", o.Slug)
		}
		slugs[o.Slug] = true
	}
}

// The demo must never pass for real data: illustrative names, reserved
// domains, unassigned phone numbers.
func TestOrganisationsAreFictitious(t *testing.T) {
	for _, o := range organisations(t) {
		if !strings.Contains(o.Name, "Przykładow") {
			t.Errorf("%s: name %q does not say it is an example", o.Slug, o.Name)
		}
		emails := o.Emails
		phones := o.Phones
		for _, c := range o.Contacts {
			if c.Email != "" {
				emails = append(emails, c.Email)
			}
			if c.Phone != "" {
				phones = append(phones, c.Phone)
			}
		}
		for _, e := range emails {
			if !strings.HasSuffix(e, "example.org") {
				t.Errorf("%s: e-mail %q outside example.org", o.Slug, e)
			}
		}
		for _, p := range phones {
			if !strings.HasPrefix(p, "+48 65 000 ") {
				t.Errorf("%s: phone %q outside the +48 65 000 range", o.Slug, p)
			}
		}
		for _, link := range append([]string{o.Website}, o.Social...) {
			if link == "" {
				continue
			}
			u, err := url.Parse(link)
			if err != nil || !strings.HasSuffix(u.Hostname(), "example.org") {
				t.Errorf("%s: link %q outside example.org", o.Slug, link)
			}
		}
	}
}

func TestOrganisationsExercisePrivacyAndHours(t *testing.T) {
	var withoutConsent, twoIntervals int
	for _, o := range organisations(t) {
		for _, c := range o.Contacts {
			if !c.Consent {
				withoutConsent++
			}
		}
		for _, d := range o.Hours[1:] {
			if len(d.Intervals) >= 2 {
				twoIntervals++
				break
			}
		}
	}
	if withoutConsent < 5 {
		t.Errorf("%d contact persons without consent, want at least 5", withoutConsent)
	}
	if twoIntervals == 0 {
		t.Error("no organisation has two opening intervals on one day")
	}
}

func TestOrganisationsCoverVocabularies(t *testing.T) {
	vocab := vocabularies(t)
	orgs := organisations(t)

	used := map[string]map[string]bool{"legal_form": {}, "category": {}, "target_group": {}, "district": {}}
	for _, o := range orgs {
		used["legal_form"][string(o.LegalForm)] = true
		for _, c := range o.Categories {
			used["category"][c] = true
		}
		for _, g := range o.TargetGroups {
			used["target_group"][g] = true
		}
		if o.Address.District != "" {
			used["district"][o.Address.District] = true
		}
	}

	var forms, topLevel []string
	for _, f := range directory.LegalForms {
		forms = append(forms, string(f))
	}
	for _, r := range vocab["category"] {
		if r.parent == "" {
			topLevel = append(topLevel, r.slug)
		}
	}
	want := map[string][]string{
		"legal_form":   forms,
		"category":     topLevel,
		"target_group": vocab.slugs("target_group"),
		"district":     vocab.slugs("district"),
	}
	for list, slugs := range want {
		if len(slugs) == 0 {
			t.Fatalf("no %s slugs found in the migration", list)
		}
		for _, s := range slugs {
			if !used[list][s] {
				t.Errorf("no demo organisation uses %s %q", list, s)
			}
		}
	}

	// Every slug the demo uses exists, so a typo fails here rather than as
	// a foreign-key error when loading.
	for list, slugs := range used {
		if list == "legal_form" {
			continue
		}
		known := map[string]bool{}
		for _, s := range vocab.slugs(list) {
			known[s] = true
		}
		for s := range slugs {
			if !known[s] {
				t.Errorf("demo uses unknown %s %q", list, s)
			}
		}
	}
}

type vocabRow struct{ slug, parent string }

type vocab map[string][]vocabRow

func (v vocab) slugs(table string) []string {
	var out []string
	for _, r := range v[table] {
		out = append(out, r.slug)
	}
	return out
}

var (
	insertRe = regexp.MustCompile(`(?s)INSERT INTO (\w+) \([^)]*\) VALUES(.*?);`)
	// A row starts with the quoted slug and name; for categories the third
	// value is the parent (NULL or quoted), for the other lists a position.
	rowRe = regexp.MustCompile(`\(\s*'([^']+)',\s*'(?:[^']|'')*',\s*(?:NULL|'([^']*)'|\d+)`)
)

// vocabularies reads the controlled lists from the migration that fills
// them, so the test follows the lists as staff change them.
func vocabularies(t *testing.T) vocab {
	t.Helper()
	sql, err := fs.ReadFile(migrations.FS, "00002_vocabularies.sql")
	if err != nil {
		t.Fatal(err)
	}
	v := vocab{}
	for _, ins := range insertRe.FindAllStringSubmatch(string(sql), -1) {
		for _, row := range rowRe.FindAllStringSubmatch(ins[2], -1) {
			v[ins[1]] = append(v[ins[1]], vocabRow{slug: row[1], parent: row[2]})
		}
	}
	return v
}

func TestLoadAndRemove(t *testing.T) {
	ctx := context.Background()
	s, err := store.Open(ctx, dbtest.New(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	n, err := demo.Load(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if n != 54 {
		t.Errorf("Load = %d, want 54", n)
	}
	if count, err := s.CountOrganisations(ctx); err != nil || count != 54 {
		t.Fatalf("after Load: %d organisations (%v), want 54", count, err)
	}

	o, err := s.Organisation(ctx, "fundacja-przykladowa-cieply-posilek")
	if err != nil {
		t.Fatal(err)
	}
	if !o.Example || len(o.Hours[7].Intervals) != 1 || len(o.Contacts) != 2 {
		t.Errorf("stored demo organisation lost data: example %v, Sunday %v, contacts %d",
			o.Example, o.Hours[7].Intervals, len(o.Contacts))
	}

	removed, err := demo.Remove(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if removed != 54 {
		t.Errorf("Remove = %d, want 54", removed)
	}
	if count, err := s.CountOrganisations(ctx); err != nil || count != 0 {
		t.Errorf("after Remove: %d organisations (%v), want 0", count, err)
	}
}
