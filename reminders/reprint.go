package reminders

import (
	"context"
	"encoding/json"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The printed binder goes out of date when the plan changes: the årshjul
// reminds the coordinator (the plan's administrators) to print it again.

// PrintStore is what the reprint reminder needs from storage: the plan
// hash and time of the last printed binder. storage.DB implements it.
type PrintStore interface {
	LastBinderPrint(ctx context.Context) (planHash string, at time.Time, ok bool, err error)
}

// ReprintItem is the ledger's item ID prefix of the reprint reminder.
const ReprintItem = "perm"

// Reprint is whether the printed binder is out of date: printed at
// Printed from a plan other than the one in force.
type Reprint struct {
	Needed  bool
	Printed time.Time
}

// CheckReprint compares the last printed binder with the plan p. A
// binder never printed needs no reprint (nothing is out of date), and a
// store that does not record prints never asks for one. Only store
// errors are returned.
func CheckReprint(ctx context.Context, store any, p *plan.Plan) (Reprint, error) {
	ps, ok := store.(PrintStore)
	if !ok || p == nil {
		return Reprint{}, nil
	}
	hash, at, printed, err := ps.LastBinderPrint(ctx)
	if err != nil || !printed {
		return Reprint{}, err
	}
	return Reprint{Needed: hash != plan.ContentHash(p), Printed: at}, nil
}

// ReprintTitle is «Skriv ut permen på nytt: planen er endret siden
// 01.11.2026», in the plan's language, the date in loc.
func ReprintTitle(p *plan.Plan, rp Reprint, loc *time.Location) string {
	return i18n.For(p.Lang).T("cmd.cont.reprint.title", i18n.Args{"Date": plan.DateOf(rp.Printed, loc).Show(p.Lang)})
}

// ReprintMessage is the reminder sent to an administrator: the title and
// how to print.
func ReprintMessage(p *plan.Plan, rp Reprint, loc *time.Location) ui.Response {
	title := ReprintTitle(p, rp, loc)
	return ui.Response{Text: title, Blocks: []ui.Block{
		{Kind: ui.BlockSection, Text: "*" + ui.Escape(title) + "*"},
		{Kind: ui.BlockContext, Text: i18n.For(p.Lang).T("cmd.cont.reprint.how")},
	}}
}

// reprintRecipients are where the reminder goes: each administrator with
// a Slack ID, in a direct message; without one, the channel of the
// plan's revision in the årshjul.
func reprintRecipients(p *plan.Plan) []string {
	var out []string
	for _, c := range p.AdminContacts() {
		if c.SlackID != "" {
			out = append(out, c.SlackID)
		}
	}
	if len(out) == 0 {
		for _, r := range p.Reviews {
			if r.Kind == plan.ReviewPlan && r.Channel != "" {
				return []string{r.Channel}
			}
		}
	}
	return out
}

// reprint queues the reprint reminder once per changed plan (the ledger
// key is the plan's hash) for each recipient; with dryRun it only
// returns what it would queue.
func (r *Runner) reprint(ctx context.Context, p *plan.Plan, dryRun bool) ([]Planned, error) {
	rp, err := CheckReprint(ctx, r.Store, p)
	if err != nil || !rp.Needed {
		return nil, err
	}
	loc := r.location(p)
	resp := ReprintMessage(p, rp, loc)
	stage := plan.ContentHash(p)[:16]
	due := plan.DateOf(rp.Printed, loc).String()
	var out []Planned
	for _, to := range reprintRecipients(p) {
		pl := Planned{Item: Item{ID: ReprintItem, Name: ReprintTitle(p, rp, loc)}, Stage: stage, Due: due, Channel: to,
			Text: ui.PlainText(resp, ui.NameResolver(p)), Post: ui.Post{Channel: to, Response: resp}}
		if dryRun {
			out = append(out, pl)
			continue
		}
		payload, err := json.Marshal(pl.Post)
		if err != nil {
			return out, err
		}
		claimed, err := r.Store.ClaimReminder(ctx, ReprintItem+":"+to, stage, due, incident.OutboxItem{Kind: incident.OutboxReminder, Payload: payload})
		if err != nil {
			return out, err
		}
		if claimed {
			out = append(out, pl)
		}
	}
	return out, nil
}
