// Package hsds maps the published directory onto Open Referral's Human
// Services Data Specification 3.0 (HSDS), the international exchange format
// for directories of social services, for the read-only API under
// /api/hsds/. It holds the HSDS objects, the mapping of one organisation of
// the bank onto them, the taxonomies made of our controlled lists, the
// per-publication lookups that keep lists fast, and the parsing of the
// API's parameters. It knows nothing of HTTP handlers or SQL.
//
// One record of the bank is one HSDS organization offering one service (the
// help the record describes) at one location (where it receives people),
// joined by one service_at_location. Every id is a UUID: the organization's
// is the record's own database id, the others are UUIDv5 of it (see ids.go),
// so they stay the same in every publication.
package hsds

// The HSDS objects, with the fields the bank fills. Optional fields are
// omitted when empty: the schemas type every field, and an empty string
// where a URI or an e-mail is expected would not validate.

// Organization is an HSDS organization.
type Organization struct {
	ID                      string                   `json:"id"`
	Name                    string                   `json:"name"`
	AlternateName           string                   `json:"alternate_name,omitempty"`
	Description             string                   `json:"description"`
	Email                   string                   `json:"email,omitempty"`
	Website                 string                   `json:"website,omitempty"`
	TaxStatus               string                   `json:"tax_status,omitempty"`
	TaxID                   string                   `json:"tax_id,omitempty"`
	LegalStatus             string                   `json:"legal_status,omitempty"`
	URI                     string                   `json:"uri,omitempty"`
	Contacts                []Contact                `json:"contacts,omitempty"`
	Phones                  []Phone                  `json:"phones,omitempty"`
	Locations               []*Location              `json:"locations,omitempty"`
	OrganizationIdentifiers []OrganizationIdentifier `json:"organization_identifiers,omitempty"`
	Attributes              []Attribute              `json:"attributes,omitempty"`
	Metadata                []Metadata               `json:"metadata,omitempty"`
	Services                []*Service               `json:"services,omitempty"`
}

// Service is an HSDS service.
type Service struct {
	ID                 string               `json:"id"`
	OrganizationID     string               `json:"organization_id,omitempty"`
	Name               string               `json:"name"`
	AlternateName      string               `json:"alternate_name,omitempty"`
	Description        string               `json:"description,omitempty"`
	URL                string               `json:"url,omitempty"`
	Email              string               `json:"email,omitempty"`
	Status             string               `json:"status"`
	AssuredDate        string               `json:"assured_date,omitempty"`
	LastModified       string               `json:"last_modified,omitempty"`
	ServiceAtLocations []*ServiceAtLocation `json:"service_at_locations,omitempty"`
	Languages          []Language           `json:"languages,omitempty"`
	Organization       *Organization        `json:"organization,omitempty"`
	Attributes         []Attribute          `json:"attributes,omitempty"`
	Metadata           []Metadata           `json:"metadata,omitempty"`
}

// Location is an HSDS location.
type Location struct {
	ID             string          `json:"id"`
	LocationType   string          `json:"location_type"`
	OrganizationID string          `json:"organization_id,omitempty"`
	Name           string          `json:"name,omitempty"`
	Description    string          `json:"description,omitempty"`
	Latitude       *float64        `json:"latitude,omitempty"`
	Longitude      *float64        `json:"longitude,omitempty"`
	Addresses      []Address       `json:"addresses,omitempty"`
	Accessibility  []Accessibility `json:"accessibility,omitempty"`
	Schedules      []Schedule      `json:"schedules,omitempty"`
	Metadata       []Metadata      `json:"metadata,omitempty"`
}

// ServiceAtLocation is an HSDS service_at_location: the service offered
// at the location.
type ServiceAtLocation struct {
	ID          string     `json:"id"`
	ServiceID   string     `json:"service_id,omitempty"`
	LocationID  string     `json:"location_id,omitempty"`
	Description string     `json:"description,omitempty"`
	Location    *Location  `json:"location,omitempty"`
	Service     *Service   `json:"service,omitempty"`
	Metadata    []Metadata `json:"metadata,omitempty"`
}

// Address is an HSDS address.
type Address struct {
	ID            string `json:"id"`
	LocationID    string `json:"location_id,omitempty"`
	Address1      string `json:"address_1"`
	City          string `json:"city"`
	Region        string `json:"region,omitempty"`
	StateProvince string `json:"state_province"`
	PostalCode    string `json:"postal_code"`
	Country       string `json:"country"`
	AddressType   string `json:"address_type"`
}

// Phone is an HSDS phone.
type Phone struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	ContactID      string `json:"contact_id,omitempty"`
	Number         string `json:"number"`
}

