package hsds

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Country and StateProvince are where every address of the bank lies:
// Poland (ISO 3166-1) and the Greater Poland voivodeship.
const (
	Country       = "PL"
	StateProvince = "wielkopolskie"
)

// The identifier schemes of org-id.guide for the Polish registers.
const (
	SchemeKRS   = "PL-KRS"
	SchemeNIP   = "PL-NIP"
	SchemeREGON = "PL-REGON"
)

// Mapper maps the organisations of one publication onto HSDS objects.
type Mapper struct {
	// Base is the portal's public address without a trailing slash
	// ("https://bank.mopr.leszno.pl"): an organisation's page is its uri.
	Base string
	// Label returns the Polish text of a catalogue message (legal forms,
	// accessibility features, languages, the taxonomies' names).
	Label func(id string) string
	// Published is when the publication was made: the schedules start
	// there (see schedules).
	Published time.Time
	// Taxonomies are the publication's controlled lists as taxonomies.
	Taxonomies *Taxonomies

	// periods are offsetPeriods(Published), worked out on first use: the
	// same for every location a request maps.
	periods []period
}

// Detail says how much of the related objects a mapped object carries.
type Detail int

const (
	// Brief is an object's own fields with its one-to-one links, as the
	// API's lists give them.
	Brief Detail = iota
	// Full is the object with every related object nested.
	Full
)

// pageURL is the organisation's page in the directory.
func (m *Mapper) pageURL(o *directory.Organisation) string {
	return m.Base + "/organizacje/" + url.PathEscape(o.Slug)
}

func date(t time.Time) string { return t.In(directory.Warsaw).Format(time.DateOnly) }

// Organization maps o. Brief gives its own fields only; Full adds its
// contacts, phones, location, identifiers, attributes and metadata, and
// its service, itself Brief or, with fullServices, Full.
func (m *Mapper) Organization(o *directory.Organisation, d Detail, fullServices bool) *Organization {
	org := &Organization{
		ID: o.ID, Name: o.Name, AlternateName: o.ShortName, Description: o.Description,
		Website: o.Website, TaxID: o.NIP, URI: m.pageURL(o),
		LegalStatus: m.Label("legal_form_" + string(o.LegalForm)),
	}
	if len(o.Emails) > 0 {
		org.Email = o.Emails[0]
	}
	if o.PublicBenefit {
		org.TaxStatus = m.Label("hsds_feature_public-benefit")
	}
	if d == Brief {
		return org
	}
	for i, c := range o.PublicContacts() {
		id := derive(o.ID, "contact", strconv.Itoa(i))
		ct := Contact{ID: id, OrganizationID: o.ID, Name: c.Name, Title: c.Function, Email: c.Email}
		if c.Phone != "" {
			ct.Phones = []Phone{{ID: derive(id, "phone", c.Phone), ContactID: id, Number: c.Phone}}
		}
		org.Contacts = append(org.Contacts, ct)
	}
	for _, p := range o.Phones {
		org.Phones = append(org.Phones, Phone{ID: derive(o.ID, "phone", p), OrganizationID: o.ID, Number: p})
	}
	org.Locations = []*Location{m.Location(o, Full)}
	for _, id := range []struct{ scheme, label, value string }{
		{SchemeKRS, "hsds_identifier_krs", o.KRS},
		{SchemeNIP, "hsds_identifier_nip", o.NIP},
		{SchemeREGON, "hsds_identifier_regon", o.REGON},
	} {
		if id.value == "" {
			continue
		}
		org.OrganizationIdentifiers = append(org.OrganizationIdentifiers, OrganizationIdentifier{
			ID: derive(o.ID, "identifier", id.scheme), OrganizationID: o.ID,
			IdentifierScheme: id.scheme, IdentifierType: m.Label(id.label), Identifier: id.value,
		})
	}
	org.Attributes = m.attributes(o.ID, "organization", m.Taxonomies.organizationTerms(o))
	org.Metadata = m.metadata(o, o.ID, "organization")
	sd := Brief
	if fullServices {
		sd = Full
	}
	svc := m.Service(o, sd)
	svc.Organization = nil // it is the organization nesting it
	org.Services = []*Service{svc}
	return org
}

