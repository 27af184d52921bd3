package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/report"
)

// formatPDF is the export format printed from the HTML report by
// headless Chromium (internal/pdf).
const formatPDF report.Format = "pdf"

// exportFormats names every format export writes, for its messages.
func exportFormats() string {
	names := make([]string, 0, len(report.Formats)+1)
	for _, f := range append(append([]report.Format(nil), report.Formats...), formatPDF) {
		names = append(names, string(f))
	}
	return strings.Join(names[:len(names)-1], ", ") + " eller " + names[len(names)-1]
}

// exportFormatsIn lists the formats as exportFormats does, in lang.
func exportFormatsIn(lang i18n.Lang) string {
	names := make([]string, 0, len(report.Formats)+1)
	for _, f := range append(append([]report.Format(nil), report.Formats...), formatPDF) {
		names = append(names, string(f))
	}
	return i18n.For(lang).Join(names, false)
}

// exportCmd writes the report of one incident to stdout.
func exportCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("export")
	id := fs.Int64("incident", 0, "nummeret (`ID`) på hendelsen")
	latest := fs.Bool("latest", false, "den sist åpnede hendelsen (standard)")
	format := fs.String("format", "md", "rapportens `FORMAT`: "+exportFormats()+" (pdf krever Chromium)")
	withContacts := fs.Bool("with-contacts", false, "ta med telefonnumre og e-post (personopplysninger)")
	dir := fs.String("plan", "", planFlagUsage)
	reportNo := fs.Int("report", 0, "situasjonsrapport nummer `N` i stedet for hendelsesrapporten (format txt, html eller pdf)")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.t("cli.export.unknown_arg", i18n.Args{"Arg": strconv.Quote(fs.Arg(0))}))
		return 2
	}
	if *reportNo != 0 {
		return exportSitRep(c, *id, *reportNo, *format, *dir)
	}
	if *id != 0 && *latest {
		fmt.Fprintln(stderr, c.t("cli.export.both"))
		return 2
	}
	if *id < 0 {
		fmt.Fprintln(stderr, c.t("cli.export.bad_incident"))
		return 2
	}
	f := report.Format(strings.ToLower(strings.TrimPrefix(*format, ".")))
	if f == "markdown" {
		f = report.FormatMarkdown
	}
	if _, err := (&report.Report{}).Render(f); err != nil && f != formatPDF {
		fmt.Fprintln(stderr, c.t("cli.export.bad_format", i18n.Args{"Format": *format, "Formats": exportFormatsIn(c.lang())}))
		return 2
	}
	if f == formatPDF && !pdf.Available() {
		fmt.Fprintln(stderr, "export:", apperr.UserMessage(pdf.ErrUnavailable))
		return 1
	}

	db, code := openExisting(cfg, stderr, false)
	if code != 0 {
		return code
	}
	defer db.Close()
	p := planForReport(cfg, *dir, stderr)
	c.language = langOf(p, c.lang())

	if *id == 0 {
		inc, err := report.Latest(ctx, db)
		if err != nil {
			fmt.Fprintf(stderr, "export: %v\n", friendly(err, c.t("cli.export.no_incidents", i18n.Args{"DB": cfg.DBPath})))
			return 1
		}
		*id = inc.ID
	}
	r, err := report.Build(ctx, db, p, *id, report.Options{WithContacts: *withContacts, Loc: location(cfg)})
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", friendly(err, c.t("cli.export.no_such_incident", i18n.Args{"ID": *id, "DB": cfg.DBPath})))
		return 1
	}
	var out []byte
	if f == formatPDF {
		if out, err = pdf.FromHTML(ctx, r.HTML()); err != nil {
			fmt.Fprintln(stderr, c.t("cli.export.pdf_failed", i18n.Args{"Err": err}))
			return 1
		}
	} else {
		out, _ = r.Render(f) // the format was checked above
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintln(stderr, c.t("cli.export.write_failed", i18n.Args{"Err": err}))
		return 1
	}
	if !r.Chain.Verified {
		fmt.Fprintln(stderr, c.t("cli.log_not_intact", i18n.Args{"ID": r.ID, "Problem": r.Chain.Problem}))
	}
	return 0
}
