package components

import (
	"time"

	"github.com/mopr-leszno/portal/internal/directory"
)

// The portal shows every moment as Warsaw wall-clock time, whatever the
// server's zone: pages take a time.Time and format it here.

// DateTime is t to the minute, "2006-01-02 15:04", in Warsaw.
func DateTime(t time.Time) string { return t.In(directory.Warsaw).Format("2006-01-02 15:04") }

// DateTimeSeconds is t to the second, in Warsaw: histories and the audit
// log, where several events fall within one minute.
func DateTimeSeconds(t time.Time) string { return t.In(directory.Warsaw).Format(time.DateTime) }
