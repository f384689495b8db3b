// Package server is the portal's HTTP side: the routes, the middleware and
// the handlers, which parse a request, ask the store or the domain, and
// render a templ page.
package server

import (
	"context"
	"iter"
	"net/netip"
	"os"
	"sync/atomic"

	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/google/uuid"

	"github.com/mopr-leszno/portal/internal/accounts"
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/export"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/metrics"
	"github.com/mopr-leszno/portal/internal/searchlog"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/internal/submission"
	"github.com/mopr-leszno/portal/web/components"
)

// Directory is the published directory the public pages read: search, one
// organisation, and the lists to filter by. Only public data comes out of it.
type Directory interface {
	Search(ctx context.Context, q directory.Query) (directory.Results, error)
	Organisation(ctx context.Context, slug string) (*directory.Organisation, error)
	Facets(ctx context.Context) (directory.Facets, error)
	Vocabulary(ctx context.Context) (directory.Vocabulary, error)
	// Current is the publication shown (number 0 for a preview of the
	// working copy).
	Current(ctx context.Context) (directory.Publication, error)
	// Pin fixes the publication the reads with the returned context see, so
	// that one response is made from one publication.
	Pin(ctx context.Context) context.Context
	// SiteTexts are the site texts shown with the directory: MOPR's
	// contact, the legal texts' facts, the help numbers.
	SiteTexts(ctx context.Context) (sitetext.Texts, error)
}

// Downloads are the files of the current publication, built when it was
// published: the downloads of the directory and the feed of publications.
type Downloads interface {
	// Download opens download name, gzip-compressed or with plain
	// decompressed, and returns the publication it belongs to; an unknown
	// name is a fault.NotFound, a decompressed copy not made yet a
	// fault.Unavailable.
	Download(ctx context.Context, name string, plain bool) (*os.File, directory.Publication, error)
	// Feed returns the latest publications, newest first.
	Feed(ctx context.Context) ([]directory.Publication, error)
	// EachMatch calls fn with every organisation of the request's
	// publication that q finds, whole, in the order of the results, and
	// stops at fn's first error, which it returns.
	EachMatch(ctx context.Context, q directory.Query, fn func(*directory.Organisation) error) error
	// Pages are the slugs of the request's publication's organisations
	// whose pages search engines may index, in result order (the
	// sitemap; see public_opendata.go).
	Pages(ctx context.Context) (iter.Seq[string], error)
}

// Strategy is the city's development strategy as the public pages read it.
type Strategy interface {
	StrategyCards(ctx context.Context) ([]*strategy.Card, error)
	StrategyCard(ctx context.Context, slug string) (*strategy.Card, error)
	LiveValue(ctx context.Context, m strategy.Metric) (string, error)
	// LiveBasis tells how many real and example organisations the live
	// values that count organisations count from.
	LiveBasis(ctx context.Context) (strategy.LiveBasis, error)
	// PartnerTasks lists, by organisation slug, the tasks naming it as a
	// partner.
	PartnerTasks(ctx context.Context) (map[string][]strategy.TaskRef, error)
}

// Submissions is what the public form, the paper forms, the moderation
// queue and the update links need.
type Submissions interface {
	Submit(ctx context.Context, sub *submission.Submission, by accounts.Audit) error
	Submissions(ctx context.Context, status submission.Status) ([]*submission.Submission, error)
	SubmissionByID(ctx context.Context, id int64) (*submission.Submission, error)
	TakeSubmission(ctx context.Context, id int64, by accounts.Audit) error
	AcceptSubmission(ctx context.Context, id int64, choice submission.Choice, version int, by accounts.Audit) (string, error)
	RejectSubmission(ctx context.Context, id int64, reason string, by accounts.Audit) error
	IssueUpdateToken(ctx context.Context, orgID uuid.UUID, by accounts.Audit) (string, error)
	RevokeUpdateTokens(ctx context.Context, orgID uuid.UUID, by accounts.Audit) error
	OrganisationByToken(ctx context.Context, token string) (*directory.Organisation, error)
	UpdateTokenIssued(ctx context.Context, orgID uuid.UUID) (time.Time, string, bool, error)
	FormSecret(ctx context.Context) ([]byte, error)
	// OrganisationLanguage is the language the organisation last sent its
	// data in online ("pl" when never): its reminders and pre-filled PDF
	// forms are in it.
	OrganisationLanguage(ctx context.Context, id uuid.UUID) (string, error)
}

