package directory

import (
	"strings"
	"unicode"
)

// cyrillicLatin is the Ukrainian national romanisation (Cabinet of
// Ministers resolution no. 55 of 2010), the one on Ukrainian passports, for
// lower-case letters; the Russian letters not in Ukrainian follow the same
// spirit. A letter with two forms has its form at the start of a word in
// cyrillicInitial.
var cyrillicLatin = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "h", 'ґ': "g", 'д': "d", 'е': "e", 'є': "ie", 'ж': "zh",
	'з': "z", 'и': "y", 'і': "i", 'ї': "i", 'й': "i", 'к': "k", 'л': "l", 'м': "m", 'н': "n",
	'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts",
	'ч': "ch", 'ш': "sh", 'щ': "shch", 'ь': "", 'ю': "iu", 'я': "ia", '’': "", 'ʼ': "",
	'ё': "io", 'ы': "y", 'э': "e", 'ъ': "",
}

var cyrillicInitial = map[rune]string{'є': "ye", 'ї': "yi", 'й': "y", 'ю': "yu", 'я': "ya", 'ё': "yo"}

// romanize writes the Cyrillic letters of s (lower case) in Latin letters
// and leaves everything else as it is, so that a name written only in
// Ukrainian still gets an address: "Світанок" → "svitanok".
func romanize(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		return s
	}
	var b strings.Builder
	b.Grow(2 * len(s))
	prev := ' '
	for _, r := range s {
		latin, ok := cyrillicLatin[r]
		switch {
		case !ok:
			b.WriteRune(r)
		case !unicode.IsLetter(prev) && cyrillicInitial[r] != "":
			b.WriteString(cyrillicInitial[r])
		case r == 'г' && prev == 'з':
			b.WriteString("gh") // зг is "zgh", not the "zh" of ж
		default:
			b.WriteString(latin)
		}
		if r != '’' && r != 'ʼ' && r != '\'' {
			prev = r // after an apostrophe a letter is inside its word: Зг'я is "zghia"
		}
	}
	return b.String()
}
