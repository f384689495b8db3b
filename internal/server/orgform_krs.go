package server

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/mopr-leszno/portal/internal/directory"
	"github.com/mopr-leszno/portal/internal/fault"
	"github.com/mopr-leszno/portal/internal/i18n"
	"github.com/mopr-leszno/portal/internal/krs"
	"github.com/mopr-leszno/portal/internal/submission"
	"github.com/mopr-leszno/portal/web/components"
	"github.com/mopr-leszno/portal/web/pages/admin"
	"github.com/mopr-leszno/portal/web/pages/public"
)

// "Pobierz dane z KRS" on the organisation forms (the staff's and /zglos):
// the buttons beside the KRS number send the whole form with krs.action
// set, and the form comes back with what the person typed, the register's
// data compared field by field and boxes to choose what to take. Taking
// fills the form only; nothing is written until the form is saved (or
// sent) as usual. So it all works without JavaScript, and a register that
// is slow or away costs a message, never the typing.

// KRSRegister looks an entry up in the National Court Register (see
// krs.Client.Current for its errors).
type KRSRegister interface {
	Current(ctx context.Context, number string) (*krs.Extract, error)
}

// The form fields of the look-up: the button pressed, the boxes ticked
// (field names) and the register's value of each field offered.
const (
	krsActionField = "krs.action"
	krsTakeField   = "krs.take"
	krsValuePrefix = "krs.value."
	krsFileField   = "krs.file"
)

// The buttons: fetch from the register, read an uploaded extract, take
// the ticked fields into the form.
const (
	krsFetch = "fetch"
	krsFile  = "file"
	krsApply = "apply"
)

// maxExtractFile bounds an uploaded extract; the request as a whole is
// bounded by maxBody.
const maxExtractFile = 512 << 10

// krsAction is the look-up button a form was sent with, "" for none (the
// form is being saved or sent).
func krsAction(f url.Values) string {
	switch a := f.Get(krsActionField); a {
	case krsFetch, krsFile, krsApply:
		return a
	}
	return ""
}

// krsBox is the look-up an organisation form offers (the file upload to
// staff only), or nil when no register is configured.
func (s *Server) krsBox(staff bool, saveLabel string) *components.KRSLookup {
	if s.KRS == nil {
		return nil
	}
	return &components.KRSLookup{Upload: staff, SaveLabel: saveLabel}
}

// readOrgRequest reads an organisation form sent url-encoded, or as
// multipart when it carries an extract file. A body over the limit gets
// 413, a malformed one 400; it reports whether the handler may go on.
func (s *Server) readOrgRequest(w http.ResponseWriter, r *http.Request) bool {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	if ct == "multipart/form-data" {
		err = r.ParseMultipartForm(maxBody)
	} else {
		err = r.ParseForm()
	}
	if err == nil {
		return true
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		s.errorPage(w, r, http.StatusRequestEntityTooLarge, "too_large", "")
		return false
	}
	// Not wrapped: a body cut short ends in io.EOF, which would read as
	// a lost database connection.
	s.fail(w, r, fault.New(fault.Invalid, "malformed form: %s", err.Error()))
	return false
}

// krsStep runs the look-up button action of form f: it returns the values
// the form is to show (f, with the taken fields after krsApply), the
// look-up's part of the page and the status to answer with (422 when
// what the person gave cannot be used: no number, a file that is not an
// extract).
func (s *Server) krsStep(r *http.Request, action string, f url.Values, box *components.KRSLookup) (url.Values, int) {
	ctx := r.Context()
	f = cloneValues(f)
	status := http.StatusOK
	problem := func(code int, msg string, data map[string]any) {
		box.Message, box.MessageData, box.Problem, status = msg, data, true, code
	}
	switch action {
	case krsFetch:
		if s.KRS == nil {
			problem(http.StatusOK, "krs_err_unavailable", nil)
			break
		}
		number := directory.NormalizeDigits(f.Get("krs"))
		e, err := s.KRS.Current(ctx, number)
		switch {
		case err == nil:
			box.Compare = s.compareKRS(ctx, e, f)
		case errors.Is(err, krs.ErrNumber):
			problem(http.StatusUnprocessableEntity, "krs_err_number", nil)
		case errors.Is(err, krs.ErrNotFound):
			problem(http.StatusOK, "krs_err_not_found", map[string]any{"KRS": number})
		case errors.Is(err, krs.ErrTimeout):
			s.Logger.WarnContext(ctx, "the KRS register did not answer in time", "error", err)
			problem(http.StatusOK, "krs_err_timeout", nil)
		default:
			// Unavailable, or an answer that is not an extract: either
			// way the person can do nothing but wait or type.
			s.Logger.WarnContext(ctx, "the KRS register failed", "error", err)
			problem(http.StatusOK, "krs_err_unavailable", nil)
		}
	case krsFile:
		name, e, msg, data := readExtractFile(r)
		if msg != "" {
			problem(http.StatusUnprocessableEntity, msg, data)
			break
		}
		box.Compare = s.compareKRS(ctx, e, f)
		box.Compare.File = name
	case krsApply:
		var taken []string
		for _, key := range f[krsTakeField] {
			v, ok := f[krsValuePrefix+key]
			if !ok || !slices.Contains(krsFields, key) {
				continue
			}
			if key == "public_benefit" && v[0] != yes {
				f.Del(key) // an unticked box sends nothing
			} else {
				f.Set(key, v[0])
			}
			taken = append(taken, i18n.T(ctx, components.FieldLabel(key)))
		}
		if len(taken) == 0 {
			box.Message = "krs_applied_none"
		} else {
			box.Message, box.MessageData = "krs_applied", map[string]any{"Fields": strings.Join(taken, ", ")}
		}
	}
	for k := range f {
		if strings.HasPrefix(k, "krs.") {
			delete(f, k)
		}
	}
	return f, status
}

