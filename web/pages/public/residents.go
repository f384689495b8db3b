package public

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
)

// filtersSummary names the folded filters with how many of them are
// applied (the search text is not one of them: it stays outside the fold).
func filtersSummary(ctx context.Context, p *SearchPage) string {
	n := len(p.Active)
	if p.Query.Text != "" {
		n--
	}
	if n <= 0 {
		return i18n.T(ctx, "filters_summary")
	}
	return i18n.From(ctx).N("filters_summary_active", n)
}

// directionsURL is OpenStreetMap's route planner with the address as the
// destination, by its coordinates when known (a street name is looked up
// and may be missed), the start left for the visitor to choose; empty
// without a street address, where there is nowhere to lead to.
func directionsURL(a directory.Address) string {
	if strings.TrimSpace(a.Street) == "" {
		return ""
	}
	to := a.Street + ", " + strings.TrimSpace(a.PostalCode+" "+a.City)
	if a.Latitude != nil && a.Longitude != nil {
		to = fmt.Sprintf("%.6f,%.6f", *a.Latitude, *a.Longitude)
	}
	return "https://www.openstreetmap.org/directions?from=&to=" + url.QueryEscape(to)
}
