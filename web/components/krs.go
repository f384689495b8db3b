package components

// KRSLookup is the "Pobierz dane z KRS" part of an organisation form,
// beside the KRS number: the button that sends the form to fetch the
// register's data (without JavaScript, the form comes back with them),
// for staff the upload of an extract file, the message of a look-up and
// the comparison to choose from. Nil: the form offers no look-up.
type KRSLookup struct {
	// SaveLabel is the catalogue key of the form's own submit button: a
	// copy of it comes first in the form, so that Enter in a field saves
	// (or sends) as before instead of fetching.
	SaveLabel string
	// Upload offers the extract as a file (staff only).
	Upload bool
	// Message is the catalogue key of what the look-up came to (a
	// problem when Problem), with its data; empty for none.
	Message     string
	MessageData map[string]any
	Problem     bool
	// Compare is the register's entry beside the form, or nil.
	Compare *KRSCompare
}

// KRSCompare is an entry of the register compared with the form.
type KRSCompare struct {
	Name, KRS, AsOf string
	File            string // the extract's file name, when read from one
	Liquidation     bool
	StruckOff       string // the date, as the register writes it
	// Rows are the fields whose register value differs from the form's;
	// Same counts those that agree.
	Rows []KRSRow
	Same int
}

// KRSRow is one field the register would change: its label's catalogue
// key, both values as a person reads them, the value the form takes and
// whether it is ticked to be taken.
type KRSRow struct {
	Key, Label        string
	Current, Register string
	Value             string
	Take              bool
}
