package submission

import (
	"strings"
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// Message ids of what is wrong with a submission's own fields (beside the
// organisation's, see directory.Validate).
const (
	ErrFuture = "submissions_err_future" // a paper form received after today
	ErrDate   = "err_date"               // not a YYYY-MM-DD date
	ErrReason = "submissions_err_reason" // a rejection without a reason
)

// ValidateSender checks who sent the submission: the name is optional
// (one line, at most 300 characters); the e-mail address is required
// online (at most 254 characters) and optional on paper. The errors are
// message ids under submitter_name and submitter_email; none is nil.
func (s *Submission) ValidateSender() directory.FieldErrors {
	errs := directory.FieldErrors{}
	if m := directory.CheckText(s.SubmitterName, false, 300, false); m != "" {
		errs["submitter_name"] = m
	}
	switch {
	case s.Channel == ChannelPaper:
		if s.SubmitterEmail != "" && !directory.ValidEmail(s.SubmitterEmail) {
			errs["submitter_email"] = directory.ErrEmail
		}
	default:
		if m := directory.CheckText(s.SubmitterEmail, true, 254, false); m != "" {
			errs["submitter_email"] = m
		} else if !directory.ValidEmail(s.SubmitterEmail) {
			errs["submitter_email"] = directory.ErrEmail
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// ParseReceivedOn reads the date a paper form was received, as staff type
// it (YYYY-MM-DD), on the day today (Warsaw time). It returns the date, or
// the message id of what is wrong: directory.ErrRequired when blank,
// ErrDate when it is not a date, ErrFuture when it is after today.
func ParseReceivedOn(s string, today time.Time) (time.Time, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, directory.ErrRequired
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, ErrDate
	}
	if d.After(time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)) {
		return time.Time{}, ErrFuture
	}
	return d, ""
}

// CheckReason checks the reason for rejecting a submission, which is
// required (several lines, at most 2000 characters); it returns the
// message id of what is wrong, or "". Blank space is trimmed first.
func CheckReason(reason string) string {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return ErrReason
	}
	return directory.CheckText(reason, true, 2000, true)
}
