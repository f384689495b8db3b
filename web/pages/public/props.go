// Package public holds the pages residents and students see. Each page
// takes typed props built by its handler; text comes from the catalogue.
package public

import (
	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/strategy"
	"github.com/mopr-leszno/portal/web/components"
)

// HomePage is the front page: what the directory is, a search box and the
// categories with counts.
type HomePage struct {
	Head   components.Head
	Facets directory.Facets
	// Texts are the publication's site texts: the help numbers.
	Texts sitetext.Texts
}

// SearchPage is /organizacje: the search form, the active filters, one page
// of results and the pager. Every URL in it is built by the handler so that
// the whole state stays in the address.
type SearchPage struct {
	Head     components.Head
	Query    directory.Query
	Results  directory.Results
	Options  FilterOptions
	Active   []ActiveFilter
	Pager    Pager
	ClearURL string
	// Back is what a result's link carries to lead its page back to this
	// search ("?wroc=…"), empty for the whole directory's first page.
	Back      string
	Downloads Downloads
	// Stencils keep the page's frame per publication (see searchBody);
	// without them it is made for each page.
	Stencils *components.StencilMemo
}

// Downloads are the download links of a results page.
type Downloads struct {
	// Query is the search the files hold ("?praktyki=tak"), empty for the
	// whole publication; Count is how many organisations it finds.
	Query string
	Count int
	// Publication is where the data comes from (number 0: a preview,
	// which is not cited).
	Publication             directory.Publication
	LicenceName, LicenceURL string
	// Permalink is the page's own address to cite.
	Permalink string
}

// ActiveFilter is one applied filter with the link that removes it.
type ActiveFilter struct {
	Label     string
	RemoveURL string
}

// Pager links the pages of a result list (see pager.go).
type Pager struct {
	Prev, Next int // the pages before and after the current one; 0 for none
	Links      []PageLink
	// The pages' addresses differ in the page number alone, so they are
	// kept once, in parts: First is the first page's (it carries no
	// number), and page n of the others is at Before + n + After.
	First, Before, After string
}

// PageLink is one numbered page link; Gap stands for skipped pages.
type PageLink struct {
	Number  int
	Current bool
	Gap     bool
}

// OrganisationPage is /organizacje/{slug}.
type OrganisationPage struct {
	Head       components.Head
	Org        *directory.Organisation
	Vocabulary directory.Vocabulary
	Status     directory.Status
	Tasks      []strategy.TaskRef // strategy tasks it is a partner in
	// BackURL is the search the visitor came from, empty when none.
	BackURL string
	// Permalink is the page's address to share, print and cite; empty in
	// the staff's preview.
	Permalink string
	// Publication is the publication shown (number 0: a preview).
	Publication directory.Publication
}

// ErrorPage is shown for 4xx and 5xx answers.
type ErrorPage struct {
	Head    components.Head
	Status  int
	Title   string
	Message string
}

// TextPage is a page of prose from the catalogue with the facts from the
// site texts: the accessibility statement and the information on personal
// data.
type TextPage struct {
	Head  components.Head
	Texts sitetext.Texts
	// SiteURL is the address of the site the statement is about.
	SiteURL string
}

// StrategyPage is /strategia: goals → areas → tasks with their progress.
type StrategyPage struct {
	Head  components.Head
	Goals []GoalView
	// LicenceName and LicenceURL are the licence of the downloads.
	LicenceName, LicenceURL string
}

// GoalView is a goal with its areas.
type GoalView struct {
	Goal     strategy.Goal
	Document string
	Areas    []AreaView
}

// AreaView is an area with its tasks.
type AreaView struct {
	Area  strategy.Area
	Tasks []*strategy.Card
}

// TaskPage is /strategia/zadania/{slug}: every section of one task card.
type TaskPage struct {
	Head components.Head
	Card *strategy.Card
	// Live holds, by indicator index, the value the portal computes now for
	// indicators bound to a metric.
	Live map[int]strategy.LiveValue
	// LicenceName and LicenceURL are the licence of the downloads.
	LicenceName, LicenceURL string
	// Monitoring is the task in the closed reporting periods (see
	// monitoring.templ); nil when the portal has none.
	Monitoring *TaskMonitoring
}
