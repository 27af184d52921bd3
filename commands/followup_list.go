package commands

import (
	"context"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// listFollowUps answers "/beredskap oppfølging" with the open follow-ups
// by deadline and how they are closed.
func (h *Handler) listFollowUps(ctx context.Context, req ui.Request, fs followUpStore) ui.Response {
	tr := h.tr()
	all, err := fs.FollowUps(ctx)
	if err != nil {
		return h.errorResponse(req, err)
	}
	lines, err := h.followUpLines(ctx, req, fs)
	if err != nil {
		return h.errorResponse(req, err)
	}
	var b ui.Builder
	b.Header(tr.T("followup.list.header"))
	if len(lines) == 0 {
		b.Section(tr.T("followup.list.none"))
	} else {
		b.Section(strings.Join(lines, "\n"))
	}
	if closed := len(all) - len(lines); closed > 0 {
		b.Context(tr.T("followup.list.closed", i18n.Args{"Count": closed}))
	}
	b.Context(ui.Escape(tr.T("followup.rule")))
	return ui.Response{Text: tr.T("followup.list.header"), Blocks: b.Blocks}
}

// followUpLines renders the open follow-ups, by deadline: "🔴 *#3* Test
// aggregatet – Kari · frist 01.03.2027 forfalt · «Strømbrudd» (#2)".
func (h *Handler) followUpLines(ctx context.Context, req ui.Request, fs followUpStore) ([]string, error) {
	tr, p, today := h.tr(), h.Plan(), h.today()
	open, err := fs.OpenFollowUps(ctx)
	if err != nil {
		return nil, err
	}
	var lines []string
	for _, f := range open {
		due, _ := plan.ParseDate(f.Due)
		mark, status := statusMark[plan.StatusOK], ""
		switch left := plan.DaysBetween(today, due); {
		case left < 0:
			mark, status = statusMark[plan.StatusOverdue], tr.T("followup.status.overdue")
		case left <= reminders.FollowUpStages[0]:
			mark = statusMark[plan.StatusSoon]
		}
		where := ""
		if f.IncidentID != 0 {
			inc, err := h.Store.Incident(ctx, f.IncidentID)
			if err != nil {
				return nil, err
			}
			// A private incident does not exist for a non-member: nor do
			// its follow-ups, unless the viewer owns one.
			if !h.canSee(ctx, req, inc) && !ownsFollowUp(p, f, req.UserID) {
				continue
			}
			where = " · " + h.incidentLabel(ctx, inc, req)
		}
		lines = append(lines, strings.TrimSpace(tr.T("followup.list.line", i18n.Args{"Mark": mark, "ID": f.ID, "Text": ui.SafeText(f.Text),
			"Owner": reminders.FollowUpOwner(p, f.Owner), "Due": due.Show(p.Lang), "Status": status, "Where": where})))
	}
	return lines, nil
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

// followUpSection is the årshjul's part about follow-ups: the open ones,
// or a line saying there are none. A storage failure is returned.
func (h *Handler) followUpSection(ctx context.Context, req ui.Request) (string, error) {
	fs, err := h.followUps(ctx)
	if err != nil {
		return "", err
	}
	lines, err := h.followUpLines(ctx, req, fs)
	if err != nil {
		return "", err
	}
	tr := h.tr()
	if len(lines) == 0 {
		return tr.T("followup.arshjul.none"), nil
	}
	return tr.T("followup.arshjul.header") + "\n" + strings.Join(lines, "\n"), nil
}

// planFollowUp makes a «plan:» evaluation answer a follow-up of the
// plan's owner (PlanOwner), due in FollowUpDays, closed by the next plan
// revision, and returns the line telling so. A failure is logged and
// gives "": the answer itself is stored.
func (h *Handler) planFollowUp(ctx context.Context, req ui.Request, inc incident.Incident, e incident.Evaluation) string {
	fs, ok := h.Store.(followUpStore)
	if !ok || !e.ProposedPlanChange {
		return ""
	}
	p := h.Plan()
	due := h.today().AddDays(FollowUpDays)
	f, err := fs.AddFollowUp(ctx, incident.FollowUp{IncidentID: inc.ID, Text: e.Answer, Owner: PlanOwner(p), Due: due.String(),
		PlanChange: true, CreatedBy: e.Author})
	if err != nil {
		h.errorResponse(req, err) // logs it with a reference
		return ""
	}
	return h.tr().T("followup.from_plan_change", i18n.Args{"ID": f.ID, "Owner": reminders.FollowUpOwner(p, f.Owner), "Due": due.Show(p.Lang)})
}
