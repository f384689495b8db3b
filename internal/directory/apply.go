package directory

import "slices"

// ApplyFields copies the named fields (the Field names of Fields: "name",
// "address.city", "contacts", "hours", ...) from src onto dst, leaving
// every other field of dst as it is. It is how staff take over part of
// what an organisation sent. Unknown names are ignored and returned.
func ApplyFields(dst, src *Organisation, fields []string) (unknown []string) {
	for _, f := range fields {
		switch f {
		case "name":
			dst.Name = src.Name
		case "short_name":
			dst.ShortName = src.ShortName
		case "slug":
			dst.Slug = src.Slug
		case "legal_form":
			dst.LegalForm = src.LegalForm
		case "public_benefit":
			dst.PublicBenefit = src.PublicBenefit
		case "krs":
			dst.KRS = src.KRS
		case "nip":
			dst.NIP = src.NIP
		case "regon":
			dst.REGON = src.REGON
		case "address.street":
			dst.Address.Street = src.Address.Street
		case "address.postal_code":
			dst.Address.PostalCode = src.Address.PostalCode
		case "address.city":
			dst.Address.City = src.Address.City
		case "address.district":
			dst.Address.District = src.Address.District
		case "address.coordinates":
			dst.Address.Latitude, dst.Address.Longitude = src.Address.Latitude, src.Address.Longitude
		case "address.confidential":
			dst.Address.Confidential = src.Address.Confidential
		case "phones":
			dst.Phones = slices.Clone(src.Phones)
		case "emails":
			dst.Emails = slices.Clone(src.Emails)
		case "website":
			dst.Website = src.Website
		case "social":
			dst.Social = slices.Clone(src.Social)
		case "contacts":
			dst.Contacts = slices.Clone(src.Contacts)
		case "description":
			dst.Description = src.Description
		case "categories":
			dst.Categories = slices.Clone(src.Categories)
		case "target_groups":
			dst.TargetGroups = slices.Clone(src.TargetGroups)
		case "hours":
			dst.Hours = src.Hours
			for d := range dst.Hours {
				dst.Hours[d].Intervals = slices.Clone(src.Hours[d].Intervals)
			}
		case "hours_note":
			dst.HoursNote = src.HoursNote
		case "description_uk":
			dst.DescriptionUK = src.DescriptionUK
		case "description_en":
			dst.DescriptionEN = src.DescriptionEN
		case "hours_note_uk":
			dst.HoursNoteUK = src.HoursNoteUK
		case "hours_note_en":
			dst.HoursNoteEN = src.HoursNoteEN
		case "accessibility":
			dst.Accessibility = slices.Clone(src.Accessibility)
		case "languages":
			dst.Languages = slices.Clone(src.Languages)
		case "takes_volunteers":
			dst.TakesVolunteers = src.TakesVolunteers
		case "takes_interns":
			dst.TakesInterns = src.TakesInterns
		case "volunteer_note":
			dst.VolunteerNote = src.VolunteerNote
		case "verified_on":
			dst.VerifiedOn = src.VerifiedOn
		default:
			unknown = append(unknown, f)
		}
	}
	return unknown
}
