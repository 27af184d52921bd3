package commands

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/access"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Redactor is the store method /beredskap sladd needs (part of Store;
// storage.DB has it).
type Redactor interface {
	Redact(ctx context.Context, incidentID int64, seq int, by, reason string, loc *time.Location) (incident.Entry, error)
}

// redact replaces the text of a log entry of the channel's incident by a
// marker saying when, by whom and why (plan administrators only). The
// redaction is logged as an entry of its own; the chain still verifies.
func (h *Handler) redact(ctx context.Context, req ui.Request, args string) ui.Response {
	p := h.Plan()
	l := i18n.For(p.Lang)
	nr, reason := cmdkit.FirstWord(args)
	seq, err := strconv.Atoi(strings.TrimPrefix(nr, "#"))
	if err != nil || seq < 1 || strings.TrimSpace(reason) == "" {
		return ui.Text(l.T("redact.usage"))
	}
	if err := ui.CheckTextIn(p.Lang, reason, l.T("redact.reason_what")); err != nil {
		return h.Refuse(req, l.T("redact.refused"), err)
	}
	inc, resp := h.IncidentFor(ctx, req)
	if resp != nil {
		return *resp
	}
	// access.Check through AllowOn: the refusal is worded by
	// access.Sentence and recorded.
	if err := h.AllowOn(ctx, req, access.Redact, inc, "", ""); err != nil {
		return h.ErrorResponse(req, err)
	}
	by := req.UserID
	if c := p.ContactOf(req.UserID, ""); c != nil && c.Name != "" {
		by = c.Name
	}
	red, err := h.store.Redact(ctx, inc.ID, seq, by, reason, h.Loc)
	switch {
	case errors.Is(err, incident.ErrNotFound):
		return ui.Text(l.T("redact.no_line", i18n.Args{"Seq": seq}))
	case errors.Is(err, incident.ErrConflict):
		return ui.Text(l.T("redact.already", i18n.Args{"Seq": seq}))
	case errors.Is(err, incident.ErrInvalid):
		return ui.Text(l.T("redact.too_old", i18n.Args{"Seq": seq}))
	case err != nil && red.Seq == 0:
		return h.ErrorResponse(req, err)
	case err != nil:
		// Committed, but the WAL could not be truncated yet.
		h.Log.WithError(err).WithField("incident", inc.ID).Warn("redacted, WAL not truncated")
	}
	entries, err := h.store.Entries(ctx, inc.ID)
	marker := ""
	if err == nil && seq <= len(entries) {
		marker = entries[seq-1].Text
	}
	return ui.Text(l.T("redact.done", i18n.Args{"Seq": seq, "Marker": ui.Escape(marker), "By": red.Seq}))
}
