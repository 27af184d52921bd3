package delivery

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/binder"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// BinderPrintStore records a printed binder, so the årshjul can ask for
// a reprint when the plan changes. storage.DB implements it.
type BinderPrintStore interface {
	RecordBinderPrint(ctx context.Context, planHash, by string) error
}

// deliverBinder sends the binder as a PDF to a plan member in a direct
// message (/beredskap perm): conversations.open, the PDF made with
// Chromium, uploaded and shared in the DM, each a step so a retry does not
// send it twice. When the PDF cannot be made, the DM says so and offers
// `plan print --format html` instead.
func (d *Deliverer) deliverBinder(ctx context.Context, r *run) error {
	var pl incident.BinderPayload
	if err := r.payload(&pl); err != nil {
		return err
	}
	if pl.UserID == "" {
		return permanent(fmt.Errorf("binder %d: no recipient", r.item.ID))
	}
	var p *plan.Plan
	if d.cfg.Plan != nil {
		p = d.cfg.Plan()
	}
	if p == nil {
		return permanent(errors.New("no preparedness plan is loaded"))
	}
	dm, err := r.step(ctx, "dm", func(bool) (string, error) { return d.api.openDM(ctx, pl.UserID) })
	if err != nil {
		return err
	}
	now := d.cfg.Now()
	l := i18n.For(p.Lang)
	name := binder.FileName(p, binder.FormatPDF, now)
	fileID, err := r.step(ctx, "upload", func(bool) (string, error) {
		var pdf bytes.Buffer
		if err := binder.Write(ctx, &pdf, p, binder.FormatPDF, now); err != nil {
			return "", errNoPDF{err}
		}
		return d.api.uploadFile(ctx, name, pdf.Bytes())
	})
	var np errNoPDF
	if errors.As(err, &np) {
		d.log.WithError(np.err).WithField("outbox_id", r.item.ID).Warn("binder PDF could not be made")
		_, err = r.postResponse(ctx, "failed", dm, ui.Text(l.T("cmd.cont.binder.failed", i18n.Args{"Reason": np.err.Error()})))
		return err
	}
	if err != nil {
		return err
	}
	title := l.T("cmd.cont.binder.dm", i18n.Args{"Date": plan.DateOf(now, d.loc(p)).Show(p.Lang)})
	if _, err := r.step(ctx, "share", func(resuming bool) (string, error) {
		if resuming {
			if ts, ok, err := d.findShared(ctx, dm, fileID); err != nil || ok {
				return ts, err
			}
		}
		return "", d.api.completeUpload(ctx, dm, fileID, title)
	}); err != nil {
		return err
	}
	if ps, ok := d.cfg.Store.(BinderPrintStore); ok {
		if err := ps.RecordBinderPrint(ctx, plan.ContentHash(p), pl.UserID); err != nil {
			d.log.WithError(err).Warn("binder print not recorded")
		}
	}
	return nil
}

// errNoPDF is a binder that could not be made as PDF (no Chromium, or
// Chromium failed): answered in the DM, not retried.
type errNoPDF struct{ err error }

func (e errNoPDF) Error() string { return e.err.Error() }