// readExtractFile reads the uploaded extract. It returns the file's name
// and the extract, or a message (catalogue key and data) naming the file,
// the line and the place, and what was expected there.
func readExtractFile(r *http.Request) (string, *krs.Extract, string, map[string]any) {
	file, hdr, err := r.FormFile(krsFileField)
	if err != nil {
		return "", nil, "krs_err_no_file", nil
	}
	defer file.Close()
	name := path.Base(strings.ReplaceAll(hdr.Filename, `\`, "/"))
	if !cleanText(name) || len(name) > 200 {
		name = "odpis.json"
	}
	data, err := io.ReadAll(io.LimitReader(file, maxExtractFile+1))
	if err != nil || len(data) > maxExtractFile {
		return name, nil, "krs_err_file_large", map[string]any{"File": name, "KB": strconv.Itoa(maxExtractFile >> 10)}
	}
	e, err := krs.Parse(data)
	if err == nil {
		return name, e, "", nil
	}
	fe, _ := errors.AsType[*krs.FormatError](err)
	if fe == nil {
		return name, nil, "krs_err_no_file", nil
	}
	d := map[string]any{"File": name, "Line": strconv.Itoa(fe.Line), "Column": strconv.Itoa(fe.Column),
		"Place": strings.ReplaceAll(fe.Place, ".", " → "), "Expected": i18n.T(r.Context(), "krs_expect_"+string(fe.Expected))}
	switch {
	case fe.Place == "":
		return name, nil, "krs_err_file_syntax", d
	case fe.Line == 0:
		return name, nil, "krs_err_file_missing", d
	}
	return name, nil, "krs_err_file_place", d
}

// krsFields are the form fields the register can fill, in the form's
// order.
var krsFields = []string{"name", "legal_form", "public_benefit", "krs", "nip", "regon",
	"address.street", "address.postal_code", "address.city", "emails", "website"}

// compareKRS sets the register's entry beside form f: a row for each field
// where they differ, ticked to be taken where the form's field is empty
// and, for what only the register decides (the number, the identifiers,
// the legal form, the OPP status), also where it differs.
func (s *Server) compareKRS(ctx context.Context, e *krs.Extract, f url.Values) *components.KRSCompare {
	c := &components.KRSCompare{Name: e.Name, KRS: e.KRS, AsOf: e.AsOf, Liquidation: e.Liquidation, StruckOff: e.StruckOff}
	yesNo := func(b bool) string {
		if b {
			return i18n.T(ctx, "krs_yes")
		}
		return i18n.T(ctx, "krs_no")
	}
	formName := func(code string) string {
		if code == "" {
			return ""
		}
		if !slices.Contains(directory.LegalForms, directory.LegalForm(code)) {
			return code
		}
		return i18n.T(ctx, "legal_form_"+code)
	}
	lines := func(v string) []string {
		var out []string
		for _, l := range strings.Split(strings.ReplaceAll(v, "\r\n", "\n"), "\n") {
			if l = strings.TrimSpace(l); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	row := func(key, current, register, value string, same, authority bool) {
		if register == "" && value == "" {
			return // the register says nothing of it
		}
		if same {
			c.Same++
			return
		}
		c.Rows = append(c.Rows, components.KRSRow{Key: key, Label: components.FieldLabel(key), Current: current,
			Register: register, Value: value, Take: authority || strings.TrimSpace(current) == ""})
	}
	get := func(k string) string { return strings.TrimSpace(f.Get(k)) }
	for _, key := range krsFields {
		switch key {
		case "name":
			row(key, get(key), e.Name, e.Name, sameText(get(key), e.Name), false)
		case "legal_form":
			lf := string(e.LegalForm())
			register := formName(lf)
			if lf == string(directory.FormOther) {
				register += " (" + e.Form + ")"
			}
			row(key, formName(get(key)), register, lf, get(key) == lf, true)
		case "public_benefit":
			current := f.Get(key) == yes
			value := ""
			if e.PublicBenefit {
				value = yes
			}
			row(key, yesNo(current), yesNo(e.PublicBenefit), value, current == e.PublicBenefit, true)
		case "krs":
			row(key, get(key), e.KRS, e.KRS, directory.NormalizeDigits(get(key)) == e.KRS, true)
		case "nip":
			row(key, get(key), e.NIP, e.NIP, directory.NormalizeNIP(get(key)) == e.NIP, true)
		case "regon":
			row(key, get(key), e.REGON, e.REGON, directory.NormalizeDigits(get(key)) == e.REGON, true)
		case "address.street":
			row(key, get(key), e.Street, e.Street, sameText(get(key), e.Street), false)
		case "address.postal_code":
			row(key, get(key), e.PostalCode, e.PostalCode, get(key) == e.PostalCode, false)
		case "address.city":
			row(key, get(key), e.City, e.City, sameText(get(key), e.City), false)
		case "emails":
			// The register knows one address: it is added to the list.
			current := lines(f.Get(key))
			has := slices.ContainsFunc(current, func(m string) bool { return strings.EqualFold(m, e.Email) })
			taken := append([]string{e.Email}, current...)
			if e.Email == "" {
				taken = nil
			}
			row(key, strings.Join(current, ", "), strings.Join(taken, ", "), strings.Join(taken, "\n"), has, false)
		case "website":
			same := strings.TrimSuffix(strings.ToLower(directory.NormalizeWebsite(get(key))), "/") == strings.TrimSuffix(e.Website, "/")
			row(key, get(key), e.Website, e.Website, same, false)
		}
	}
	return c
}

// sameText reports whether a and b are the same text but for case and
// spacing: the register writes in capitals what people write in mixed
// case.
func sameText(a, b string) bool {
	return strings.EqualFold(strings.Join(strings.Fields(a), " "), strings.Join(strings.Fields(b), " "))
}

func cloneValues(f url.Values) url.Values {
	out := make(url.Values, len(f))
	for k, v := range f {
		out[k] = slices.Clone(v)
	}
	return out
}

// orgFormKRS answers a look-up button of the staff's organisation form:
// the form again, as typed (with the taken fields after "apply"), without
// the errors of a save that was not asked for.
func (s *Server) orgFormKRS(w http.ResponseWriter, r *http.Request, action string, page admin.OrgFormPage) {
	// The box answers even where no register is set (a look-up then says
	// the register does not answer).
	page.KRS = &components.KRSLookup{Upload: true, SaveLabel: "form_save"}
	values, status := s.krsStep(r, action, r.PostForm, page.KRS)
	page.Org, _ = parseOrgForm(values)
	if !page.New {
		page.Org.ID = strings.TrimPrefix(page.Action, "/admin/organizacje/")
	}
	page.Typed = typedValues(values)
	s.orgForm(w, r, status, page)
}

// submitFormKRS answers a look-up button of the public form (/zglos):
// the form again with everything typed, the sender's fields too, and a
// fresh stamp; nothing is stored.
func (s *Server) submitFormKRS(w http.ResponseWriter, r *http.Request, action string, current *directory.Organisation, page public.SubmitFormPage) {
	page.KRS = &components.KRSLookup{SaveLabel: "submissions_send"}
	values, status := s.krsStep(r, action, r.PostForm, page.KRS)
	sub, _ := readSubmission(values, current, submission.ChannelOnline, s.Now().In(directory.Warsaw))
	page.Org, page.Version, page.Typed = sub.Payload, sub.BaseVersion, typedValues(values)
	page.SubmitterName, page.SubmitterEmail = sub.SubmitterName, sub.SubmitterEmail
	s.submitPage(w, r, status, page)
}

// krsLookups is how many look-ups one address may make from the public
// form in 10 minutes: enough for a person trying a few numbers, too few
// to use the portal as a way into the register.
const krsLookups = 20

// byKRSAction limits a form's look-ups with lookups and its sending with
// send (the body is already read by readForms).
func byKRSAction(lookups, send func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		l, s := lookups(next), send(next)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if krsAction(r.PostForm) != "" {
				l.ServeHTTP(w, r)
				return
			}
			s.ServeHTTP(w, r)
		})
	}
}
