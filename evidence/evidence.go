// Package evidence builds the document a municipality or company shows
// the supervisor (Statsforvalteren, Länsstyrelsen): that the plan is
// exercised, evaluated, followed up and revised. It reads the plan and
// the database and orders the document after the supervisor's criteria
// (seed 003): organisation and plan, the ROS analysis, the exercises and
// reviews of the årshjul, incidents with their verified logs, evaluations
// and follow-ups, and the reminders sent and acted on. Renderers give
// Markdown, self-contained printable HTML (A4), PDF (headless Chromium)
// and formula-safe CSV, all in the plan's language.
package evidence

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/record"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// Store is what the evidence pack reads. storage.DB implements it.
type Store interface {
	record.Store
	LatestCompletions(ctx context.Context) (map[string]incident.Completion, error)
	Postponements(ctx context.Context) (map[string]string, error)
	FollowUps(ctx context.Context) ([]incident.FollowUp, error)
	ReminderLedger(ctx context.Context) ([]storage.LedgerEntry, error)
}

var _ Store = (*storage.DB)(nil)

// SitRepKind is the log entry kind of a situation report. Situation
// reports are built on another branch (issue 14, commands/sitrep*.go);
// until that kind exists this hook is empty and the pack shows no count.
// TODO(sitrep): set to the situation report's incident.EntryKind.
var SitRepKind incident.EntryKind

// Options choose what the pack covers.
type Options struct {
	// From and To bound the period (local dates, both included): incidents
	// opened, evaluations given, follow-ups created and reminders sent in
	// it; open follow-ups are always shown. Zero means unbounded.
	From, To plan.Date
	// WithPrivate shows the titles of private incidents.
	WithPrivate bool
	Loc         *time.Location // the zone of dates and times (default: the plan's, else Europe/Oslo)
	AnchorPath  string         // the anchor file for record.VerifyAll; "" for none
	Now         time.Time      // when the pack is made (default time.Now)
}

// Pack is the document.
type Pack struct {
	Lang        i18n.Lang
	Generated   time.Time
	From, To    plan.Date
	WithPrivate bool
	Org         Org
	ROS         ROS
	Schedule    []ScheduleItem
	Incidents   []Incident
	Evaluations []Evaluation
	FollowUps   []FollowUp
	Reminders   []Reminder
	loc         *time.Location
}

// Org is the plan's front page and revision log.
type Org struct {
	Name, PlanVersion, ApprovedBy string
	Approved                      plan.Date
	Revisions                     []plan.Revision // newest first
}

// ROS is the state of the ROS analysis: its rows and the årshjul's ROS
// revision (Found is false when the årshjul has none).
type ROS struct {
	Rows      int
	Found     bool
	LastDone  plan.Date
	AgeMonths int
	Next      plan.Date
	Status    plan.DueStatus
}

// ScheduleItem is one exercise or review of the årshjul with the
// exercise incidents that were it.
type ScheduleItem struct {
	plan.Scheduled
	Status    plan.DueStatus
	Incidents []int64 // exercise incidents recorded for it
}

// Incident is one incident or exercise with its verified log.
type Incident struct {
	ID       int64
	Title    string // "" for a private incident without WithPrivate
	Private  bool
	Exercise bool
	Opened   time.Time
	Closed   time.Time // zero while open
	Entries  int
	SitReps  int // -1 when SitRepKind is not set
	Verified bool
	Problem  string
	Hash     string
}

// Evaluation is one evaluation answer.
type Evaluation struct {
	IncidentID int64
	Question   string
	Answer     string
	PlanChange bool
	At         time.Time
}

// FollowUp is a follow-up with its status as of the pack: one a
// revision of the plan records counts as closed by it
// (reminders.ClosingRevision) even before the bot has closed it.
type FollowUp struct {
	incident.FollowUp
	OwnerName string         // the owner as a name: contact, role title or Slack user
	Revision  *plan.Revision // the revision that closes it, if any
}