// Contact is an HSDS contact: a contact person who consented to
// publication.
type Contact struct {
	ID             string  `json:"id"`
	OrganizationID string  `json:"organization_id,omitempty"`
	Name           string  `json:"name,omitempty"`
	Title          string  `json:"title,omitempty"`
	Email          string  `json:"email,omitempty"`
	Phones         []Phone `json:"phones,omitempty"`
}

// Schedule is an HSDS schedule: one weekly opening of some days, valid
// over a period in which Warsaw keeps one UTC offset.
type Schedule struct {
	ID          string  `json:"id"`
	LocationID  string  `json:"location_id,omitempty"`
	ValidFrom   string  `json:"valid_from,omitempty"`
	ValidTo     string  `json:"valid_to,omitempty"`
	Timezone    float64 `json:"timezone"`
	Wkst        string  `json:"wkst,omitempty"`
	Freq        string  `json:"freq"`
	Byday       string  `json:"byday"`
	OpensAt     string  `json:"opens_at"`
	ClosesAt    string  `json:"closes_at"`
	Description string  `json:"description,omitempty"`
	Notes       string  `json:"notes,omitempty"`
}

// Accessibility is one accessibility feature of a location.
type Accessibility struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id,omitempty"`
	Description string `json:"description,omitempty"`
}

// Language is a language a service is offered in.
type Language struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	Name      string `json:"name,omitempty"`
	Code      string `json:"code,omitempty"`
}

// OrganizationIdentifier is one of an organization's registry numbers.
type OrganizationIdentifier struct {
	ID               string `json:"id"`
	OrganizationID   string `json:"organization_id,omitempty"`
	IdentifierScheme string `json:"identifier_scheme,omitempty"`
	IdentifierType   string `json:"identifier_type"`
	Identifier       string `json:"identifier"`
}

// Taxonomy is an HSDS taxonomy: one of our controlled lists.
type Taxonomy struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URI         string `json:"uri,omitempty"`
	Version     string `json:"version,omitempty"`
}

// TaxonomyTerm is one entry of a taxonomy.
type TaxonomyTerm struct {
	ID             string    `json:"id"`
	Code           string    `json:"code,omitempty"`
	Name           string    `json:"name"`
	Description    string    `json:"description"`
	ParentID       string    `json:"parent_id,omitempty"`
	Taxonomy       string    `json:"taxonomy,omitempty"`
	TaxonomyDetail *Taxonomy `json:"taxonomy_detail,omitempty"`
	Language       string    `json:"language,omitempty"`
	TaxonomyID     string    `json:"taxonomy_id,omitempty"`
}

// Attribute links an object to a taxonomy term (a category, a target
// group, a feature), with a value where the term has one.
type Attribute struct {
	ID             string        `json:"id"`
	LinkID         string        `json:"link_id,omitempty"`
	TaxonomyTermID string        `json:"taxonomy_term_id,omitempty"`
	LinkType       string        `json:"link_type,omitempty"`
	LinkEntity     string        `json:"link_entity,omitempty"`
	Value          string        `json:"value,omitempty"`
	TaxonomyTerm   *TaxonomyTerm `json:"taxonomy_term,omitempty"`
}

// Metadata is a record of a change: the bank's record was created, or
// last changed, at a date.
type Metadata struct {
	ID               string `json:"id"`
	ResourceID       string `json:"resource_id,omitempty"`
	ResourceType     string `json:"resource_type,omitempty"`
	LastActionDate   string `json:"last_action_date"`
	LastActionType   string `json:"last_action_type"`
	FieldName        string `json:"field_name"`
	PreviousValue    string `json:"previous_value"`
	ReplacementValue string `json:"replacement_value"`
	UpdatedBy        string `json:"updated_by"`
}

// Page is the HSDS API's page of a list.
type Page[T any] struct {
	TotalItems int  `json:"total_items"`
	TotalPages int  `json:"total_pages"`
	PageNumber int  `json:"page_number"`
	Size       int  `json:"size"`
	FirstPage  bool `json:"first_page"`
	LastPage   bool `json:"last_page"`
	Empty      bool `json:"empty"`
	Contents   []T  `json:"contents"`
}

// NewPage is page number of perPage items out of total, holding contents.
func NewPage[T any](contents []T, total, number, perPage int) Page[T] {
	pages := (total + perPage - 1) / perPage
	if contents == nil {
		contents = []T{}
	}
	return Page[T]{
		TotalItems: total, TotalPages: pages, PageNumber: number, Size: len(contents),
		FirstPage: number == 1, LastPage: number >= pages, Empty: total == 0, Contents: contents,
	}
}
