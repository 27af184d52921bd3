package cli

import (
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/report"
	"github.com/beredskapsbot/beredskapsbot/sitrep"
)

// exportSitRep writes situation report number n of an incident (the
// latest incident when id is 0) to stdout: as sent, plain text ready to
// paste into DSB-CIM or WIS (txt), or a page to print (html). PDF waits
// for a PDF renderer in the binary; until then the answer says to print
// the HTML.
func exportSitRep(c *call, id int64, n int, format, dir string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	if n < 1 {
		fmt.Fprintln(stderr, "export: --report må være nummeret på en situasjonsrapport (1, 2, …)")
		return 2
	}
	if id < 0 {
		fmt.Fprintln(stderr, "export: --incident må være et hendelsesnummer (1, 2, …)")
		return 2
	}
	f := strings.ToLower(strings.TrimPrefix(format, "."))
	switch f {
	case "md", "txt", "text", "tekst":
		f = "txt"
	case "html":
	case "pdf":
		fmt.Fprintln(stderr, "export: PDF av situasjonsrapporter er ikke tilgjengelig ennå; bruk --format html og skriv ut siden (eller lagre den som PDF) fra nettleseren")
		return 2
	default:
		fmt.Fprintf(stderr, "export: ukjent format %q for en situasjonsrapport; bruk txt, html eller pdf\n", format)
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
			fmt.Fprintf(stderr, "export: %v\n", friendly(err, "ingen hendelser i databasen "+cfg.DBPath))
			return 1
		}
		id = inc.ID
	}
	r, err := db.Report(ctx, id, n)
	if err != nil {
		fmt.Fprintf(stderr, "export: %v\n", friendly(err, fmt.Sprintf("hendelse %d har ingen situasjonsrapport %d i databasen %s", id, n, cfg.DBPath)))
		return 1
	}
	out := []byte(r.Text)
	if f == "html" {
		out = sitrep.HTML(r.Text, planForReport(cfg, dir, stderr).Lang)
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "export: kunne ikke skrive rapporten: %v\n", err)
		return 1
	}
	if err := db.VerifyLog(ctx, id); err != nil {
		fmt.Fprintf(stderr, "Advarsel: loggen til hendelse %d er ikke intakt: %v. Kjør `beredskapsbot verify`.\n", id, err)
	}
	return 0
}