// Reminder is one reminder of the ledger and whether it was acted on:
// the item was recorded done (or the follow-up closed) after it.
type Reminder struct {
	storage.LedgerEntry
	Name    string    // the item's name or the follow-up's text
	ActedOn time.Time // zero when not (yet)
	Acted   plan.Date // the date it was done, for årshjul items
}

// Build reads the plan and the store into a Pack. Returns the store's
// error, or record.VerifyAll's if the anchor file cannot be read.
func Build(ctx context.Context, st Store, p *plan.Plan, opt Options) (*Pack, error) {
	loc := plan.Zone(opt.Loc, p)
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	pk := &Pack{Lang: p.Lang, Generated: now, From: opt.From, To: opt.To, WithPrivate: opt.WithPrivate, loc: loc}
	today := plan.DateOf(now, loc)
	pk.Org = Org{Name: p.Org.Name, PlanVersion: p.Org.PlanVersion, ApprovedBy: p.Org.ApprovedBy, Approved: p.Org.Approved}
	for i := len(p.Org.Revisions) - 1; i >= 0; i-- {
		pk.Org.Revisions = append(pk.Org.Revisions, p.Org.Revisions[i])
	}

	done, err := st.LatestCompletions(ctx)
	if err != nil {
		return nil, err
	}
	postponed, err := st.Postponements(ctx)
	if err != nil {
		return nil, err
	}
	sched := reminders.ScheduleOf(p, done, postponed)
	incs, err := st.Incidents(ctx)
	if err != nil {
		return nil, err
	}
	rep, err := record.VerifyAll(ctx, st, opt.AnchorPath)
	if err != nil {
		return nil, err
	}
	verified := map[int64]record.Result{}
	for _, r := range rep.Results {
		verified[r.IncidentID] = r
	}
	pk.ROS.Rows = len(p.ROS)
	for _, s := range sched {
		item := ScheduleItem{Scheduled: s, Status: s.StatusOn(today)}
		if s.Kind == string(plan.ReviewROS) && !pk.ROS.Found {
			pk.ROS = ROS{Rows: len(p.ROS), Found: true, LastDone: s.LastDone, Next: s.Due, Status: item.Status}
			if !s.LastDone.IsZero() {
				pk.ROS.AgeMonths = monthsBetween(s.LastDone, today)
			}
		}
		pk.Schedule = append(pk.Schedule, item)
	}
	for _, inc := range incs {
		if !pk.inPeriod(inc.OpenedAt) {
			continue
		}
		it, err := pk.incident(ctx, st, inc, verified[inc.ID])
		if err != nil {
			return nil, err
		}
		pk.Incidents = append(pk.Incidents, it)
		if it.Exercise {
			if id := exerciseOf(p, inc); id != "" {
				for i := range pk.Schedule {
					if pk.Schedule[i].ID == id {
						pk.Schedule[i].Incidents = append(pk.Schedule[i].Incidents, inc.ID)
					}
				}
			}
		}
		evals, err := st.Evaluations(ctx, inc.ID)
		if err != nil {
			return nil, err
		}
		for _, e := range evals {
			pk.Evaluations = append(pk.Evaluations, Evaluation{IncidentID: e.IncidentID, Question: e.Question, Answer: e.Answer,
				PlanChange: e.ProposedPlanChange, At: e.CreatedAt})
		}
	}
	fus, err := st.FollowUps(ctx)
	if err != nil {
		return nil, err
	}
	closedAt := map[string]time.Time{}
	names := map[string]string{}
	for _, f := range fus {
		item := FollowUp{FollowUp: f, OwnerName: ownerName(p, f.Owner)}
		if r, ok := reminders.ClosingRevision(f, p.Org.Revisions, loc); ok && f.Open() {
			item.Revision = &r
		}
		key := reminders.FollowUpItemID(f.ID)
		names[key] = f.Text
		if !f.Open() {
			closedAt[key] = f.ClosedAt
		}
		if f.Open() || pk.inPeriod(f.CreatedAt) {
			pk.FollowUps = append(pk.FollowUps, item)
		}
	}
	for _, s := range sched {
		names[s.ID] = s.Name
	}
	ledger, err := st.ReminderLedger(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range ledger {
		if !pk.inPeriod(l.ClaimedAt) {
			continue
		}
		r := Reminder{LedgerEntry: l, Name: names[l.ItemID]}
		if c, ok := done[l.ItemID]; ok && !c.RecordedAt.Before(l.ClaimedAt) {
			r.ActedOn = c.RecordedAt
			r.Acted, _ = plan.ParseDate(c.Done)
		}
		if t, ok := closedAt[l.ItemID]; ok && !t.Before(l.ClaimedAt) {
			r.ActedOn = t
		}
		pk.Reminders = append(pk.Reminders, r)
	}
	return pk, nil
}

// incident reads one incident's log facts.
func (pk *Pack) incident(ctx context.Context, st Store, inc incident.Incident, v record.Result) (Incident, error) {
	it := Incident{ID: inc.ID, Title: inc.Title, Private: inc.Private, Exercise: inc.Kind == incident.KindExercise,
		Opened: inc.OpenedAt, Closed: inc.ClosedAt, SitReps: -1, Verified: v.OK, Problem: v.Problem, Hash: v.FinalHash, Entries: v.Entries}
	if inc.Private && !pk.WithPrivate {
		it.Title = ""
	}
	if SitRepKind != "" {
		entries, err := st.Entries(ctx, inc.ID)
		if err != nil {
			return it, err
		}
		it.SitReps = 0
		for _, e := range entries {
			if e.Kind == SitRepKind {
				it.SitReps++
			}
		}
	}
	return it, nil
}

// inPeriod reports whether t falls in the pack's period (local dates).
func (pk *Pack) inPeriod(t time.Time) bool {
	d := plan.DateOf(t, pk.loc)
	return (pk.From.IsZero() || !d.Before(pk.From)) && (pk.To.IsZero() || !pk.To.Before(d))
}

// exerciseOf returns the ID of the plan's exercise an exercise incident
// was: the plan's only exercise, or the one its title names; "" when
// that is not clear.
func exerciseOf(p *plan.Plan, inc incident.Incident) string {
	if len(p.Exercises) == 1 {
		return p.Exercises[0].ID
	}
	cands := make([]plan.Candidate, len(p.Exercises))
	for i, e := range p.Exercises {
		cands[i] = plan.Candidate{ID: e.ID, Names: []string{e.Name}}
	}
	if m := plan.MatchName(inc.Title, cands); m.Found() {
		return m.ID
	}
	title := plan.Fold(inc.Title)
	found := ""
	for _, e := range p.Exercises {
		if name := plan.Fold(e.Name); len(name) >= 5 && strings.Contains(title, name) {
			if found != "" {
				return ""
			}
			found = e.ID
		}
	}
	return found
}

// monthsBetween counts whole months from a to b.
func monthsBetween(a, b plan.Date) int {
	n := (b.Year-a.Year)*12 + int(b.Month) - int(a.Month)
	if b.Day < a.Day {
		n--
	}
	return n
}

// Format is an output format of the pack.
type Format string

// The formats the pack can be rendered in.
const (
	FormatMarkdown Format = "md"
	FormatHTML     Format = "html"
	FormatPDF      Format = "pdf"
	FormatCSV      Format = "csv"
)

// ParseFormat reads a format name ("md", "markdown", "html", "pdf",
// "csv"). Returns an error naming the formats otherwise.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "."))); f {
	case FormatMarkdown, FormatHTML, FormatPDF, FormatCSV:
		return f, nil
	case "markdown":
		return FormatMarkdown, nil
	}
	return "", fmt.Errorf("ukjent format %q: bruk md, html, pdf eller csv", s)
}

// ownerName names a follow-up's owner: a contact's name, a role's title,
// or a Slack user's name from the plan (else the ID).
func ownerName(p *plan.Plan, owner string) string {
	if c := p.Contact(owner); c != nil {
		return c.Name
	}
	if r := p.Role(owner); r != nil {
		return r.Title
	}
	if c := p.ContactBySlack(owner); c != nil {
		return c.Name
	}
	return owner
}
