package followups

import (
	"context"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// listFollowUps answers "/beredskap oppfølging" with the open follow-ups
// by deadline and how they are closed.
func listFollowUps(ctx context.Context, e *cmdkit.Env, req ui.Request, fs Store) ui.Response {
	tr := e.Tr()
	all, err := fs.FollowUps(ctx)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	lines, err := followUpLines(ctx, e, req, fs)
	if err != nil {
		return e.ErrorResponse(req, err)
	}
	var b ui.Builder
	b.Header(tr.T("followup.list.header"))
	if len(lines) == 0 {
		b.Section(tr.T("followup.list.none"))
	} else {
		b.Section(strings.Join(lines, "\n"))
	}
	closed := 0
	for _, f := range all {
		if f.Open() {
			continue
		}
		if ok, err := visible(ctx, e, req, f); err != nil {
			return e.ErrorResponse(req, err)
		} else if ok {
			closed++
		}
	}
	if closed > 0 {
		b.Context(tr.T("followup.list.closed", i18n.Args{"Count": closed}))
	}
	b.Context(ui.Escape(tr.T("followup.rule")))
	return ui.Response{Text: tr.T("followup.list.header"), Blocks: b.Blocks}
}

// followUpLines renders the open follow-ups, by deadline: "🔴 *#3* Test
// aggregatet – Kari · frist 01.03.2027 forfalt · «Strømbrudd» (#2)".
func followUpLines(ctx context.Context, e *cmdkit.Env, req ui.Request, fs Store) ([]string, error) {
	tr, p, today := e.Tr(), e.Plan(), e.Today()
	open, err := fs.OpenFollowUps(ctx)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, f := range open {
		due, _ := plan.ParseDate(f.Due)
		mark, status := cmdkit.StatusMark[plan.StatusOK], ""
		switch left := plan.DaysBetween(today, due); {
		case left < 0:
			mark, status = cmdkit.StatusMark[plan.StatusOverdue], tr.T("followup.status.overdue")
		case left <= reminders.FollowUpStages[0]:
			mark = cmdkit.StatusMark[plan.StatusSoon]
		}
		if ok, err := visible(ctx, e, req, f); err != nil {
			return nil, err
		} else if !ok {
			continue
		}
		where := ""
		if f.IncidentID != 0 {
			inc, err := e.Store.Incident(ctx, f.IncidentID)
			if err != nil {
				return nil, err
			}
			where = " · " + incidentLabel(ctx, e, inc, req)
		}
		lines = append(lines, strings.TrimSpace(tr.T("followup.list.line", i18n.Args{"Mark": mark, "ID": f.ID, "Text": ui.SafeText(f.Text),
			"Owner": reminders.FollowUpOwner(p, f.Owner), "Due": due.Show(p.Lang), "Status": status, "Where": where})))
	}
	return lines, nil
}

// visible reports whether the user of req may see f at all: a private
// incident does not exist for a non-member, nor do its follow-ups, unless
// the viewer owns one.
func visible(ctx context.Context, e *cmdkit.Env, req ui.Request, f incident.FollowUp) (bool, error) {
	if f.IncidentID == 0 {
		return true, nil
	}
	inc, err := e.Store.Incident(ctx, f.IncidentID)
	if err != nil {
		return false, err
	}
	return e.CanSee(ctx, req, inc) || ownsFollowUp(e.Plan(), f, req.UserID), nil
}

// ownsFollowUp reports whether userID is the owner of f: by Slack ID or as
// the plan contact with that Slack ID.
func ownsFollowUp(p *plan.Plan, f incident.FollowUp, userID string) bool {
	if f.Owner == userID {
		return true
	}
	c := p.ContactBySlack(userID)
	return c != nil && c.ID == f.Owner
}

// Section is the årshjul's part about follow-ups: the open ones,
// or a line saying there are none. A storage failure is returned.
func Section(ctx context.Context, e *cmdkit.Env, req ui.Request) (string, error) {
	fs, err := openStore(ctx, e)
	if err != nil {
		return "", err
	}
	lines, err := followUpLines(ctx, e, req, fs)
	if err != nil {
		return "", err
	}
	tr := e.Tr()
	if len(lines) == 0 {
		return tr.T("followup.arshjul.none"), nil
	}
	return tr.T("followup.arshjul.header") + "\n" + strings.Join(lines, "\n"), nil
}

// FromPlanChange makes a «plan:» evaluation answer a follow-up of the
// plan's owner (planOwner), due in defaultDays, closed by the next plan
// revision, and returns the line telling so. A failure is logged and
// gives "": the answer itself is stored.
func FromPlanChange(ctx context.Context, e *cmdkit.Env, req ui.Request, inc incident.Incident, ev incident.Evaluation) string {
	fs, err := cmdkit.StoreAs[Store](e)
	if err != nil || !ev.ProposedPlanChange {
		return ""
	}
	p := e.Plan()
	due := e.Today().AddDays(defaultDays)
	f, err := fs.AddFollowUp(ctx, incident.FollowUp{IncidentID: inc.ID, Text: ev.Answer, Owner: planOwner(p), Due: due.String(),
		PlanChange: true, CreatedBy: ev.Author})
	if err != nil {
		e.ErrorResponse(req, err) // logs it with a reference
		return ""
	}
	return e.Tr().T("followup.from_plan_change", i18n.Args{"ID": f.ID, "Owner": reminders.FollowUpOwner(p, f.Owner), "Due": due.Show(p.Lang)})
}
