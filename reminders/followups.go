package reminders

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// FollowUpStages are the reminder stages of a follow-up: 7 days before
// its deadline and on it; after it, every plan.OverdueEvery days is a
// stage of its own. Each is claimed in the ledger once.
var FollowUpStages = []int{7, 0}

// FollowUpStore is what the follow-up reminders need from storage, on top
// of Store. storage.DB implements it; a Runner whose Store does not skips
// follow-ups.
type FollowUpStore interface {
	OpenFollowUps(ctx context.Context) ([]incident.FollowUp, error)
	CloseFollowUp(ctx context.Context, id int64, by, note string) (incident.FollowUp, error)
	Incident(ctx context.Context, id int64) (incident.Incident, error)
}

// FollowUpItemID is the ledger item of follow-up id: "followup:<id>",
// which no plan ID can be (plan IDs have no colon).
func FollowUpItemID(id int64) string { return "followup:" + strconv.FormatInt(id, 10) }

// mentionRE finds "oppfølging #3", "oppfølgingspunkt nr. 3", "åtgärdspunkt
// #3", "follow-up #3" in a revision's text.
var mentionRE = regexp.MustCompile(`(?i)(?:oppf[øo]lging|[åa]tg[äa]rd|follow-?up)[\p{L}-]*\s*(?:#|nr\.?|no\.?)\s*(\d+)`)