// Service maps o's service. Brief gives its own fields with its
// organization (Brief); Full adds its service_at_location with the
// location, languages, attributes and metadata.
func (m *Mapper) Service(o *directory.Organisation, d Detail) *Service {
	id := ServiceID(o.ID)
	s := &Service{
		ID: id, OrganizationID: o.ID, Name: o.Name, AlternateName: o.ShortName,
		Description: o.Description, URL: m.pageURL(o), Status: "active",
		LastModified: o.UpdatedAt.UTC().Format(time.RFC3339),
		Organization: m.Organization(o, Brief, false),
	}
	if len(o.Emails) > 0 {
		s.Email = o.Emails[0]
	}
	if o.VerifiedOn != nil {
		s.AssuredDate = date(*o.VerifiedOn)
	}
	if d == Brief {
		return s
	}
	s.Organization = m.Organization(o, Full, false)
	s.Organization.Services = nil
	sal := m.ServiceAtLocation(o, Brief)
	sal.Service = nil
	sal.Location = m.Location(o, Full)
	s.ServiceAtLocations = []*ServiceAtLocation{sal}
	for _, code := range o.Languages {
		s.Languages = append(s.Languages, Language{
			ID: derive(o.ID, "language", code), ServiceID: id, Code: code, Name: m.Label("language_" + code),
		})
	}
	s.Attributes = m.attributes(id, "service", m.Taxonomies.serviceTerms(o))
	s.Metadata = m.metadata(o, id, "service")
	return s
}

// Location maps where o receives people. A confidential address has no
// street, postal code or coordinates in the publication, and its location
// says so instead of giving an address.
func (m *Mapper) Location(o *directory.Organisation, d Detail) *Location {
	id := LocationID(o.ID)
	l := &Location{ID: id, LocationType: "physical", OrganizationID: o.ID, Name: o.Name}
	a := o.Address
	a.Conceal() // the publication holds no confidential street; never rely on it alone
	var desc []string
	if a.Confidential {
		desc = append(desc, m.Label("hsds_confidential_address"))
	}
	if a.District != "" {
		desc = append(desc, m.Label("hsds_district")+": "+m.Taxonomies.vocab.DistrictName(a.District))
	}
	l.Description = strings.Join(desc, " ")
	if !a.Confidential {
		l.Latitude, l.Longitude = a.Latitude, a.Longitude
	}
	if d == Brief {
		return l
	}
	if !a.Confidential && a.Street != "" && a.PostalCode != "" && a.City != "" {
		l.Addresses = []Address{{
			ID: derive(o.ID, "address"), LocationID: id, Address1: a.Street, City: a.City,
			StateProvince: StateProvince, PostalCode: a.PostalCode, Country: Country, AddressType: "physical",
		}}
	}
	for _, f := range o.Accessibility {
		l.Accessibility = append(l.Accessibility, Accessibility{
			ID: derive(o.ID, "accessibility", f), LocationID: id, Description: m.Label("access_" + f),
		})
	}
	if m.periods == nil {
		m.periods = offsetPeriods(m.Published)
	}
	l.Schedules = schedules(o.ID, id, o.Hours, o.HoursNote, m.periods)
	l.Metadata = m.metadata(o, id, "location")
	return l
}

// ServiceAtLocation maps o's service at its location: Brief with the
// location and the service Brief, Full with both Full.
func (m *Mapper) ServiceAtLocation(o *directory.Organisation, d Detail) *ServiceAtLocation {
	s := &ServiceAtLocation{
		ID: ServiceAtLocationID(o.ID), ServiceID: ServiceID(o.ID), LocationID: LocationID(o.ID),
		Location: m.Location(o, d), Service: m.Service(o, d),
	}
	if d == Full {
		s.Service.ServiceAtLocations = nil // it is the one nesting the service
		s.Metadata = m.metadata(o, s.ID, "service_at_location")
	}
	return s
}

// attributes link the object id of entity to terms.
func (m *Mapper) attributes(id, entity string, terms []termValue) []Attribute {
	out := make([]Attribute, 0, len(terms))
	for _, t := range terms {
		term := *t.term
		out = append(out, Attribute{
			ID: derive(id, "attribute", term.ID), LinkID: id, LinkType: entity, LinkEntity: entity,
			TaxonomyTermID: term.ID, TaxonomyTerm: &term, Value: t.value,
		})
	}
	return out
}

// metadata is what the record says of its history: when it was created
// and, if changed since, when it was last changed (each change is a
// revision of the bank; the revisions' fields stay in the admin area).
func (m *Mapper) metadata(o *directory.Organisation, id, resource string) []Metadata {
	by := m.Label("hsds_updated_by")
	out := []Metadata{{
		ID: derive(id, "metadata", "create"), ResourceID: id, ResourceType: resource,
		LastActionDate: date(o.CreatedAt), LastActionType: "create", UpdatedBy: by,
	}}
	if o.UpdatedAt.After(o.CreatedAt) {
		out = append(out, Metadata{
			ID: derive(id, "metadata", "update"), ResourceID: id, ResourceType: resource,
			LastActionDate: date(o.UpdatedAt), LastActionType: "update", UpdatedBy: by,
		})
	}
	return out
}
