package cli

import (
	"errors"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/evidence"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// evidenceCmd writes the evidence pack for the supervisor to stdout: the
// plan, the ROS analysis, the årshjul, incidents with verified logs,
// evaluations, follow-ups and reminders, in the plan's language.
func evidenceCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("evidence")
	from := fs.String("from", "", "ta med fra og med `DATO` (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)")
	to := fs.String("to", "", "ta med til og med `DATO`")
	withPrivate := fs.Bool("with-private", false, "vis titlene på skjermede hendelser")
	format := fs.String("format", "md", "`FORMAT`: md, html, pdf eller csv")
	dir := fs.String("plan", "", planFlagUsage)
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "evidence: ukjent argument %q\n", fs.Arg(0))
		return 2
	}
	f, err := evidence.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, "evidence:", err)
		return 2
	}
	var opt evidence.Options
	for _, d := range []struct {
		flag, value string
		into        *plan.Date
	}{{"--from", *from, &opt.From}, {"--to", *to, &opt.To}} {
		if d.value == "" {
			continue
		}
		if *d.into, err = plan.ParseDate(d.value); err != nil {
			fmt.Fprintf(stderr, "evidence: %s %q er ikke en dato (skriv ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ)\n", d.flag, d.value)
			return 2
		}
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && opt.To.Before(opt.From) {
		fmt.Fprintln(stderr, "evidence: --to er før --from")
		return 2
	}
	db, code := openExistingDB(cfg, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	p := planForReport(cfg, *dir, stderr)
	opt.WithPrivate, opt.AnchorPath, opt.Loc = *withPrivate, cfg.AnchorPath(), displayLocation(cfg, p)
	pk, err := evidence.Build(ctx, db, p, opt)
	if err != nil {
		fmt.Fprintf(stderr, "evidence: %v\n", err)
		return 1
	}
	out, err := pk.Render(ctx, f)
	if errors.Is(err, evidence.ErrNoChromium) {
		fmt.Fprintln(stderr, "evidence:", err)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "evidence: kunne ikke lage PDF: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "evidence: kunne ikke skrive dokumentet: %v\n", err)
		return 1
	}
	for _, it := range pk.Incidents {
		if !it.Verified {
			fmt.Fprintf(stderr, "Advarsel: loggen til hendelse %d er ikke intakt: %s. Kjør `beredskapsbot verify`.\n", it.ID, it.Problem)
		}
	}
	return 0
}
