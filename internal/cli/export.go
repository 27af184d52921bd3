package cli

import (
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/report"
)

// exportCmd writes the report of one incident to stdout.
func exportCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("export")
	id := fs.Int64("incident", 0, "nummeret (`ID`) på hendelsen")
	latest := fs.Bool("latest", false, "den sist åpnede hendelsen (standard)")
	format := fs.String("format", "md", "rapportens `FORMAT`: md, html, csv eller json")
	withContacts := fs.Bool("with-contacts", false, "ta med telefonnumre og e-post (personopplysninger)")
	dir := fs.String("plan", "", planFlagUsage)
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "export: ukjent argument %q\n", fs.Arg(0))
		return 2
	}
	if *id != 0 && *latest {
		fmt.Fprintln(stderr, "export: bruk enten --incident ID eller --latest, ikke begge")
		return 2
	}
	if *id < 0 {
		fmt.Fprintln(stderr, "export: --incident må være et hendelsesnummer (1, 2, …)")
		return 2
	}
	f := report.Format(strings.ToLower(strings.TrimPrefix(*format, ".")))
	if f == "markdown" {
		f = report.FormatMarkdown
	}
	if _, err := (&report.Report{}).Render(f); err != nil {
		fmt.Fprintln(stderr, "export:", err)
		return 2
	}

	db, code := openExisting(cfg, stderr, false)
	if code != 0 {
		return code
	}
	defer db.Close()
	p := planForReport(cfg, *dir, stderr)

	if *id == 0 {
		inc, err := report.Latest(ctx, db)
		if err != nil {
			fmt.Fprintf(stderr, "export: %v\n", friendly(err, "ingen hendelser i databasen "+cfg.DBPath))
			return 1
		}
		*id = inc.ID
	}
	r, err := report.Build(ctx, db, p, *id, report.Options{WithContacts: *withContacts, Loc: location(cfg)})
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", friendly(err, fmt.Sprintf("hendelse %d finnes ikke i databasen %s", *id, cfg.DBPath)))
		return 1
	}
	out, _ := r.Render(f) // the format was checked above
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "export: kunne ikke skrive rapporten: %v\n", err)
		return 1
	}
	if !r.Chain.Verified {
		fmt.Fprintf(stderr, "Advarsel: loggen til hendelse %d er ikke intakt: %s. Kjør `beredskapsbot verify`.\n", r.ID, r.Chain.Problem)
	}
	return 0
}
