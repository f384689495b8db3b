package hsds

import (
	"github.com/mopr-leszno/portal/internal/directory"
)

// The features: what the bank records of an organisation as yes or no,
// made terms of a third taxonomy so that clients can filter by them.
const (
	FeatureVolunteers    = "volunteers"
	FeatureInterns       = "interns"
	FeaturePublicBenefit = "public-benefit"
	FeatureExample       = "example"
)

// taxonomyKeys are our taxonomies in the order they are listed.
var taxonomyKeys = []string{TaxonomyCategories, TaxonomyTargetGroups, TaxonomyFeatures}

var features = []string{FeatureVolunteers, FeatureInterns, FeaturePublicBenefit, FeatureExample}

// Taxonomies are a publication's controlled lists as HSDS taxonomies: the
// two-level categories of help, the target groups and the features.
type Taxonomies struct {
	vocab directory.Vocabulary
	// List and Terms are in display order (a category's children after
	// it).
	List  []Taxonomy
	Terms []TaxonomyTerm
	// Term is where each term sits: its taxonomy and slug.
	Term map[string]TermRef

	terms map[TermRef]*TaxonomyTerm
}

// TermRef names a term by its taxonomy and slug.
type TermRef struct{ Taxonomy, Slug string }

// NewTaxonomies makes the taxonomies of v, named by label (the catalogue,
// in Polish).
func NewTaxonomies(v directory.Vocabulary, label func(string) string) *Taxonomies {
	t := &Taxonomies{vocab: v, Term: map[string]TermRef{}, terms: map[TermRef]*TaxonomyTerm{}}
	for _, tax := range taxonomyKeys {
		t.List = append(t.List, Taxonomy{
			ID: TaxonomyID(tax), Name: label("hsds_taxonomy_" + tax), Description: label("hsds_taxonomy_" + tax + "_description"),
		})
	}
	add := func(tax int, slug, name, parent string) {
		term := TaxonomyTerm{
			ID: TermID(taxonomyKeys[tax], slug), Code: slug, Name: name, Description: name,
			Taxonomy: t.List[tax].Name, TaxonomyID: t.List[tax].ID, Language: "pl",
			TaxonomyDetail: &t.List[tax],
		}
		if parent != "" {
			term.ParentID = TermID(taxonomyKeys[tax], parent)
		}
		t.Terms = append(t.Terms, term)
	}
	// Parents first, each followed by its children.
	for _, c := range v.Categories {
		if c.Parent != "" {
			continue
		}
		add(0, c.Slug, c.Name, "")
		for _, ch := range v.Categories {
			if ch.Parent == c.Slug {
				add(0, ch.Slug, ch.Name, c.Slug)
			}
		}
	}
	for _, g := range v.TargetGroups {
		add(1, g.Slug, g.Name, "")
	}
	for _, f := range features {
		add(2, f, label("hsds_feature_"+f), "")
	}
	for i := range t.Terms {
		term := &t.Terms[i]
		ref := TermRef{Slug: term.Code}
		for j, tax := range t.List {
			if tax.ID == term.TaxonomyID {
				ref.Taxonomy = taxonomyKeys[j]
			}
		}
		t.Term[term.ID] = ref
		t.terms[ref] = term
	}
	return t
}

// termValue is a term an object has, with the value it has it with.
type termValue struct {
	term  *TaxonomyTerm
	value string
}

func (t *Taxonomies) has(out []termValue, tax, slug, value string) []termValue {
	if term := t.terms[TermRef{tax, slug}]; term != nil {
		out = append(out, termValue{term, value})
	}
	return out
}

// serviceTerms are the terms of what o does: its categories, its target
// groups, and whether it takes volunteers (with the note on what they do)
// and interns.
func (t *Taxonomies) serviceTerms(o *directory.Organisation) []termValue {
	var out []termValue
	for _, c := range o.Categories {
		out = t.has(out, TaxonomyCategories, c, "")
	}
	for _, g := range o.TargetGroups {
		out = t.has(out, TaxonomyTargetGroups, g, "")
	}
	if o.TakesVolunteers {
		out = t.has(out, TaxonomyFeatures, FeatureVolunteers, o.VolunteerNote)
	}
	if o.TakesInterns {
		out = t.has(out, TaxonomyFeatures, FeatureInterns, "")
	}
	return out
}

// organizationTerms are the terms of what o is: a public-benefit
// organisation, an example of the demonstration data.
func (t *Taxonomies) organizationTerms(o *directory.Organisation) []termValue {
	var out []termValue
	if o.PublicBenefit {
		out = t.has(out, TaxonomyFeatures, FeaturePublicBenefit, "")
	}
	if o.Example {
		out = t.has(out, TaxonomyFeatures, FeatureExample, "")
	}
	return out
}
