package incident

import "time"

// Report is a situation report (situasjonsrapport, sv. lägesrapport) as
// sent: numbered per incident (1, 2, …) and kept whole in the log as an
// EntryReport entry, so the hash chain covers its text.
type Report struct {
	IncidentID int64
	Number     int    // 1, 2, … per incident
	EntrySeq   int    // the EntryReport log entry that holds the text
	Author     string // user ID of the sender
	SentAt     time.Time
	Text       string // the whole report, plain text (ready for DSB-CIM or WIS)
}

// NewReport is what it takes to send a report.
type NewReport struct {
	IncidentID int64
	// Number is the number the sender saw in the draft; sending fails
	// with ErrConflict when another report took it meanwhile. 0 takes the
	// next number.
	Number int
	Author string
	Text   string
	// Posts are delivered with the report, in the same transaction: the
	// report in the incident channel and in the plan's reporting channel.
	Posts []OutboxItem
}
