// Package record checks that the decision log survives: each log's hash
// chain (with redacted entries), the anchor file outside the database
// that shows a log cut short or rewritten as a whole, and the restore of
// a backup, which is refused unless its logs verify.
package record

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sort"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/report"
	"github.com/beredskapsbot/beredskapsbot/storage"
	"github.com/beredskapsbot/beredskapsbot/storage/anchorfile"
)

// Store is what verification reads: report.Check's store (the incident,
// its log, its completed steps and the chain check).
type Store interface {
	report.Store
}

var _ Store = (*storage.DB)(nil)

// Result is the outcome of verifying one incident's log.
type Result struct {
	IncidentID int64
	Title      string // "" if the incident is missing from the database
	Entries    int
	FinalHash  string // the hash of the last entry
	OK         bool
	Seq        int    // when not OK: the first entry that does not match (or is missing)
	Problem    string // bokmål, when not OK; see ProblemIn
	// problem is Problem as a message, for the anchor checks; zero when
	// Problem comes from the chain check (report.Check), which is bokmål.
	problem i18n.Message
	// Behind is set when the only problem is that the log ends before
	// the newest anchor (or the incident is missing): what an older
	// backup looks like, and also what cutting entries off looks like.
	Behind     bool
	Redactions []Redaction      // redacted entries, in seq order
	Anchor     *anchorfile.Head // the newest anchor checked against; nil if none
}

// Redaction is one redacted entry: when, by whom and why.
type Redaction struct {
	Seq      int // the redacted entry
	At       time.Time
	By       string
	Reason   string
	LoggedAs int // seq of the redaction entry that records it
}

// Report is the outcome of VerifyAll.
type Report struct {
	Results    []Result // by incident ID
	AnchorFile string   // the anchor file read, "" if there was none
}

// OK reports whether every log verified.
func (r Report) OK() bool {
	for _, res := range r.Results {
		if !res.OK {
			return false
		}
	}
	return true
}

// Verify checks one incident's log: the hash chain and the entries the
// incident's other records point to (report.Check), then, if anchor is
// not nil, that the log reaches the anchored entry and that entry's hash
// is the anchored one. A log that fails is reported in the Result, not as
// an error. Returns an error wrapping incident.ErrNotFound if there is no
// such incident, or the store's error.
func Verify(ctx context.Context, st Store, incidentID int64, anchor *anchorfile.Head) (Result, error) {
	inc, err := st.Incident(ctx, incidentID)
	if err != nil {
		return Result{}, fmt.Errorf("kontroll av hendelse %d: %w", incidentID, err)
	}
	c, err := report.Check(ctx, st, incidentID)
	if err != nil {
		return Result{}, err
	}
	entries, err := st.Entries(ctx, incidentID)
	if err != nil {
		return Result{}, fmt.Errorf("kontroll av hendelse %d: %w", incidentID, err)
	}
	res := Result{
		IncidentID: incidentID, Title: inc.Title, Entries: c.Entries, FinalHash: c.FinalHash,
		OK: c.Verified, Seq: c.Seq, Problem: c.Problem, Anchor: anchor,
		Redactions: redactions(entries),
	}
	if res.OK && anchor != nil {
		checkAnchor(&res, entries, *anchor)
	}
	return res, nil
}

// checkAnchor fails res if entries do not reach the anchored head or
// differ from it.
func checkAnchor(res *Result, entries []incident.Entry, a anchorfile.Head) {
	switch {
	case len(entries) < a.Seq:
		res.OK, res.Behind, res.Seq = false, true, len(entries)+1
		res.setProblem(i18n.M("record.problem.cut", i18n.Args{"Seq": len(entries) + 1, "Last": len(entries), "Anchored": a.Seq, "When": anchorTime(a)}))
	case entries[a.Seq-1].Hash != a.Hash:
		res.OK, res.Seq = false, a.Seq
		res.setProblem(i18n.M("record.problem.rewritten", i18n.Args{"Seq": a.Seq, "When": anchorTime(a)}))
	}
}

// anchorTime is when an anchor was made, in UTC, written in each language
// when the message is rendered.
func anchorTime(a anchorfile.Head) utcTime { return utcTime(a.At.UTC()) }

// utcTime renders as «01.12.2026 14:30 UTC» in bokmål (fmt.Stringer), and
// is rendered per language by ProblemIn.
type utcTime time.Time

func (t utcTime) in(lang i18n.Lang) string {
	return localtime.Date(lang, time.Time(t)) + " " + localtime.Clock(lang, time.Time(t)) + " UTC"
}

// String is the bokmål form.
func (t utcTime) String() string { return t.in(i18n.Bokmal) }

// setProblem sets the problem as a message and its bokmål text.
func (r *Result) setProblem(m i18n.Message) {
	r.problem = m
	r.Problem = r.ProblemIn(i18n.Bokmal)
}

// ProblemIn is Problem in lang: the anchor checks' problems are in the
// catalog; the chain check's are bokmål whatever lang.
func (r Result) ProblemIn(lang i18n.Lang) string {
	if r.problem.ID == "" {
		return r.Problem
	}
	args := i18n.Args{}
	for k, v := range r.problem.Args {
		if t, ok := v.(utcTime); ok {
			v = t.in(lang)
		}
		args[k] = v
	}
	return i18n.For(lang).T(r.problem.ID, args)
}

// redactions lists the redacted entries of a log, with the seq of the
// entry that records each.
func redactions(entries []incident.Entry) []Redaction {
	loggedAs := map[int]int{}
	for _, e := range entries {
		if e.Kind == incident.EntryRedaction {
			loggedAs[e.Corrects] = e.Seq
		}
	}
	var out []Redaction
	for _, e := range entries {
		if e.Redacted() {
			out = append(out, Redaction{Seq: e.Seq, At: e.RedactedAt, By: e.RedactedBy, Reason: e.RedactionReason, LoggedAs: loggedAs[e.Seq]})
		}
	}
	return out
}

// VerifyAll verifies every incident's log, each against its newest anchor
// in the anchor file at anchorPath (no anchors if anchorPath is "" or the
// file does not exist). An anchored incident missing from the database
// fails too. Returns an error if the store or the anchor file cannot be
// read.
func VerifyAll(ctx context.Context, st Store, anchorPath string) (Report, error) {
	var rep Report
	anchors := map[int64]anchorfile.Head{}
	if anchorPath != "" {
		a, err := anchorfile.Read(anchorPath)
		switch {
		case err == nil:
			anchors, rep.AnchorFile = a, anchorPath
		case !errors.Is(err, os.ErrNotExist):
			return Report{}, err
		}
	}
	incs, err := st.Incidents(ctx)
	if err != nil {
		return Report{}, fmt.Errorf("kontroll: %w", err)
	}
	seen := map[int64]bool{}
	for _, inc := range incs {
		seen[inc.ID] = true
		var anchor *anchorfile.Head
		if a, ok := anchors[inc.ID]; ok {
			anchor = &a
		}
		res, err := Verify(ctx, st, inc.ID, anchor)
		if err != nil {
			return Report{}, err
		}
		rep.Results = append(rep.Results, res)
	}
	for id, a := range anchors {
		if seen[id] {
			continue
		}
		res := Result{IncidentID: id, Seq: 1, Behind: true, Anchor: &a}
		res.setProblem(i18n.M("record.problem.removed", i18n.Args{"Anchored": a.Seq, "When": anchorTime(a)}))
		rep.Results = append(rep.Results, res)
	}
	sort.Slice(rep.Results, func(i, j int) bool { return rep.Results[i].IncidentID < rep.Results[j].IncidentID })
	return rep, nil
}
