package commands

import (
	"context"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// registerPhones routes the button «Vis telefonnumre» under a
// varslingsliste posted without numbers (in an open incident channel).
func (h *Handler) registerPhones() {
	h.RegisterAction(ui.ActionShowPhones, cmdkit.Answered(h.showPhones))
}

// showPhones answers a press of «Vis telefonnumre» (value: the list's
// ID) with the whole list, numbers included, seen only by the one who
// pressed, when access.SeePhones allows them; else with the refusal.
func (h *Handler) showPhones(ctx context.Context, req ui.Request, listID string) ui.Response {
	p := h.Plan()
	l := p.List(strings.TrimSpace(listID))
	if l == nil {
		return ui.Text(i18n.For(p.Lang).T("lists.gone"))
	}
	if err := h.Allow(ctx, req, access.SeePhones, access.Subject{}); err != nil {
		return h.ErrorResponse(req, err)
	}
	return ui.Response{Text: i18n.For(p.Lang).T("lists.text", i18n.Args{"Name": ui.Escape(l.Name)}), Blocks: ui.ListBlocks(p, l)}
}
