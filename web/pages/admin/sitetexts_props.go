package admin

import (
	"github.com/mopr-leszno/portal/internal/sitetext"
	"github.com/mopr-leszno/portal/internal/store"
	"github.com/mopr-leszno/portal/web/components"
)

// SiteTextsPage is /admin/teksty: the site texts, by group.
type SiteTextsPage struct {
	Head    components.Head
	Staff   Staff
	Texts   sitetext.Texts
	Version int
	// Errors are the broken rules by key (catalogue IDs).
	Errors map[string]string
	// Missing are the required texts still empty.
	Missing []string
	Notice  string
	// Conflict: somebody saved the texts meanwhile; Theirs names the texts
	// that differ from what this person typed.
	Conflict bool
	Theirs   []string
	History  []store.SiteTextRevision
}

// fieldType is the input type of a one-line site text.
func fieldType(k sitetext.Kind) string {
	switch k {
	case sitetext.Email:
		return "email"
	case sitetext.Phone:
		return "tel"
	case sitetext.Date:
		return "date"
	}
	return "text"
}

// textFieldID is the HTML id of the site text key.
func textFieldID(key string) string { return "st-" + key }

// errorList is the error summary's fields, in the order of the form.
func (p SiteTextsPage) errorList() []components.Field {
	var fs []components.Field
	for _, f := range sitetext.Fields() {
		if e := p.Errors[f.Key]; e != "" {
			fs = append(fs, components.Field{ID: textFieldID(f.Key), Name: f.Key, Label: textLabel(f.Key), Error: e})
		}
	}
	return fs
}

// textLabel is the catalogue key of the site text key's label.
func textLabel(key string) string { return "sitetext_" + key }
