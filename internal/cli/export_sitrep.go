package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/apperr"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/pdf"
	"github.com/beredskapsbot/beredskapsbot/report"
	"github.com/beredskapsbot/beredskapsbot/sitrep"
)

// exportSitRep writes situation report number n of an incident (the
// latest incident when id is 0) to stdout: as sent, plain text ready to
// paste into DSB-CIM or WIS (txt), a page to print (html), or that page
// as PDF through headless Chromium (pdf).
func exportSitRep(c *call, id int64, n int, format, dir string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	if n < 1 {
		fmt.Fprintln(stderr, c.t("cli.export.bad_report"))
		return 2
	}
	if id < 0 {
		fmt.Fprintln(stderr, c.t("cli.export.bad_incident"))
		return 2
	}
	f := strings.ToLower(strings.TrimPrefix(format, "."))
	switch f {
	case "md", "txt", "text", "tekst":
		f = "txt"
	case "html", "pdf":
	default:
		fmt.Fprintln(stderr, c.t("cli.export.sitrep_format", i18n.Args{"Format": strconv.Quote(format)}))
		return 2
	}
	db, code := openExistingDB(cfg, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	if id == 0 {
		inc, err := report.Latest(ctx, db)
		if err != nil {
			fmt.Fprintf(stderr, "export: %v\n", friendly(err, c.t("cli.export.no_incidents", i18n.Args{"DB": cfg.DBPath})))
			return 1
		}
		id = inc.ID
	}
	r, err := db.Report(ctx, id, n)
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", friendly(err, c.t("cli.export.no_sitrep", i18n.Args{"ID": id, "N": n, "DB": cfg.DBPath})))
		return 1
	}
	out := []byte(r.Text)
	if f == "html" || f == "pdf" {
		out = sitrep.HTML(r.Text, planForReport(cfg, dir, stderr).Lang)
	}
	if f == "pdf" {
		if out, err = pdf.FromHTML(ctx, out); err != nil {
			fmt.Fprintf(stderr, "export: %s\n", apperr.UserMessage(err))
			return 1
		}
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintln(stderr, c.t("cli.export.write_failed", i18n.Args{"Err": err}))
		return 1
	}
	if err := db.VerifyLog(ctx, id); err != nil {
		fmt.Fprintln(stderr, c.t("cli.log_not_intact", i18n.Args{"ID": id, "Problem": err}))
	}
	return 0
}
