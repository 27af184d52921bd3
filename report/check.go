package report

import (
	"context"
	"errors"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// Check verifies the log of an incident as it is stored: the hash chain
// (every entry unchanged, none removed or reordered; storage's VerifyLog)
// and, since a chain cannot show that entries were cut off its end, that
// the log still has the entries the incident's other records point to: it
// is not empty, a closed incident's last entry is the closing one (but
// for redactions logged after it), and
// every completed step's entry is there. A log that fails is reported
// in the returned Chain, not as an error. Returns an error wrapping
// incident.ErrNotFound if there is no such incident, or the store's error.
func Check(ctx context.Context, st Store, incidentID int64) (Chain, error) {
	inc, err := st.Incident(ctx, incidentID)
	if err != nil {
		return Chain{}, fmt.Errorf("kontroll av hendelse %d: %w", incidentID, err)
	}
	entries, err := st.Entries(ctx, incidentID)
	if err != nil {
		return Chain{}, fmt.Errorf("kontroll av hendelse %d: %w", incidentID, err)
	}
	steps, err := st.Steps(ctx, incidentID)
	if err != nil {
		return Chain{}, fmt.Errorf("kontroll av hendelse %d: %w", incidentID, err)
	}
	return check(ctx, st, inc, entries, steps, i18n.Default)
}

// check is Check on records already loaded, with the problem in lang
// (the reasons the chain check itself gives, incident.ChainError's, are
// bokmål).
func check(ctx context.Context, st Store, inc incident.Incident, entries []incident.Entry, steps []incident.StepDone, lang i18n.Lang) (Chain, error) {
	l := i18n.For(lang)
	c := Chain{Entries: len(entries), Verified: true}
	if len(entries) > 0 {
		c.FinalHash = entries[len(entries)-1].Hash
	}
	fail := func(seq int, reason string) {
		c.Verified, c.Seq, c.Problem = false, seq, l.T("report.check.problem", i18n.Args{"Seq": seq, "Reason": reason})
	}
	if err := st.VerifyLog(ctx, inc.ID); err != nil {
		var ce *incident.ChainError
		if !errors.As(err, &ce) {
			return Chain{}, fmt.Errorf("kontroll av hendelse %d: %w", inc.ID, err)
		}
		fail(ce.Seq, ce.Reason)
		return c, nil
	}
	last := len(entries) // the chain is whole, so seqs are 1…last
	if last == 0 {
		fail(1, l.T("report.check.empty"))
		return c, nil
	}
	missing := func(what string) {
		fail(last+1, l.T("report.check.cut", i18n.Args{"What": what, "Last": last}))
	}
	// Redactions may be logged after the closing entry.
	closing := last
	for closing > 1 && entries[closing-1].Kind == incident.EntryRedaction {
		closing--
	}
	if !inc.Open() && entries[closing-1].Kind != incident.EntryClosed {
		missing(l.T("report.check.closed"))
		return c, nil
	}
	for _, s := range steps {
		if s.EntrySeq > last {
			missing(l.T("report.check.step", i18n.Args{"Step": s.Step, "Card": s.CardID, "Seq": s.EntrySeq}))
			return c, nil
		}
	}
	return c, nil
}
