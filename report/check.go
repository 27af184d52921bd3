package report

import (
	"context"
	"errors"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
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
	return check(ctx, st, inc, entries, steps)
}

// check is Check on records already loaded.
func check(ctx context.Context, st Store, inc incident.Incident, entries []incident.Entry, steps []incident.StepDone) (Chain, error) {
	c := Chain{Entries: len(entries), Verified: true}
	if len(entries) > 0 {
		c.FinalHash = entries[len(entries)-1].Hash
	}
	fail := func(seq int, reason string) {
		c.Verified, c.Seq, c.Problem = false, seq, fmt.Sprintf("logglinje #%d %s", seq, reason)
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
		fail(1, "mangler: loggen er tom, men hver hendelse begynner med linjen som åpnet den")
		return c, nil
	}
	missing := func(what string) {
		fail(last+1, "mangler: "+what+", men loggen slutter på #"+fmt.Sprint(last)+" (linjer fjernet på slutten)")
	}
	// Redactions may be logged after the closing entry.
	closing := last
	for closing > 1 && entries[closing-1].Kind == incident.EntryRedaction {
		closing--
	}
	if !inc.Open() && entries[closing-1].Kind != incident.EntryClosed {
		missing("hendelsen er avsluttet")
		return c, nil
	}
	for _, s := range steps {
		if s.EntrySeq > last {
			missing(fmt.Sprintf("steg %d på tiltakskortet %s ble loggført som #%d", s.Step, s.CardID, s.EntrySeq))
			return c, nil
		}
	}
	return c, nil
}
