package public

import (
	"context"
	"io"

	"github.com/a-h/templ"

	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
)

// The slots of searchFrame: what each search shows of its own.
const (
	slotText           = iota // the search text, in its field
	slotSummary               // the filters' fold: how many are applied
	slotCategories            // each list's options, the chosen one selected
	slotTargetGroups          //
	slotDistricts             //
	slotOpenNow               // each check box, ticked or not
	slotVolunteers            //
	slotInterns               //
	slotClear                 // the link that clears the filters, when there are any
	slotResults               // searchResults
	slotDownloadsCount        // what the downloads hold
	slotDownloadsQuery        // the search the downloads hold ("?…", or empty)
	slotPermalink             // the page's address, to cite
	searchSlots
)

// slots are p's parts of the search page, by slot.
func (p *SearchPage) slots(ctx context.Context) []components.Slot {
	s := make([]components.Slot, searchSlots)
	s[slotText].Text = p.Query.Text
	s[slotSummary].Text = filtersSummary(ctx, p)
	s[slotCategories].C = options(p.Options.Categories, p.Query.Category)
	s[slotTargetGroups].C = options(p.Options.TargetGroups, p.Query.TargetGroup)
	s[slotDistricts].C = options(p.Options.Districts, p.Query.District)
	s[slotOpenNow].C = checkbox{"otwarte", "filter_open_now", p.Query.OpenNow}
	s[slotVolunteers].C = checkbox{"wolontariat", "filter_volunteers", p.Query.Volunteers}
	s[slotInterns].C = checkbox{"praktyki", "filter_interns", p.Query.Interns}
	s[slotClear].C = clearLink{p}
	s[slotResults].C = searchResults{p}
	s[slotDownloadsCount].C = downloadsCount{&p.Downloads}
	s[slotDownloadsQuery].Text = p.Downloads.Query
	s[slotPermalink].Text = p.Downloads.Permalink
	return s
}

// searchBody is the search page's body: its frame, made once per
// language, directory address and publication (kept in p.Stencils, when
// given, under the publication's name, components.PublicationVersion),
// filled with p's own parts.
func searchBody(p *SearchPage) templ.Component {
	return templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		frame := func() (components.Stencil, error) {
			return components.MakeStencil(ctx, searchFrame(p.Downloads), searchSlots)
		}
		var st components.Stencil
		var err error
		if version := components.PublicationVersion(ctx); p.Stencils != nil && version != "" {
			st, err = p.Stencils.Get(version, i18n.From(ctx).Lang()+" "+components.DirectoryPath(ctx), frame)
		} else {
			st, err = frame()
		}
		if err != nil {
			return err
		}
		return st.Fill(ctx, w, p.slots(ctx))
	})
}