// Deps is what the server needs from the rest of the program.
type Deps struct {
	Directory Directory
	// Downloads are the current publication's files.
	Downloads Downloads
	// Refresh, when set, loads the current publication at once after staff
	// publish, roll back or erase (other instances follow on notification).
	Refresh func(ctx context.Context) error
	// Preview is the working copy as the public would see it once
	// published, for the staff.
	Preview    Directory
	Publishing Publishing
	Erasing    Erasing
	Strategy   Strategy
	Accounts   Accounts
	Editing    Editing
	// Submissions are what organisations send, and their update links.
	Submissions Submissions
	// StrategyEditing edits the strategy's tasks.
	StrategyEditing StrategyEditing
	// Monitoring is the monitoring cycle of the strategy (periods,
	// reports, snapshots, reminders); nil: the task pages show no
	// monitoring and /strategia/monitoring says no period is closed.
	Monitoring Monitoring
	// SiteTexts edits the site texts (MOPR's contact, the legal texts'
	// facts, the help numbers).
	SiteTexts SiteTexts
	// Sessions keeps the admin area's sessions (see NewSessions).
	Sessions  *scs.SessionManager
	Catalogue *i18n.Catalogue
	Logger    *slog.Logger
	// BaseURL is the public address for canonical links; empty means the
	// request's own host.
	BaseURL string
	// Licence is the licence the directory's downloads are published
	// under, stated in their headers and beside their links.
	Licence export.Licence
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed when telling clients apart (sign-in throttling, the audit
	// log).
	TrustedProxies []netip.Prefix
	// EmbedOrigins are the sites allowed to show /osadz in an iframe
	// (checked origins, see config.ParseOrigin).
	EmbedOrigins []string
	// Mailer sends e-mail (reminders to organisations); nil means no mail
	// server is configured.
	Mailer Mailer
	// VerifyMonths is how old (in months) verified data may be before the
	// organisation is listed for verification; 0 means 12.
	VerifyMonths int
	// Ready reports whether the database answers, for /readyz.
	Ready func(ctx context.Context) error
	// Draining, once true, turns /readyz to 503 so that load balancers
	// stop sending before the server shuts down; nil means never.
	Draining *atomic.Bool
	// HeavyJobs bounds how many heavy requests (PDF forms, publishing,
	// rollback, erasure) run at once; 0 means DefaultHeavyJobs.
	HeavyJobs int
	// Metrics, when set, counts requests and is served at /metrics (see
	// internal/metrics); nil: /metrics is not found.
	Metrics *metrics.Metrics
	// MetricsFrom are the addresses allowed to read /metrics; empty means
	// loopback only.
	MetricsFrom []netip.Prefix
	// SearchWords are the search's synonyms and its log, for the admin
	// pages (see admin_search.go).
	SearchWords SearchWords
	// SitemapLimit is how many addresses one sitemap file lists; 0 means
	// the sitemaps protocol's 50 000 (tests set a small one).
	SitemapLimit int
	// SearchLog counts the public searches that found nothing (in memory;
	// written in the background); nil: they are not counted.
	SearchLog *searchlog.Counter
	// OpenData is the current publication for the HSDS API (see
	// api_hsds.go); nil: the API is not found.
	OpenData OpenData
	// KRS is the National Court Register the organisation forms fetch an
	// entry's data from ("Pobierz dane z KRS", see orgform_krs.go); nil:
	// the forms offer no look-up.
	KRS KRSRegister
}

// Server serves the portal.
type Server struct {
	Deps
	partners  partnerTasks          // see public_partners.go
	pageCache *pageCache            // see public_pagecache.go
	footers   components.FooterMemo // the footer's contact, per publication (see withSiteTexts)
	// searchStencils keep the search page's frame, per publication (see
	// public.SearchPage).
	searchStencils components.StencilMemo
	filters        filterOptions // see public_filters.go
	stampKey       formKey       // see public_submit.go
	faults         *faultLog     // see unavailable.go
	ops            *operations   // see operations.go
	hsds           *hsdsCatalogs // see api_hsds.go
}

// New returns the portal's HTTP handler.
func New(d Deps) http.Handler {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{Deps: d, pageCache: newPageCache(pageCacheLimit), faults: newFaultLog(), ops: newOperations(d), hsds: &hsdsCatalogs{}}
	if d.Sessions != nil {
		// A failing session store shows the portal's error page, like any
		// other failure, not the library's plain text.
		d.Sessions.ErrorFunc = s.fail
	}
	return s.routes()
}

// refresh makes this instance show the current publication at once after
// a change by staff; a failure is logged, the periodic check retries.
func (s *Server) refresh(ctx context.Context) {
	if s.Refresh == nil {
		return
	}
	if err := s.Refresh(ctx); err != nil {
		s.Logger.WarnContext(ctx, "loading the new publication failed; the periodic check retries", "error", err)
	}
}
