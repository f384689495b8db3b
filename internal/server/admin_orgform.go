package server

import (
	"net/url"
	"slices"
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

// The errors of one end of an interval of office hours, under its own
// field ("hours.2.0.closes"): one left empty while the other is given.
const (
	errOpensMissing  = "err_hours_opens_missing"
	errClosesMissing = "err_hours_closes_missing"
)

// sameWeekdays is the box "Tuesday to Friday as Monday": the days of the
// week left empty get Monday's hours, with JavaScript or without.
const sameWeekdays = "hours.weekdays_same"

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
		Website:         directory.NormalizeWebsite(get("website")),
		Social:          lines("social"),
		Description:     strings.TrimSpace(strings.ReplaceAll(f.Get("description"), "\r\n", "\n")),
		Categories:      f["categories"],
		TargetGroups:    f["target_groups"],
		Accessibility:   f["accessibility"],
		HoursNote:       get("hours_note"),
		DescriptionUK:   strings.TrimSpace(strings.ReplaceAll(f.Get("description_uk"), "\r\n", "\n")),
		DescriptionEN:   strings.TrimSpace(strings.ReplaceAll(f.Get("description_en"), "\r\n", "\n")),
		HoursNoteUK:     strings.TrimSpace(strings.ReplaceAll(f.Get("hours_note_uk"), "\r\n", "\n")),
		HoursNoteEN:     strings.TrimSpace(strings.ReplaceAll(f.Get("hours_note_en"), "\r\n", "\n")),
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
	for i, l := range o.Social {
		o.Social[i] = directory.NormalizeWebsite(l)
	}
	if o.Slug == "" {
		o.Slug = directory.Slugify(o.Name)
	}
	// Languages are boxes to tick, each sending its code.
	for _, l := range f["languages"] {
		if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
			o.Languages = append(o.Languages, l)
		}
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
	parseHours(f, o, errs)
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

// parseHours reads the office hours into o. Each end of an interval that
// cannot be read gets its own error under its field name, so the message
// names the day and the field; what was typed comes back through
// typedValues. With the box sameWeekdays ticked, Tuesday to Friday, where
// left empty, take Monday's intervals and note.
func parseHours(f url.Values, o *directory.Organisation, errs directory.FieldErrors) {
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	for d := 1; d <= 7; d++ {
		day := "hours." + strconv.Itoa(d)
		o.Hours[d].Note = get(day + ".note")
		for k := range maxHoursPerDay {
			p := day + "." + strconv.Itoa(k)
			opens, closes := get(p+".opens"), get(p+".closes")
			if opens == "" && closes == "" {
				continue
			}
			a, errA := directory.ParseClock(opens)
			b, errB := directory.ParseClock(closes)
			switch {
			case opens == "":
				errs[p+".opens"] = errOpensMissing
			case errA != nil:
				errs[p+".opens"] = directory.ErrClock
			}
			switch {
			case closes == "":
				errs[p+".closes"] = errClosesMissing
			case errB != nil:
				errs[p+".closes"] = directory.ErrClock
			}
			if errA != nil || errB != nil {
				continue
			}
			o.Hours[d].Intervals = append(o.Hours[d].Intervals, directory.Interval{Opens: a, Closes: b})
		}
	}
	if f.Get(sameWeekdays) != yes {
		return
	}
	monday := o.Hours[1]
	for d := 2; d <= 5; d++ {
		if typedDay(f, d) {
			continue // a day with hours of its own keeps them
		}
		o.Hours[d] = directory.Day{Intervals: slices.Clone(monday.Intervals), Note: monday.Note}
	}
}

// typedDay reports whether anything was typed for weekday d.
func typedDay(f url.Values, d int) bool {
	prefix := "hours." + strconv.Itoa(d) + "."
	for k, vs := range f {
		if strings.HasPrefix(k, prefix) && len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
			return true
		}
	}
	return false
}

// typedValues is what was typed into the fields a record cannot hold as
// typed (the office hours, which it keeps as minutes, the box
// sameWeekdays, coordinates and dates, and the fields it normalises): a
// form sent back with errors shows these, exactly as
// typed, instead of the record's reading of them.
func typedValues(f url.Values) map[string]string {
	typed := map[string]string{}
	for d := 1; d <= 7; d++ {
		day := "hours." + strconv.Itoa(d)
		typed[day+".note"] = f.Get(day + ".note")
		for k := range maxHoursPerDay {
			p := day + "." + strconv.Itoa(k)
			typed[p+".opens"], typed[p+".closes"] = f.Get(p+".opens"), f.Get(p+".closes")
		}
	}
	typed[sameWeekdays] = f.Get(sameWeekdays)
	// Fields the record keeps normalised (digits only, a scheme added)
	// come back as typed too: the person sees what they wrote.
	for _, k := range []string{"address.latitude", "address.longitude", "verified_on", "website", "social", "krs", "nip", "regon"} {
		if f.Has(k) {
			typed[k] = f.Get(k)
		}
	}
	return typed
}
