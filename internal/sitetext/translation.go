package sitetext

// Staff write the site texts in Polish; those written in words — the
// accessibility statement's own paragraphs, the privacy information's
// contacts, MOPR's hours and the crisis point's note — may be given in
// Ukrainian and English too. A translation is one more text, under the
// Polish key with the language after an underscore ("a11y_building_uk"),
// never required: a page in a language whose translation is empty shows
// the Polish text, marked as Polish (see In).

// Translatable are the keys of the texts that have translations, in the
// order of the form.
var Translatable = []string{
	MoprHours, ControllerName, ControllerContact, DPOContact, CrisisNote,
	A11yExceptions, A11yBuilding, A11yCommunication,
}

// Languages are the languages the texts are translated into.
var Languages = []string{"uk", "en"}

// TranslationKey is the key of the translation of key into lang.
func TranslationKey(key, lang string) string { return key + "_" + lang }

// TranslationGroups are the translations of the form, a group per
// language ("sitetext_group_translation_uk"), each field of the kind of
// its Polish text.
var TranslationGroups = func() []Group {
	kinds := map[string]Kind{}
	for _, g := range Groups {
		for _, f := range g.Fields {
			kinds[f.Key] = f.Kind
		}
	}
	var gs []Group
	for _, lang := range Languages {
		g := Group{Name: "translation_" + lang}
		for _, k := range Translatable {
			g.Fields = append(g.Fields, Field{Key: TranslationKey(k, lang), Kind: kinds[k], Lang: lang})
		}
		gs = append(gs, g)
	}
	return gs
}()

// In returns the text under key as a page in lang shows it, and the
// language it is in: the translation when staff gave one, else the Polish
// text ("pl"). A key without translations is always the Polish text.
func (t Texts) In(key, lang string) (text, textLang string) {
	if lang != "pl" {
		if v := t[TranslationKey(key, lang)]; v != "" {
			return v, lang
		}
	}
	return t[key], "pl"
}

// Localized is a copy of t in which every translatable text is in lang
// where staff translated it (the keys stay the Polish ones), for the
// sentences that embed the texts; polish lists the translatable texts
// that are not empty and stay Polish.
func (t Texts) Localized(lang string) (out Texts, polish []string) {
	out = Texts{}
	for k, v := range t {
		out[k] = v
	}
	for _, k := range Translatable {
		v, in := t.In(k, lang)
		out[k] = v
		if v != "" && in != lang {
			polish = append(polish, k)
		}
	}
	return out, polish
}
