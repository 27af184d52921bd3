package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/report"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

func init() {
	register(subcommand{run: exportCmd, usage: "export [--incident ID | --latest] [--format md|html|csv|json] [--with-contacts] [--plan MAPPE]\n" +
		"                                   skriv rapporten for en hendelse til standard ut (standard: siste, md)"}, "export", "eksporter")
}

// exportCmd writes the report of one incident to stdout.
func exportCmd(ctx context.Context, cfg config.Config, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	id := fs.Int64("incident", 0, "hendelsens nummer")
	latest := fs.Bool("latest", false, "den sist åpnede hendelsen (standard)")
	format := fs.String("format", "md", "md, html, csv eller json")
	withContacts := fs.Bool("with-contacts", false, "ta med telefonnumre og e-post (personopplysninger)")
	dir := fs.String("plan", "", "plan-mappen (standard: BEREDSKAP_PLAN, ellers eksempelplanen)")
	if err := fs.Parse(args); err != nil {
		return 2
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

	db, code := openExistingDB(cfg, stderr)
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

// openExistingDB opens the database the settings name. Unlike the bot,
// it refuses to create a new empty file: exporting or verifying a database
// that is not there is a mistake in the path. A non-zero code means it
// failed and said why on stderr.
func openExistingDB(cfg config.Config, stderr io.Writer) (*storage.DB, int) {
	if _, err := os.Stat(cfg.DBPath); err != nil {
		fmt.Fprintf(stderr, "finner ikke databasen %s (sett BEREDSKAP_DB): %v\n", cfg.DBPath, err)
		return nil, 1
	}
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		fmt.Fprintf(stderr, "kunne ikke åpne databasen %s: %v\n", cfg.DBPath, err)
		return nil, 1
	}
	return db, 0
}

// planForReport loads the plan to name people and roles by. A plan with
// errors does not stop an export: the report then shows user IDs.
func planForReport(cfg config.Config, dir string, stderr io.Writer) *plan.Plan {
	p, diags, source := loadPlan(cfg, dir)
	if diags.HasErrors() || p == nil {
		fmt.Fprintf(stderr, "Advarsel: planen i %s har feil (beredskapsbot plan check); rapporten viser bruker-ID-er i stedet for navn.\n", source)
		return &plan.Plan{}
	}
	return p
}

// friendly replaces a not-found error with a sentence; other errors are
// shown as they are.
func friendly(err error, notFound string) string {
	if errors.Is(err, incident.ErrNotFound) {
		return notFound
	}
	return err.Error()
}
