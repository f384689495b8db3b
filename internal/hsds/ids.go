package hsds

import (
	"strings"

	"github.com/google/uuid"
)

// namespace is the UUIDv5 namespace of every id the API derives: fixed for
// ever, so that a service, a location, a phone or a taxonomy term keeps its
// id in every publication (UUIDv5 of "https://bank.mopr.leszno.pl/hsds" in
// the URL namespace; never change it).
var namespace = uuid.MustParse("2f4b2b92-952b-5439-97c4-4aad3f433089")

// derive is the id of the object named by parts under the organisation or
// list they belong to.
func derive(parts ...string) string {
	return uuid.NewSHA1(namespace, []byte(strings.Join(parts, "\x1f"))).String()
}

// The ids of the objects made of an organisation with database id org.

// ServiceID is the id of an organisation's service.
func ServiceID(org string) string { return derive(org, "service") }

// LocationID is the id of an organisation's location.
func LocationID(org string) string { return derive(org, "location") }

// ServiceAtLocationID is the id of the service at the location.
func ServiceAtLocationID(org string) string { return derive(org, "service_at_location") }

// The taxonomies are our controlled lists; their terms' ids follow from
// their slugs, which never change.
const (
	TaxonomyCategories   = "categories"
	TaxonomyTargetGroups = "target-groups"
	TaxonomyFeatures     = "features"
)

// TaxonomyID is the id of one of our taxonomies.
func TaxonomyID(taxonomy string) string { return derive("taxonomy", taxonomy) }

// TermID is the id of the term slug of a taxonomy.
func TermID(taxonomy, slug string) string { return derive("taxonomy", taxonomy, slug) }
