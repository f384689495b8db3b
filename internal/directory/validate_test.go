package directory

import (
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func ptr(f float64) *float64 { return &f }

// validOrganisation returns a record that breaks no rule and uses every
// field, so that each test case below breaks exactly one thing.
func validOrganisation() *Organisation {
	o := &Organisation{
		Slug:          "stowarzyszenie-pomocy-dzieciom-promyk",
		Name:          "Stowarzyszenie Pomocy Dzieciom „Promyk” w Lesznie",
		ShortName:     "Promyk",
		LegalForm:     FormAssociation,
		PublicBenefit: true,
		KRS:           "0000123456",
		NIP:           "5260250274",
		REGON:         "123456785",
		Address: Address{
			Street:     "ul. Słowiańska 24",
			PostalCode: "64-100",
			City:       "Leszno",
			District:   "stare-miasto",
			Latitude:   ptr(51.8407),
			Longitude:  ptr(16.5749),
		},
		Phones:  []string{"65 529 12 34", "+48 600 123 456"},
		Emails:  []string{"biuro@promyk.leszno.pl"},
		Website: "https://promyk.leszno.pl",
		Social:  []string{"https://www.facebook.com/promyk.leszno"},
		Contacts: []Contact{
			{Name: "Anna Kowalska", Function: "prezeska", Phone: "600 123 456", Email: "anna.kowalska@promyk.leszno.pl", Consent: true},
			{Name: "Jan Nowak"},
		},
		Description:   "Prowadzimy świetlicę dla dzieci.\r\nPomagamy w nauce\ti organizujemy wypoczynek.",
		Categories:    []string{"swietlice", "wypoczynek-dzieci"},
		TargetGroups:  []string{"dzieci", "rodziny"},
		HoursNote:     "W wakacje nieczynne.\nW święta po umówieniu.",
		Accessibility: []string{"wejscie-bez-barier", "toaleta-dostepna"},
		Languages:     []string{"pl", "uk", "en"},

		TakesVolunteers: true,
		VolunteerNote:   "Szukamy osób do pomocy w odrabianiu lekcji.\nZgłoś się!",
	}
	o.Hours[1].Intervals = []Interval{{480, 960}}
	o.Hours[2].Intervals = []Interval{{480, 720}, {780, 1080}}
	o.Hours[5].Intervals = []Interval{{480, 840}}
	o.Hours[6].Note = "po wcześniejszym umówieniu"
	return o
}

func TestValidateValid(t *testing.T) {
	if errs := validOrganisation().Validate(); errs != nil {
		t.Fatalf("Validate() = %v, want nil", errs)
	}
}

// The smallest valid record: only the required fields.
func TestValidateMinimal(t *testing.T) {
	o := &Organisation{
		Slug:        "fundacja",
		Name:        "Fundacja",
		LegalForm:   FormFoundation,
		Address:     Address{City: "Leszno"},
		Description: "Opis.",
		Categories:  []string{"ubostwo"},
	}
	if errs := o.Validate(); errs != nil {
		t.Fatalf("Validate() = %v, want nil", errs)
	}
}

type validateCase struct {
	name   string
	change func(o *Organisation)
	field  string // "" when the change must keep the record valid
	id     string
}

var validateCases = []validateCase{
	// slug
	{"slug missing", func(o *Organisation) { o.Slug = "" }, "slug", ErrRequired},
	{"slug upper case", func(o *Organisation) { o.Slug = "Promyk" }, "slug", ErrSlug},
	{"slug with space", func(o *Organisation) { o.Slug = "promyk leszno" }, "slug", ErrSlug},
	{"slug double dash", func(o *Organisation) { o.Slug = "promyk--leszno" }, "slug", ErrSlug},
	{"slug leading dash", func(o *Organisation) { o.Slug = "-promyk" }, "slug", ErrSlug},
	{"slug trailing dash", func(o *Organisation) { o.Slug = "promyk-" }, "slug", ErrSlug},
	{"slug diacritics", func(o *Organisation) { o.Slug = "żółw" }, "slug", ErrSlug},
	{"slug underscore", func(o *Organisation) { o.Slug = "promyk_leszno" }, "slug", ErrSlug},
	{"slug 121 characters", func(o *Organisation) { o.Slug = strings.Repeat("a", 121) }, "slug", ErrSlug},
	{"slug 120 characters", func(o *Organisation) { o.Slug = strings.Repeat("a", 120) }, "", ""},
	{"slug one character", func(o *Organisation) { o.Slug = "a" }, "", ""},
	{"slug with digits", func(o *Organisation) { o.Slug = "kolo-nr-5" }, "", ""},

	// name
	{"name missing", func(o *Organisation) { o.Name = "" }, "name", ErrRequired},
	{"name blank", func(o *Organisation) { o.Name = " \u00a0 " }, "name", ErrRequired},
	{"name too long", func(o *Organisation) { o.Name = strings.Repeat("a", 301) }, "name", ErrTooLong},
	{"name of 300 Polish letters", func(o *Organisation) { o.Name = strings.Repeat("ą", 300) }, "", ""},
	{"name with NUL", func(o *Organisation) { o.Name = "Promyk\x00" }, "name", ErrInvalidText},
	{"name not UTF-8", func(o *Organisation) { o.Name = "Promyk \xc5" }, "name", ErrInvalidText},
	{"name with newline", func(o *Organisation) { o.Name = "Promyk\nLeszno" }, "name", ErrInvalidText},
	{"name with tab", func(o *Organisation) { o.Name = "Promyk\tLeszno" }, "name", ErrInvalidText},
	{"name with escape", func(o *Organisation) { o.Name = "\x1b[31mPromyk" }, "name", ErrInvalidText},
	{"name with C1 control", func(o *Organisation) { o.Name = "Promyk\u0085" }, "name", ErrInvalidText},
	{"name with bidi override", func(o *Organisation) { o.Name = "Promyk \u202egpj.exe" }, "name", ErrInvalidText},
	{"name with line separator", func(o *Organisation) { o.Name = "Promyk\u2028Leszno" }, "name", ErrInvalidText},
	{"invalid text before length", func(o *Organisation) { o.Name = strings.Repeat("a", 400) + "\x00" }, "name", ErrInvalidText},

	// short_name
	{"short name with NUL", func(o *Organisation) { o.ShortName = "\x00" }, "short_name", ErrInvalidText},
	{"short name too long", func(o *Organisation) { o.ShortName = strings.Repeat("a", 301) }, "short_name", ErrTooLong},
	{"short name empty", func(o *Organisation) { o.ShortName = "" }, "", ""},

	// legal_form
	{"legal form missing", func(o *Organisation) { o.LegalForm = "" }, "legal_form", ErrRequired},
	{"legal form unknown", func(o *Organisation) { o.LegalForm = "spolka-z-oo" }, "legal_form", ErrLegalForm},
	{"legal form in capitals", func(o *Organisation) { o.LegalForm = "FUNDACJA" }, "legal_form", ErrLegalForm},
	{"legal form other", func(o *Organisation) { o.LegalForm = FormOther }, "", ""},

	// krs
	{"krs nine digits", func(o *Organisation) { o.KRS = "000012345" }, "krs", ErrKRS},
	{"krs zeros", func(o *Organisation) { o.KRS = "0000000000" }, "krs", ErrKRS},
	{"krs letters", func(o *Organisation) { o.KRS = "KRS0000123456" }, "krs", ErrKRS},
	{"krs with separators", func(o *Organisation) { o.KRS = "0000 123-456" }, "", ""},
	{"krs empty", func(o *Organisation) { o.KRS = "" }, "", ""},
	{"krs separators only", func(o *Organisation) { o.KRS = " - " }, "", ""},

	// nip
	{"nip one digit changed", func(o *Organisation) { o.NIP = "5260250284" }, "nip", ErrNIP},
	{"nip check digit changed", func(o *Organisation) { o.NIP = "5260250275" }, "nip", ErrNIP},
	{"nip too short", func(o *Organisation) { o.NIP = "526025027" }, "nip", ErrNIP},
	{"nip with NUL", func(o *Organisation) { o.NIP = "526025027\x004" }, "nip", ErrNIP},
	{"nip with dashes", func(o *Organisation) { o.NIP = "526-025-02-74" }, "", ""},
	{"nip with EU prefix", func(o *Organisation) { o.NIP = "PL 7740001454" }, "", ""},
	{"nip empty", func(o *Organisation) { o.NIP = "" }, "", ""},

	// regon
	{"regon one digit changed", func(o *Organisation) { o.REGON = "123456786" }, "regon", ErrREGON},
	{"regon 14 digits, one changed", func(o *Organisation) { o.REGON = "12345678512348" }, "regon", ErrREGON},
	{"regon 14 digits, bad prefix", func(o *Organisation) { o.REGON = "12345678412341" }, "regon", ErrREGON},
	{"regon ten digits", func(o *Organisation) { o.REGON = "1234567850" }, "regon", ErrREGON},
	{"regon 14 digits", func(o *Organisation) { o.REGON = "12345678512347" }, "", ""},
	{"regon empty", func(o *Organisation) { o.REGON = "" }, "", ""},

	// address
	{"street with NUL", func(o *Organisation) { o.Address.Street = "ul. \x00" }, "address.street", ErrInvalidText},
	{"street too long", func(o *Organisation) { o.Address.Street = strings.Repeat("ul", 151) }, "address.street", ErrTooLong},
	{"street empty", func(o *Organisation) { o.Address.Street = "" }, "", ""},
	{"postal code without dash", func(o *Organisation) { o.Address.PostalCode = "64100" }, "address.postal_code", ErrPostalCode},
	{"postal code too short", func(o *Organisation) { o.Address.PostalCode = "64-10" }, "address.postal_code", ErrPostalCode},
	{"postal code with spaces", func(o *Organisation) { o.Address.PostalCode = " 64-100" }, "address.postal_code", ErrPostalCode},
	{"postal code empty", func(o *Organisation) { o.Address.PostalCode = "" }, "", ""},
	{"city missing", func(o *Organisation) { o.Address.City = "" }, "address.city", ErrRequired},
	{"city blank", func(o *Organisation) { o.Address.City = "  " }, "address.city", ErrRequired},
	{"city with control", func(o *Organisation) { o.Address.City = "Leszno\r" }, "address.city", ErrInvalidText},
	{"district with NUL", func(o *Organisation) { o.Address.District = "\x00" }, "address.district", ErrInvalidText},

	// coordinates
	{"latitude without longitude", func(o *Organisation) { o.Address.Longitude = nil }, "address.longitude", ErrCoordinates},
	{"longitude without latitude", func(o *Organisation) { o.Address.Latitude = nil }, "address.latitude", ErrCoordinates},
	{"no coordinates", func(o *Organisation) { o.Address.Latitude, o.Address.Longitude = nil, nil }, "", ""},
	{"latitude above 90", func(o *Organisation) { o.Address.Latitude = ptr(90.0001) }, "address.latitude", ErrCoordinates},
	{"latitude below -90", func(o *Organisation) { o.Address.Latitude = ptr(-91) }, "address.latitude", ErrCoordinates},
	{"latitude NaN", func(o *Organisation) { o.Address.Latitude = ptr(math.NaN()) }, "address.latitude", ErrCoordinates},
	{"longitude above 180", func(o *Organisation) { o.Address.Longitude = ptr(180.5) }, "address.longitude", ErrCoordinates},
	{"longitude below -180", func(o *Organisation) { o.Address.Longitude = ptr(-181) }, "address.longitude", ErrCoordinates},
	{"longitude infinite", func(o *Organisation) { o.Address.Longitude = ptr(math.Inf(1)) }, "address.longitude", ErrCoordinates},
	{"coordinates at the limits", func(o *Organisation) { o.Address.Latitude, o.Address.Longitude = ptr(-90), ptr(180) }, "", ""},

	// phones
	{"phone too short", func(o *Organisation) { o.Phones = []string{"529 12 34"} }, "phones", ErrPhone},
	{"phone too long", func(o *Organisation) { o.Phones = []string{"+48 1234 5678 9012 34"} }, "phones", ErrPhone},
	{"phone with words", func(o *Organisation) { o.Phones = []string{"tel. 655291234"} }, "phones", ErrPhone},
	{"phone with extension", func(o *Organisation) { o.Phones = []string{"65 529 12 34 wew. 12"} }, "phones", ErrPhone},
	{"phone plus inside", func(o *Organisation) { o.Phones = []string{"48+655291234"} }, "phones", ErrPhone},
	{"phone slash", func(o *Organisation) { o.Phones = []string{"65/529 12 34"} }, "phones", ErrPhone},
	{"phone empty", func(o *Organisation) { o.Phones = []string{""} }, "phones", ErrPhone},
	{"second phone bad", func(o *Organisation) { o.Phones = []string{"655291234", "12"} }, "phones", ErrPhone},
	{"phone formats", func(o *Organisation) {
		o.Phones = []string{"655291234", "(65) 529-12-34", "+48 (65) 529 12 34", "+48655291234", "800 100 100", "+48 1234 5678 9012 3"}
	}, "", ""},
	{"no phones", func(o *Organisation) { o.Phones = nil }, "", ""},

	// emails
	{"email with display name", func(o *Organisation) { o.Emails = []string{"Biuro <biuro@promyk.pl>"} }, "emails", ErrEmail},
	{"email in angle brackets", func(o *Organisation) { o.Emails = []string{"<biuro@promyk.pl>"} }, "emails", ErrEmail},
	{"email with space", func(o *Organisation) { o.Emails = []string{" biuro@promyk.pl"} }, "emails", ErrEmail},
	{"email without at", func(o *Organisation) { o.Emails = []string{"biuro.promyk.pl"} }, "emails", ErrEmail},
	{"email two ats", func(o *Organisation) { o.Emails = []string{"biuro@@promyk.pl"} }, "emails", ErrEmail},
	{"email domain without dot", func(o *Organisation) { o.Emails = []string{"biuro@promyk"} }, "emails", ErrEmail},
	{"email IP literal", func(o *Organisation) { o.Emails = []string{"biuro@[10.0.0.1]"} }, "emails", ErrEmail},
	{"email quoted", func(o *Organisation) { o.Emails = []string{`"biuro promyk"@promyk.pl`} }, "emails", ErrEmail},
	{"email two addresses", func(o *Organisation) { o.Emails = []string{"a@promyk.pl, b@promyk.pl"} }, "emails", ErrEmail},
	{"email empty", func(o *Organisation) { o.Emails = []string{""} }, "emails", ErrEmail},
	{"email formats", func(o *Organisation) {
		o.Emails = []string{"biuro@promyk.pl", "jan.nowak+fundacja@poczta.onet.pl", "kontakt@xn--w-uga1v8h.pl"}
	}, "", ""},

	// website and social
	{"website without scheme", func(o *Organisation) { o.Website = "www.promyk.pl" }, "website", ErrURL},
	{"website ftp", func(o *Organisation) { o.Website = "ftp://promyk.pl" }, "website", ErrURL},
	{"website javascript", func(o *Organisation) { o.Website = "javascript:alert(1)" }, "website", ErrURL},
	{"website with user", func(o *Organisation) { o.Website = "https://mopr.leszno.pl@evil.example" }, "website", ErrURL},
	{"website with space", func(o *Organisation) { o.Website = "https://promyk.pl/o nas" }, "website", ErrURL},
	{"website without host", func(o *Organisation) { o.Website = "https:///promyk" }, "website", ErrURL},
	{"website opaque", func(o *Organisation) { o.Website = "https:promyk.pl" }, "website", ErrURL},
	{"website host without dot", func(o *Organisation) { o.Website = "http://localhost/" }, "website", ErrURL},
	{"website bad port", func(o *Organisation) { o.Website = "https://promyk.pl:70000/" }, "website", ErrURL},
	{"website relative", func(o *Organisation) { o.Website = "/organizacje/promyk" }, "website", ErrURL},
	{"website forms", func(o *Organisation) { o.Website = "HTTP://Promyk.Leszno.pl:8080/o-nas?x=1#kontakt" }, "", ""},
	{"website empty", func(o *Organisation) { o.Website = "" }, "", ""},
	{"social without scheme", func(o *Organisation) { o.Social = []string{"facebook.com/promyk"} }, "social", ErrURL},
	{"social empty entry", func(o *Organisation) { o.Social = []string{""} }, "social", ErrURL},

	// contacts
	{"contact without name", func(o *Organisation) { o.Contacts[1].Name = "" }, "contacts.1.name", ErrRequired},
	{"contact name too long", func(o *Organisation) { o.Contacts[0].Name = strings.Repeat("a", 301) }, "contacts.0.name", ErrTooLong},
	{"contact bad email", func(o *Organisation) { o.Contacts[1].Email = "jan.nowak@" }, "contacts.1.email", ErrEmail},
	{"contact bad phone", func(o *Organisation) { o.Contacts[0].Phone = "123" }, "contacts.0.phone", ErrPhone},
	{"contact function with NUL", func(o *Organisation) { o.Contacts[0].Function = "\x00" }, "contacts.0.function", ErrInvalidText},
	{"no contacts", func(o *Organisation) { o.Contacts = nil }, "", ""},

	// description
	{"description missing", func(o *Organisation) { o.Description = "" }, "description", ErrRequired},
	{"description blank", func(o *Organisation) { o.Description = "\r\n\t " }, "description", ErrRequired},
	{"description too long", func(o *Organisation) { o.Description = strings.Repeat("ś", 5001) }, "description", ErrTooLong},
	{"description of 5000 letters", func(o *Organisation) { o.Description = strings.Repeat("ś", 5000) }, "", ""},
	{"description with NUL", func(o *Organisation) { o.Description = "Opis\x00" }, "description", ErrInvalidText},
	{"description with bell", func(o *Organisation) { o.Description = "Opis\a" }, "description", ErrInvalidText},
	{"description not UTF-8", func(o *Organisation) { o.Description = "Opis \xff" }, "description", ErrInvalidText},

	// categories and target groups
	{"no category", func(o *Organisation) { o.Categories = nil }, "categories", ErrCategoryRequired},
	{"category not a slug", func(o *Organisation) { o.Categories = []string{"Świetlice"} }, "categories", ErrCategory},
	{"category empty", func(o *Organisation) { o.Categories = []string{""} }, "categories", ErrCategory},
	{"category twice", func(o *Organisation) { o.Categories = []string{"swietlice", "swietlice"} }, "categories", ErrDuplicate},
	{"target group not a slug", func(o *Organisation) { o.TargetGroups = []string{"dzieci i młodzież"} }, "target_groups", ErrTargetGroup},
	{"target group twice", func(o *Organisation) { o.TargetGroups = []string{"dzieci", "rodziny", "dzieci"} }, "target_groups", ErrDuplicate},
	{"no target groups", func(o *Organisation) { o.TargetGroups = nil }, "", ""},

	// hours
	{"hours closing before opening", func(o *Organisation) { o.Hours[3].Intervals = []Interval{{960, 480}} }, "hours.3", ErrHoursOrder},
	{"hours out of order", func(o *Organisation) { o.Hours[2].Intervals = []Interval{{780, 1080}, {480, 720}} }, "hours.2", ErrHoursOrder},
	{"hours overlapping", func(o *Organisation) { o.Hours[7].Intervals = []Interval{{480, 720}, {600, 900}} }, "hours.7", ErrHoursOverlap},
	{"hours past midnight", func(o *Organisation) { o.Hours[4].Intervals = []Interval{{1200, 1500}} }, "hours.4", ErrHoursRange},
	{"hours negative", func(o *Organisation) { o.Hours[1].Intervals = []Interval{{-60, 480}} }, "hours.1", ErrHoursRange},
	{"hours at index 0", func(o *Organisation) { o.Hours[0].Intervals = []Interval{{480, 960}} }, "hours.0", ErrHoursRange},
	{"note at index 0", func(o *Organisation) { o.Hours[0].Note = "zawsze" }, "hours.0", ErrHoursRange},
	{"day note with NUL", func(o *Organisation) { o.Hours[6].Note = "\x00" }, "hours.6", ErrInvalidText},
	{"until midnight", func(o *Organisation) { o.Hours[6].Intervals = []Interval{{1200, 1440}} }, "", ""},
	{"no hours", func(o *Organisation) { o.Hours = WeeklyHours{} }, "", ""},
	{"hours note with NUL", func(o *Organisation) { o.HoursNote = "\x00" }, "hours_note", ErrInvalidText},
	{"hours note too long", func(o *Organisation) { o.HoursNote = strings.Repeat("a", 1001) }, "hours_note", ErrTooLong},

	// accessibility
	{"accessibility unknown", func(o *Organisation) { o.Accessibility = []string{"winda", "schody"} }, "accessibility", ErrAccessibility},
	{"accessibility label instead of code", func(o *Organisation) { o.Accessibility = []string{"Winda"} }, "accessibility", ErrAccessibility},
	{"accessibility twice", func(o *Organisation) { o.Accessibility = []string{"winda", "winda"} }, "accessibility", ErrDuplicate},
	{"accessibility all", func(o *Organisation) { o.Accessibility = slices.Clone(AccessibilityFeatures) }, "", ""},

	// languages
	{"language upper case", func(o *Organisation) { o.Languages = []string{"PL"} }, "languages", ErrLanguage},
	{"language three letters", func(o *Organisation) { o.Languages = []string{"pol"} }, "languages", ErrLanguage},
	{"language with region", func(o *Organisation) { o.Languages = []string{"pl-PL"} }, "languages", ErrLanguage},
	{"language unknown", func(o *Organisation) { o.Languages = []string{"xx"} }, "languages", ErrLanguage},
	{"language withdrawn", func(o *Organisation) { o.Languages = []string{"iw"} }, "languages", ErrLanguage},
	{"language name", func(o *Organisation) { o.Languages = []string{"polski"} }, "languages", ErrLanguage},
	{"language empty", func(o *Organisation) { o.Languages = []string{""} }, "languages", ErrLanguage},
	{"language twice", func(o *Organisation) { o.Languages = []string{"pl", "en", "pl"} }, "languages", ErrDuplicate},
	{"languages", func(o *Organisation) { o.Languages = []string{"de", "he", "ru", "be", "lt", "cs"} }, "", ""},

	// volunteer note
	{"volunteer note with NUL", func(o *Organisation) { o.VolunteerNote = "\x00" }, "volunteer_note", ErrInvalidText},
	{"volunteer note too long", func(o *Organisation) { o.VolunteerNote = strings.Repeat("a", 1001) }, "volunteer_note", ErrTooLong},
}

// Each case breaks one rule of a valid record and must produce exactly that
// field's message, and nothing else.
func TestValidateRules(t *testing.T) {
	for _, tt := range validateCases {
		t.Run(tt.name, func(t *testing.T) {
			o := validOrganisation()
			tt.change(o)
			got := o.Validate()
			var want FieldErrors
			if tt.field != "" {
				want = FieldErrors{tt.field: tt.id}
			}
			if !maps.Equal(got, want) || (want == nil) != (got == nil) {
				t.Errorf("Validate() = %v, want %v", got, want)
			}
		})
	}
}

// Every broken rule is reported, field by field.
func TestValidateReportsEveryField(t *testing.T) {
	o := validOrganisation()
	o.Name = ""
	o.NIP = "1234567890"
	o.Address.PostalCode = "64100"
	o.Emails = []string{"biuro"}
	o.Contacts[0].Email = "anna@"
	o.Categories = nil
	o.Hours[3].Intervals = []Interval{{600, 500}}
	want := FieldErrors{
		"name":                ErrRequired,
		"nip":                 ErrNIP,
		"address.postal_code": ErrPostalCode,
		"emails":              ErrEmail,
		"contacts.0.email":    ErrEmail,
		"categories":          ErrCategoryRequired,
		"hours.3":             ErrHoursOrder,
	}
	if got := o.Validate(); !maps.Equal(got, want) {
		t.Errorf("Validate() = %v, want %v", got, want)
	}
}

var messageIDPattern = regexp.MustCompile(`^err_[a-z0-9]+(_[a-z0-9]+)*$`)

// MessageIDs must be well-formed, unique and complete: every ID the tests
// see is listed, and every listed ID is produced by some rule (so the list
// holds no stale entry the catalogue would have to keep).
func TestMessageIDs(t *testing.T) {
	listed := map[string]bool{}
	for _, id := range MessageIDs {
		if !messageIDPattern.MatchString(id) {
			t.Errorf("message ID %q is not snake case with the err_ prefix", id)
		}
		if listed[id] {
			t.Errorf("message ID %q listed twice", id)
		}
		listed[id] = true
	}
	seen := map[string]bool{ErrClock: true} // produced by ParseClock
	for _, tt := range validateCases {
		if tt.id == "" {
			continue
		}
		seen[tt.id] = true
		if !listed[tt.id] {
			t.Errorf("case %q produces %q, missing from MessageIDs", tt.name, tt.id)
		}
	}
	for _, id := range MessageIDs {
		if !seen[id] {
			t.Errorf("message ID %q is produced by no rule under test", id)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Stowarzyszenie Pomocy Dzieciom „Promyk” w Lesznie", "stowarzyszenie-pomocy-dzieciom-promyk-w-lesznie"},
		{"Fundacja Żółta Łąka", "fundacja-zolta-laka"},
		// A name written only in Ukrainian (the national romanisation).
		{"Благодійний фонд «Світанок»", "blahodiinyi-fond-svitanok"},
		{"Спілка українців у Лешні", "spilka-ukraintsiv-u-leshni"},
		{"Юнацька ліга Їжакове Згір’я", "yunatska-liha-yizhakove-zghiria"},
		{"ZAŻÓŁĆ GĘŚLĄ JAŹŃ", "zazolc-gesla-jazn"},
		{"Koło nr 5 Polskiego Związku Niewidomych", "kolo-nr-5-polskiego-zwiazku-niewidomych"},
		{"  --Caritas--  ", "caritas"},
		{"A&B / C.D.", "a-b-c-d"},
		{"Café Müller", "cafe-muller"},
		{"Za\u0301\u0328ba", "zaba"}, // decomposed accents
		{"Spółdzielnia Socjalna \"Razem\" (Leszno)", "spoldzielnia-socjalna-razem-leszno"},
		{"Фонд Допомоги", "fond-dopomohy"}, // romanised
		{"!!!", ""},
		{"", ""},
		{"2024", "2024"},
	}
	for _, tt := range tests {
		got := Slugify(tt.in)
		if got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got != "" && !validSlug(got) {
			t.Errorf("Slugify(%q) = %q, not a valid slug", tt.in, got)
		}
	}
}

func TestSlugifyLongName(t *testing.T) {
	word := "stowarzyszenie"                                // 14 letters
	name := strings.TrimSpace(strings.Repeat(word+" ", 20)) // 299 characters
	got := Slugify(name)
	want := strings.TrimSuffix(strings.Repeat(word+"-", 8), "-") // 119: whole words only
	if got != want {
		t.Errorf("Slugify(long) = %q (%d), want %q (%d)", got, len(got), want, len(want))
	}
	// One word longer than a slug is cut at the limit.
	if got := Slugify(strings.Repeat("a", 200)); got != strings.Repeat("a", 120) {
		t.Errorf("Slugify(200 × a) = %q (%d)", got, len(got))
	}
	// A cut exactly at a word boundary keeps the whole last word.
	exact := strings.Repeat("a", 60) + " " + strings.Repeat("b", 59) + " c"
	if got, want := Slugify(exact), strings.Repeat("a", 60)+"-"+strings.Repeat("b", 59); got != want {
		t.Errorf("Slugify(exact) = %q, want %q", got, want)
	}
}

// FuzzSlugify checks that Slugify always gives a valid slug or "", and that
// a slug is its own slug.
func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Fundacja Żółta Łąka", "  --Caritas--  ", "Фонд", "\xff\x00a", strings.Repeat("ab ", 60),
		"Благодійний фонд «Світанок»", "Згір’я", "Ёлка Эхо ЫЪ", "a\u0306"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Slugify(s)
		if got != "" && !validSlug(got) {
			t.Fatalf("Slugify(%q) = %q, not a valid slug", s, got)
		}
		if again := Slugify(got); again != got {
			t.Fatalf("Slugify(%q) = %q, but Slugify(%q) = %q", s, got, got, again)
		}
	})
}
