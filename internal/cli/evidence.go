package cli

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/beredskapsbot/beredskapsbot/evidence"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
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
		fmt.Fprintln(stderr, c.t("cli.evidence.unknown_arg", i18n.Args{"Arg": strconv.Quote(fs.Arg(0))}))
		return 2
	}
	f, err := evidence.ParseFormat(*format)
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.evidence.bad_format", i18n.Args{"Format": strconv.Quote(*format)}))
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
			fmt.Fprintln(stderr, c.t("cli.evidence.bad_date", i18n.Args{"Flag": d.flag, "Value": strconv.Quote(d.value)}))
			return 2
		}
	}
	if !opt.From.IsZero() && !opt.To.IsZero() && opt.To.Before(opt.From) {
		fmt.Fprintln(stderr, c.t("cli.evidence.to_before_from"))
		return 2
	}
	db, code := openExistingDB(cfg, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	p := planForReport(cfg, *dir, stderr)
	c.language = langOf(p, c.lang())
	opt.WithPrivate, opt.AnchorPath, opt.Loc = *withPrivate, cfg.AnchorPath(), displayLocation(cfg, p)
	pk, err := evidence.Build(ctx, db, p, opt)
	if err != nil {
		fmt.Fprintf(stderr, "evidence: %v\n", err)
		return 1
	}
	out, err := pk.Render(ctx, f)
	if errors.Is(err, pdf.ErrUnavailable) {
		fmt.Fprintln(stderr, c.t("cli.evidence.no_chromium"))
		return 1
	}
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.evidence.pdf_failed", i18n.Args{"Err": err}))
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintln(stderr, c.t("cli.evidence.write_failed", i18n.Args{"Err": err}))
		return 1
	}
	for _, it := range pk.Incidents {
		if !it.Verified {
			fmt.Fprintln(stderr, c.t("cli.log_not_intact", i18n.Args{"ID": it.ID, "Problem": it.Problem}))
		}
	}
	return 0
}
