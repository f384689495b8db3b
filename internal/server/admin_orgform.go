package server

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// The organisation form's field names are the keys Validate reports
// errors under ("address.postal_code", "contacts.0.email", "hours.3"), so
// each message lands next to its field.

// maxHoursPerDay and extraContacts size the form: three opening intervals
// a day, and two empty rows for new contact persons.
const (
	maxHoursPerDay = 3
	extraContacts  = 2
)

// parseOrgForm reads an organisation from the submitted form. What cannot
// even be parsed (a time, a number, a date) is reported as a field error;
// the record keeps everything else the person typed.
func parseOrgForm(f url.Values) (*directory.Organisation, directory.FieldErrors) {
	errs := directory.FieldErrors{}
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	lines := func(k string) []string {
		var out []string
		for _, l := range strings.Split(strings.ReplaceAll(f.Get(k), "\r\n", "\n"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	o := &directory.Organisation{
		Name:            get("name"),
		ShortName:       get("short_name"),
		Slug:            get("slug"),
		LegalForm:       directory.LegalForm(get("legal_form")),
		PublicBenefit:   f.Get("public_benefit") == yes,
		KRS:             directory.NormalizeDigits(get("krs")),
		NIP:             directory.NormalizeNIP(get("nip")),
		REGON:           directory.NormalizeDigits(get("regon")),
		Phones:          lines("phones"),
		Emails:          lines("emails"),
		Website:         get("website"),
		Social:          lines("social"),
		Description:     strings.TrimSpace(strings.ReplaceAll(f.Get("description"), "\r\n", "\n")),
		Categories:      f["categories"],
		TargetGroups:    f["target_groups"],
		Accessibility:   f["accessibility"],
		HoursNote:       get("hours_note"),
		TakesVolunteers: f.Get("takes_volunteers") == yes,
		TakesInterns:    f.Get("takes_interns") == yes,
		VolunteerNote:   get("volunteer_note"),
		Address: directory.Address{
			Street:     get("address.street"),
			PostalCode: get("address.postal_code"),
			City:       get("address.city"),
			District:   get("address.district"),
			// A shelter's address: only city and district go public.
			Confidential: f.Get("address.confidential") == yes,
		},
	}
	if o.Slug == "" {
		o.Slug = directory.Slugify(o.Name)
	}
	for _, l := range strings.FieldsFunc(get("languages"), func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		o.Languages = append(o.Languages, strings.ToLower(l))
	}
	coord := func(k string) *float64 {
		v := strings.ReplaceAll(get(k), ",", ".")
		if v == "" {
			return nil
		}
		n, err := strconv.ParseFloat(v, 64)
		if err != nil {
			errs[k] = directory.ErrCoordinates
			return nil
		}
		return &n
	}
	o.Address.Latitude, o.Address.Longitude = coord("address.latitude"), coord("address.longitude")
	if v := get("verified_on"); v != "" {
		if d, err := time.Parse(time.DateOnly, v); err == nil {
			o.VerifiedOn = &d
		} else {
			errs["verified_on"] = "err_date"
		}
	}
	for i := 0; f.Has("contacts." + strconv.Itoa(i) + ".name"); i++ {
		p := "contacts." + strconv.Itoa(i) + "."
		c := directory.Contact{Name: get(p + "name"), Function: get(p + "function"), Phone: get(p + "phone"),
			Email: get(p + "email"), Consent: f.Get(p+"consent") == yes}
		if c == (directory.Contact{}) {
			continue // an empty row
		}
		if v := get(p + "consent_on"); v != "" {
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				c.ConsentOn = &d
			} else {
				errs[p+"consent_on"] = "err_date"
			}
		}
		o.Contacts = append(o.Contacts, c)
	}
	for d := 1; d <= 7; d++ {
		day := "hours." + strconv.Itoa(d)
		o.Hours[d].Note = get(day + ".note")
		for k := range maxHoursPerDay {
			p := day + "." + strconv.Itoa(k)
			opens, closes := get(p+".opens"), get(p+".closes")
			if opens == "" && closes == "" {
				continue
			}
			a, err1 := directory.ParseClock(opens)
			b, err2 := directory.ParseClock(closes)
			if err1 != nil || err2 != nil {
				errs[day] = directory.ErrClock
				continue
			}
			o.Hours[d].Intervals = append(o.Hours[d].Intervals, directory.Interval{Opens: a, Closes: b})
		}
	}
	for k, v := range o.Validate() {
		if _, ok := errs[k]; !ok {
			errs[k] = v
		}
	}
	// A contact row's errors are reported under the row as typed; Validate
	// numbers the rows it kept, which only differ when an empty row was in
	// between, and empty rows are at the end.
	if len(errs) == 0 {
		return o, nil
	}
	return o, errs
}
