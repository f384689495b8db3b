package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/store"
)

func TestSaveSiteTextsWritesRevisionAndAudit(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	u := &accounts.User{Email: "redaktor@example.org", Role: accounts.Editor, PasswordHash: "x"}
	if err := s.CreateUser(ctx, u, accounts.Audit{}); err != nil {
		t.Fatal(err)
	}
	by := accounts.Audit{ActorID: u.ID, ActorEmail: u.Email}
	cur, err := s.SiteTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	next := sitetext.Texts{}
	for k, v := range cur.Texts {
		next[k] = v
	}
	next[sitetext.MoprPhone] = "65 529 00 00"
	next[sitetext.DPOContact] = "iod@mopr.example.org"
	if err := s.SaveSiteTexts(ctx, next, cur.Version, by); err != nil {
		t.Fatal(err)
	}
	got, err := s.SiteTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Texts[sitetext.MoprPhone] != "65 529 00 00" || got.Version != cur.Version+1 {
		t.Errorf("after the save: %q, version %d", got.Texts[sitetext.MoprPhone], got.Version)
	}
	revs, err := s.SiteTextRevisions(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(revs) == 0 || revs[0].ActorEmail != u.Email || !slices.Equal(revs[0].Changed, []string{sitetext.MoprPhone, sitetext.DPOContact}) {
		t.Errorf("newest revision %+v", revs)
	}
	var kind, target string
	if err := s.Pool().QueryRow(ctx, `SELECT kind, target FROM audit_event WHERE actor_id = $1 ORDER BY id DESC LIMIT 1`, u.ID).Scan(&kind, &target); err != nil {
		t.Fatal(err)
	}
	if kind != accounts.AuditSiteTextsUpdate {
		t.Errorf("audit kind %q", kind)
	}

	// A save from the version read before is refused and changes nothing.
	stale := sitetext.Texts{}
	for k, v := range next {
		stale[k] = v
	}
	stale[sitetext.MoprPhone] = "65 111 11 11"
	if err := s.SaveSiteTexts(ctx, stale, cur.Version, by); !fault.Is(err, fault.Conflict) {
		t.Errorf("stale save: %v, want a conflict", err)
	}
	if got, _ := s.SiteTexts(ctx); got.Texts[sitetext.MoprPhone] != "65 529 00 00" {
		t.Errorf("the stale save wrote %q", got.Texts[sitetext.MoprPhone])
	}
}

// Publishing is refused, and nothing is published, while a required site
// text is empty; once written, the publication carries the texts as they
// were, and a later save does not change what the public sees.
func TestPublicationCarriesTheSiteTexts(t *testing.T) {
	ctx := context.Background()
	s := open(t)
	cur, err := s.SiteTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	empty := sitetext.Texts{}
	for k, v := range cur.Texts {
		empty[k] = v
	}
	empty[sitetext.MoprAddress] = ""
	if err := s.SaveSiteTexts(ctx, empty, cur.Version, admin); err != nil {
		t.Fatal(err)
	}
	before, _, err := s.CurrentArtifact(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Publish(ctx, "bez adresu", admin)
	if !errors.Is(err, store.ErrSiteTextsMissing) || !fault.Is(err, fault.Invalid) {
		t.Fatalf("publish without an address: %v, want ErrSiteTextsMissing", err)
	}
	if after, _, _ := s.CurrentArtifact(ctx); after.Number != before.Number {
		t.Errorf("a refused publication became current: %d", after.Number)
	}

	full := sitetext.Example()
	full[sitetext.MoprAddress] = "ul. Kwiatowa 5\n64-100 Leszno"
	if err := s.SaveSiteTexts(ctx, full, cur.Version+1, admin); err != nil {
		t.Fatal(err)
	}
	first := publish(t, s, "z adresem")
	live := public(t, s)
	texts, err := live.SiteTexts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if texts.Get(sitetext.MoprAddress) != "ul. Kwiatowa 5\n64-100 Leszno" {
		t.Errorf("the publication shows the address %q", texts.Get(sitetext.MoprAddress))
	}
	// Staff change the working texts: the public still sees the published
	// ones, the preview the working ones.
	changed := sitetext.Example()
	changed[sitetext.MoprAddress] = "ul. Nowa 7\n64-100 Leszno"
	if err := s.SaveSiteTexts(ctx, changed, cur.Version+2, admin); err != nil {
		t.Fatal(err)
	}
	if err := live.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if texts, _ := live.SiteTexts(ctx); texts.Get(sitetext.MoprAddress) != "ul. Kwiatowa 5\n64-100 Leszno" {
		t.Errorf("an unpublished save reached the public: %q", texts.Get(sitetext.MoprAddress))
	}
	if texts, _ := s.Preview().SiteTexts(ctx); texts.Get(sitetext.MoprAddress) != "ul. Nowa 7\n64-100 Leszno" {
		t.Errorf("the preview shows %q, want the working address", texts.Get(sitetext.MoprAddress))
	}
	publish(t, s, "nowy adres")
	if err := live.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if texts, _ := live.SiteTexts(ctx); texts.Get(sitetext.MoprAddress) != "ul. Nowa 7\n64-100 Leszno" {
		t.Errorf("after publishing the public sees %q", texts.Get(sitetext.MoprAddress))
	}
	// A rollback brings the earlier publication back whole, texts too.
	if _, err := s.Rollback(ctx, first.Number, "wróć", admin); err != nil {
		t.Fatal(err)
	}
	if err := live.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if texts, _ := live.SiteTexts(ctx); texts.Get(sitetext.MoprAddress) != "ul. Kwiatowa 5\n64-100 Leszno" {
		t.Errorf("after the rollback the public sees %q", texts.Get(sitetext.MoprAddress))
	}
}
