package directory

// An organisation writes its own texts (the description, the note on its
// hours) in Polish, and may give them in Ukrainian and English as well.
// A page in one of those languages shows the organisation's text in it
// when given, and otherwise the Polish one, which the page marks as Polish
// (lang="pl" and a short note), so that a reader and a screen reader know.

// in picks the text of lang among the Polish one and its translations:
// the translation when there is one, else the Polish text; the second
// result is the language of the text returned.
func in(lang, pl, uk, en string) (string, string) {
	switch {
	case lang == "uk" && uk != "":
		return uk, "uk"
	case lang == "en" && en != "":
		return en, "en"
	}
	return pl, "pl"
}

// DescriptionIn is the organisation's description in lang ("pl", "uk",
// "en") and the language it is actually in: the Polish description when
// none was given in lang.
func (o *Organisation) DescriptionIn(lang string) (text, textLang string) {
	return in(lang, o.Description, o.DescriptionUK, o.DescriptionEN)
}

// HoursNoteIn is the note on the office hours in lang, as DescriptionIn.
func (o *Organisation) HoursNoteIn(lang string) (text, textLang string) {
	return in(lang, o.HoursNote, o.HoursNoteUK, o.HoursNoteEN)
}

// DescriptionIn is the result's description in lang, as
// Organisation.DescriptionIn.
func (s *Summary) DescriptionIn(lang string) (text, textLang string) {
	return in(lang, s.Description, s.DescriptionUK, s.DescriptionEN)
}