// MentionedFollowUps returns the follow-up numbers a revision text names.
func MentionedFollowUps(text string) []int64 {
	var out []int64
	for _, m := range mentionRE.FindAllStringSubmatch(text, -1) {
		if n, err := strconv.ParseInt(m[1], 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// ClosingRevision returns the revision of the plan's revision log that
// closes f, and false when none does. The rule: the first revision (by
// date) dated on or after the day f was created (local date in loc) whose
// text mentions it ("oppfølging #3", "åtgärdspunkt #3", "follow-up #3");
// for a «plan:» follow-up also the first revision dated after that day,
// whatever it says. Revisions without a date are ignored.
func ClosingRevision(f incident.FollowUp, revs []plan.Revision, loc *time.Location) (plan.Revision, bool) {
	created := plan.DateOf(f.CreatedAt, loc)
	var best plan.Revision
	found := false
	for _, r := range revs {
		if r.Date.IsZero() || r.Date.Before(created) {
			continue
		}
		ok := f.PlanChange && created.Before(r.Date)
		for _, n := range MentionedFollowUps(r.Change) {
			ok = ok || n == f.ID
		}
		if ok && (!found || r.Date.Before(best.Date)) {
			best, found = r, true
		}
	}
	return best, found
}

// CloseByRevisions closes every open follow-up that a revision of p's
// revision log records (ClosingRevision), with the revision as the note,
// and returns those it closed. A follow-up closed by someone else at the
// same moment is skipped; other store errors stop it.
func CloseByRevisions(ctx context.Context, st FollowUpStore, p *plan.Plan, loc *time.Location) ([]incident.FollowUp, error) {
	if p == nil || len(p.Org.Revisions) == 0 {
		return nil, nil
	}
	open, err := st.OpenFollowUps(ctx)
	if err != nil {
		return nil, err
	}
	tr := i18n.For(p.Lang)
	var out []incident.FollowUp
	for _, f := range open {
		r, ok := ClosingRevision(f, p.Org.Revisions, loc)
		if !ok {
			continue
		}
		note := tr.T("followup.revision_note", i18n.Args{"Date": r.Date.Show(p.Lang), "Change": r.Change})
		c, err := st.CloseFollowUp(ctx, f.ID, incident.ClosedByRevision, note)
		if errors.Is(err, incident.ErrConflict) {
			continue
		}
		if err != nil {
			return out, err
		}
		out = append(out, c)
	}
	return out, nil
}

// followUpPass queues the reminders of the open follow-ups as pass does
// for the årshjul's items, after closing those a revision records. It
// does nothing when the Runner's store keeps no follow-ups.
func (r *Runner) followUpPass(ctx context.Context, p *plan.Plan, today, asOf plan.Date, loc *time.Location, dryRun bool, log logrus.FieldLogger) ([]Planned, []error) {
	st, ok := r.Store.(FollowUpStore)
	if !ok {
		return nil, nil
	}
	if !dryRun {
		if _, err := CloseByRevisions(ctx, st, p, loc); err != nil {
			return nil, []error{fmt.Errorf("follow-ups: %w", err)}
		}
	}
	open, err := st.OpenFollowUps(ctx)
	if err != nil {
		return nil, []error{fmt.Errorf("follow-ups: %w", err)}
	}
	var out []Planned
	var errs []error
	for _, f := range open {
		if _, closes := ClosingRevision(f, p.Org.Revisions, loc); closes {
			continue // a dry run: the next real pass closes it
		}
		pl, ok, err := r.oneFollowUp(ctx, st, p, f, today, asOf, dryRun)
		if err != nil {
			log.WithError(err).WithField("followup", f.ID).Warn("follow-up reminder not queued")
			errs = append(errs, fmt.Errorf("%s: %w", FollowUpItemID(f.ID), err))
			continue
		}
		if ok {
			if !dryRun {
				log.WithFields(logrus.Fields{"followup": f.ID, "stage": pl.Stage, "due": pl.Due, "channel": pl.Channel}).Info("reminder queued")
			}
			out = append(out, pl)
		}
	}
	return out, errs
}

// oneFollowUp decides and (unless dryRun) claims the reminder of one
// follow-up, as one does for an item.
func (r *Runner) oneFollowUp(ctx context.Context, st FollowUpStore, p *plan.Plan, f incident.FollowUp, today, asOf plan.Date, dryRun bool) (Planned, bool, error) {
	due, err := plan.ParseDate(f.Due)
	if err != nil {
		return Planned{}, false, err
	}
	s, ok := plan.CurrentStage(due, asOf, FollowUpStages, false)
	if !ok {
		return Planned{}, false, nil
	}
	var inc *incident.Incident
	if f.IncidentID != 0 {
		got, err := st.Incident(ctx, f.IncidentID)
		if err != nil {
			return Planned{}, false, err
		}
		inc = &got
	}
	channel := FollowUpChannel(p, inc)
	if channel == "" {
		return Planned{}, false, errors.New("follow-up reminder: no channel to post in")
	}
	item := FollowUpItemID(f.ID)
	sent, err := r.Store.ReminderSent(ctx, item, f.Due)
	if err != nil {
		return Planned{}, false, err
	}
	if covered(sent, s.Key()) {
		return Planned{}, false, nil
	}
	resp := FollowUpMessage(p, f, today, r.location(p))
	it := Item{ID: item, Name: f.Text, Kind: "oppfolging", Channel: channel, Due: due, Stages: FollowUpStages}
	pl := Planned{Item: it, Stage: s.Key(), Due: f.Due, Channel: channel, When: DueWords(p.Lang, due, today),
		Text: ui.PlainText(resp, ui.NameResolver(p)), Post: ui.Post{Channel: channel, Response: resp}}
	if dryRun {
		return pl, true, nil
	}
	payload, err := json.Marshal(pl.Post)
	if err != nil {
		return Planned{}, false, err
	}
	claimed, err := r.Store.ClaimReminder(ctx, item, pl.Stage, f.Due, incident.OutboxItem{Kind: incident.OutboxReminder, Payload: payload})
	return pl, claimed && err == nil, err
}

// FollowUpChannel is where a follow-up's reminders go: its incident's
// channel, else the team channel of the plan's revision in the årshjul,
// else of the first review or exercise that has one; "" when none has.
// A private incident's follow-ups go only to its own channel: elsewhere
// its text would reach people for whom the incident does not exist.
func FollowUpChannel(p *plan.Plan, inc *incident.Incident) string {
	if inc != nil && (inc.ChannelID != "" || inc.Private) {
		return inc.ChannelID
	}
	for _, r := range p.Reviews {
		if r.Kind == plan.ReviewPlan && r.Channel != "" {
			return r.Channel
		}
	}
	for _, r := range p.Reviews {
		if r.Channel != "" {
			return r.Channel
		}
	}
	for _, e := range p.Exercises {
		if e.Channel != "" {
			return e.Channel
		}
	}
	return ""
}

// FollowUpOwner returns how a follow-up's owner is shown in mrkdwn: a
// contact's name (mentioned when it has a Slack ID), a role's title with
// its holders mentioned, or a Slack user mentioned.
func FollowUpOwner(p *plan.Plan, owner string) string {
	if owner == "" {
		return i18n.For(p.Lang).T("followup.no_owner")
	}
	if c := p.Contact(owner); c != nil {
		return ownerRef(c)
	}
	if role := p.Role(owner); role != nil {
		var who []string
		for _, id := range role.Holders {
			if c := p.Contact(id); c != nil {
				who = append(who, ownerRef(c))
			}
		}
		if len(who) == 0 {
			return ui.Escape(role.Title)
		}
		return ui.Escape(role.Title) + " (" + strings.Join(who, ", ") + ")"
	}
	return ui.Mention(p, owner)
}

// FollowUpMessage returns the reminder of follow-up f worded for today in
// the plan's language: the owner mentioned, the text, the deadline, and
// how it is closed (by hand, or by the revision log; see ClosingRevision).
func FollowUpMessage(p *plan.Plan, f incident.FollowUp, today plan.Date, loc *time.Location) ui.Response {
	tr := i18n.For(p.Lang)
	due, _ := plan.ParseDate(f.Due)
	args := i18n.Args{"Who": FollowUpOwner(p, f.Owner) + ": ", "Text": ui.SafeText(f.Text), "Due": due.Show(p.Lang), "ID": f.ID}
	var line string
	switch left := plan.DaysBetween(today, due); {
	case left > 0:
		args["Days"] = tr.T("count.days", i18n.Args{"Count": left})
		line = tr.T("followup.reminder.left", args)
	case left == 0:
		line = tr.T("followup.reminder.today", args)
	default:
		args["Days"] = tr.T("count.days", i18n.Args{"Count": -left})
		line = tr.T("followup.reminder.overdue", args)
	}
	rule := tr.T("followup.reminder.rule", i18n.Args{"ID": f.ID})
	if f.PlanChange {
		rule = tr.T("followup.reminder.rule_plan", i18n.Args{"ID": f.ID, "Created": plan.DateOf(f.CreatedAt, loc).Show(p.Lang)})
	}
	header := tr.T("followup.reminder.header", i18n.Args{"ID": f.ID})
	return ui.Response{Text: header, Blocks: []ui.Block{
		{Kind: ui.BlockHeader, Text: header},
		{Kind: ui.BlockSection, Text: line},
		{Kind: ui.BlockContext, Text: ui.Escape(rule)},
	}}
}
