package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/beredskapsbot/beredskapsbot/binder"
	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// planPrintCmd writes the binder (the printable plan) to stdout as HTML
// or PDF, and, when the database exists, records the printed plan's hash
// and time, so the årshjul asks for a reprint when the plan changes.
func planPrintCmd(c *call, args []string) int {
	cfg, stdout, stderr := c.cfg, c.stdout, c.stderr
	fs := c.flags("plan print")
	dir := fs.String("plan", "", planFlagUsage)
	format := fs.String("format", "", "permens `FORMAT`: html eller pdf (PDF krever Chromium)")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.t("cli.print.unknown_arg", i18n.Args{"Arg": strconv.Quote(fs.Arg(0))}))
		return 2
	}
	if *format == "" {
		fmt.Fprintln(stderr, c.t("cli.print.choose"))
		return 2
	}
	f, err := binder.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.print.bad_format", i18n.Args{"Format": *format}))
		return 2
	}
	p, diags, source := loadPlan(cfg, *dir)
	c.language = langOf(p, c.lang())
	if p == nil || diags.HasErrors() {
		for _, d := range diags.Errors() {
			fmt.Fprintln(stderr, d.String())
		}
		fmt.Fprintln(stderr, c.t("cli.print.plan_errors", i18n.Args{"Source": source}))
		return 1
	}
	if loc := location(cfg); loc != nil {
		p.Location = loc
	}
	ctx := c.ctx
	if ctx == nil {
		ctx = context.Background()
	}
	var doc bytes.Buffer
	if err := binder.Write(ctx, &doc, p, f, time.Now()); err != nil {
		if errors.Is(err, pdf.ErrUnavailable) {
			fmt.Fprintf(stderr, "plan print: %s\n%s\n", apperr.UserMessage(err), c.t("cli.print.html_instead"))
			return 1
		}
		fmt.Fprintln(stderr, "plan print:", err)
		return 1
	}
	if _, err := stdout.Write(doc.Bytes()); err != nil {
		fmt.Fprintln(stderr, "plan print:", err)
		return 1
	}
	recordPrint(ctx, cfg.DBPath, p, stderr)
	return 0
}

// recordPrint stores the printed plan's hash and time in the database,
// when it exists; printing works without one, so a failure is a warning.
func recordPrint(ctx context.Context, dbPath string, p *plan.Plan, stderr io.Writer) {
	if dbPath == "" {
		return
	}
	if _, err := os.Stat(dbPath); err != nil {
		return
	}
	db, err := storage.Open(dbPath)
	if err == nil {
		err = db.RecordBinderPrint(ctx, plan.ContentHash(p), "")
		db.Close()
	}
	if err != nil {
		fmt.Fprintln(stderr, i18n.For(p.Lang).T("cli.print.not_recorded", i18n.Args{"DB": dbPath, "Err": err}))
	}
}
