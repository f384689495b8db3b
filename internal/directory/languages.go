package directory

import "slices"

// Languages are the languages a form offers to choose from, in the order
// it lists them: the codes stored in Organisation.Languages. People pick
// them by name (the catalogue's "language_<code>"), never type codes.
// Polish Sign Language has no two-letter code; it is "pso" (ISO 639-3),
// which is also what BCP 47 and schema.org's knowsLanguage take.
var Languages = []string{"pl", "pso", "en", "uk", "de", "ru", "be", "fr", "es", "it", "cs"}

// signLanguages are the three-letter codes accepted beside ISO 639-1.
var signLanguages = []string{"pso"}

// LanguagesOf lists what the form offers followed by the codes a record
// already holds that the list does not (a record typed in before the
// list, or an import), so that editing it loses none of them.
func LanguagesOf(held []string) []string {
	out := slices.Clone(Languages)
	for _, c := range held {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
