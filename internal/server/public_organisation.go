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
	vocab = localVocabulary(ctx, vocab)
	pub, err := s.Directory.Current(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	tasks := s.partnerTasks(ctx)[org.Slug]
	canonical := s.absURL(r, "/organizacje/"+org.Slug)
	permalink := s.absURL(r, components.Path(ctx, "/organizacje/"+org.Slug))
	if components.Previewing(ctx) {
		permalink = "" // the working copy is not public: nothing to share or cite
	}
	desc := public.OrgDescription(ctx, org)
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
			JSONLD:  jsonLD(schemaOrg(org, vocab, canonical).appendJSON(make([]byte, 0, 2048))),
		},
		Org:         org,
		Vocabulary:  vocab,
		Status:      org.Hours.StatusAt(s.Now()),
		Tasks:       tasks,
		BackURL:     pageBack(r),
		Permalink:   permalink,
		Publication: pub,
	}))
}

var schemaDays = [8]string{"", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// The schema.org NGO data of an organisation page, as types: encoding them
// costs a third of what a map of interfaces did on every view.
type (
	schemaNGO struct {
		Context       string             `json:"@context"`
		Type          string             `json:"@type"`
		ID            string             `json:"@id"`
		URL           string             `json:"url"`
		Name          string             `json:"name"`
		Description   string             `json:"description"`
		Address       schemaAddress      `json:"address"`
		AlternateName string             `json:"alternateName,omitempty"`
		Geo           *schemaGeo         `json:"geo,omitempty"`
		Telephone     []string           `json:"telephone,omitempty"`
		Email         []string           `json:"email,omitempty"`
		SameAs        []string           `json:"sameAs,omitempty"`
		TaxID         string             `json:"taxID,omitempty"`
		Identifier    []schemaIdentifier `json:"identifier,omitempty"`
		Hours         []schemaHours      `json:"openingHoursSpecification,omitempty"`
		ContactPoint  []schemaContact    `json:"contactPoint,omitempty"`
		KnowsLanguage []string           `json:"knowsLanguage,omitempty"`
		KnowsAbout    []string           `json:"knowsAbout,omitempty"`
	}
	schemaAddress struct {
		Type            string `json:"@type"`
		StreetAddress   string `json:"streetAddress,omitempty"`
		PostalCode      string `json:"postalCode,omitempty"`
		AddressLocality string `json:"addressLocality"`
		AddressCountry  string `json:"addressCountry"`
	}
	schemaGeo struct {
		Type      string  `json:"@type"`
		Latitude  float64 `json:"latitude"`
		Longitude float64 `json:"longitude"`
	}
	schemaIdentifier struct {
		Type       string `json:"@type"`
		PropertyID string `json:"propertyID"`
		Value      string `json:"value"`
	}
	schemaHours struct {
		Type      string `json:"@type"`
		DayOfWeek string `json:"dayOfWeek"`
		Opens     string `json:"opens"`
		Closes    string `json:"closes"`
	}
	schemaContact struct {
		Type        string `json:"@type"`
		Name        string `json:"name"`
		ContactType string `json:"contactType,omitempty"`
		Telephone   string `json:"telephone,omitempty"`
		Email       string `json:"email,omitempty"`
	}
)

// schemaOrg describes the organisation as schema.org NGO data for search
// engines and other machines. Only public data goes in: contact persons
// are those with consent, as on the page.
func schemaOrg(o *directory.Organisation, v directory.Vocabulary, url string) *schemaNGO {
	d := &schemaNGO{
		Context: "https://schema.org", Type: "NGO", ID: url, URL: url, Name: o.Name, Description: o.Description,
		Address: schemaAddress{Type: "PostalAddress", StreetAddress: o.Address.Street, PostalCode: o.Address.PostalCode,
			AddressLocality: o.Address.City, AddressCountry: "PL"},
		AlternateName: o.ShortName, Telephone: o.Phones, Email: o.Emails, TaxID: o.NIP, KnowsLanguage: o.Languages,
	}
	if o.Address.Latitude != nil && o.Address.Longitude != nil {
		d.Geo = &schemaGeo{Type: "GeoCoordinates", Latitude: *o.Address.Latitude, Longitude: *o.Address.Longitude}
	}
	if o.Website != "" {
		d.SameAs = append(d.SameAs, o.Website)
	}
	d.SameAs = append(d.SameAs, o.Social...)
	for _, id := range []struct{ name, value string }{{"KRS", o.KRS}, {"REGON", o.REGON}} {
		if id.value != "" {
			d.Identifier = append(d.Identifier, schemaIdentifier{Type: "PropertyValue", PropertyID: id.name, Value: id.value})
		}
	}
	for wd := 1; wd <= 7; wd++ {
		for _, iv := range o.Hours[wd].Intervals {
			d.Hours = append(d.Hours, schemaHours{Type: "OpeningHoursSpecification",
				DayOfWeek: "https://schema.org/" + schemaDays[wd], Opens: iv.Opens.String(), Closes: iv.Closes.String()})
		}
	}
	for _, c := range o.PublicContacts() {
		d.ContactPoint = append(d.ContactPoint, schemaContact{Type: "ContactPoint", Name: c.Name, ContactType: c.Function, Telephone: c.Phone, Email: c.Email})
	}
	for _, c := range o.Categories {
		d.KnowsAbout = append(d.KnowsAbout, v.CategoryName(c))
	}
	return d
}
