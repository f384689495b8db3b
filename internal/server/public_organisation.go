package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/public"
)

func (s *Server) organisation(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, err := s.Directory.Organisation(ctx, chi.URLParam(r, "slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	vocab, err := s.Directory.Vocabulary(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tasks := s.partnerTasks(ctx)[org.Slug]
	canonical := s.absURL(r, "/organizacje/"+org.Slug)
	desc := org.Description
	if org.Example {
		desc = i18n.T(ctx, "example_badge") + ". " + desc
	}
	s.render(w, r, http.StatusOK, public.Organisation(public.OrganisationPage{
		Head: components.Head{
			Title:       org.Name,
			Description: public.Excerpt(desc, 160),
			Canonical:   canonical,
			Section:     "organisations",
			// Example organisations do not exist; search engines must not
			// list them.
			NoIndex: org.Example,
			JSONLD:  schemaOrg(org, vocab, canonical),
		},
		Org:        org,
		Vocabulary: vocab,
		Status:     org.Hours.StatusAt(s.Now()),
		Tasks:      tasks,
	}))
}

var schemaDays = [8]string{"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// schemaOrg describes the organisation as schema.org NGO data for search
// engines and other machines. Only public data goes in: contact persons
// are those with consent, as on the page.
func schemaOrg(o *directory.Organisation, v directory.Vocabulary, url string) map[string]any {
	d := map[string]any{
		"@context":    "https://schema.org",
		"@type":       "NGO",
		"@id":         url,
		"url":         url,
		"name":        o.Name,
		"description": o.Description,
		"address": map[string]any{
			"@type":           "PostalAddress",
			"streetAddress":   o.Address.Street,
			"postalCode":      o.Address.PostalCode,
			"addressLocality": o.Address.City,
			"addressCountry":  "PL",
		},
	}
	if o.ShortName != "" {
		d["alternateName"] = o.ShortName
	}
	if o.Address.Latitude != nil && o.Address.Longitude != nil {
		d["geo"] = map[string]any{"@type": "GeoCoordinates", "latitude": *o.Address.Latitude, "longitude": *o.Address.Longitude}
	}
	if len(o.Phones) > 0 {
		d["telephone"] = o.Phones
	}
	if len(o.Emails) > 0 {
		d["email"] = o.Emails
	}
	var sameAs []string
	if o.Website != "" {
		sameAs = append(sameAs, o.Website)
	}
	sameAs = append(sameAs, o.Social...)
	if len(sameAs) > 0 {
		d["sameAs"] = sameAs
	}
	if o.NIP != "" {
		d["taxID"] = o.NIP
	}
	var ids []map[string]any
	for _, id := range []struct{ name, value string }{{"KRS", o.KRS}, {"REGON", o.REGON}} {
		if id.value != "" {
			ids = append(ids, map[string]any{"@type": "PropertyValue", "propertyID": id.name, "value": id.value})
		}
	}
	if len(ids) > 0 {
		d["identifier"] = ids
	}
	var hours []map[string]any
	for wd := 1; wd <= 7; wd++ {
		for _, iv := range o.Hours[wd].Intervals {
			hours = append(hours, map[string]any{
				"@type":     "OpeningHoursSpecification",
				"dayOfWeek": "https://schema.org/" + schemaDays[wd],
				"opens":     iv.Opens.String(),
				"closes":    iv.Closes.String(),
			})
		}
	}
	if len(hours) > 0 {
		d["openingHoursSpecification"] = hours
	}
	var contacts []map[string]any
	for _, c := range o.PublicContacts() {
		cp := map[string]any{"@type": "ContactPoint", "name": c.Name}
		if c.Function != "" {
			cp["contactType"] = c.Function
		}
		if c.Phone != "" {
			cp["telephone"] = c.Phone
		}
		if c.Email != "" {
			cp["email"] = c.Email
		}
		contacts = append(contacts, cp)
	}
	if len(contacts) > 0 {
		d["contactPoint"] = contacts
	}
	if len(o.Languages) > 0 {
		d["knowsLanguage"] = o.Languages
	}
	var topics []string
	for _, c := range o.Categories {
		topics = append(topics, v.CategoryName(c))
	}
	if len(topics) > 0 {
		d["knowsAbout"] = topics
	}
	return d
}
