package cli

import (
	"fmt"
	"io"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/record"
)

// verifyCmd, in the language of the plan BEREDSKAP_PLAN names, recomputes the hash chain of every log (or one), checks each
// against the anchor file (BEREDSKAP_ANCHOR_FILE) so that entries cut off
// the end or a chain rewritten as a whole are caught, and lists the
// redacted entries with when, by whom and why. It exits 0 when every log
// is intact, 1 when one is not (naming the first entry that does not
// match) or the database cannot be read, 2 on wrong usage.
func verifyCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("verify")
	id := fs.Int64("incident", 0, "kontroller bare hendelsen med dette nummeret (`ID`)")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *id < 0 {
		fmt.Fprintln(stderr, c.t("record.verify.usage"))
		return 2
	}
	db, code := openExisting(cfg, stderr, false)
	if code != 0 {
		return code
	}
	defer db.Close()

	rep, err := record.VerifyAll(ctx, db, cfg.AnchorPath())
	if err != nil {
		fmt.Fprintf(stderr, "verify: %v\n", err)
		return 1
	}
	results := rep.Results
	if *id != 0 {
		results = nil
		for _, r := range rep.Results {
			if r.IncidentID == *id {
				results = append(results, r)
			}
		}
		if len(results) == 0 {
			fmt.Fprintln(stderr, c.t("record.verify.no_incident", i18n.Args{"ID": *id, "DB": cfg.DBPath}))
			return 1
		}
	}
	if len(results) == 0 {
		fmt.Fprintln(stdout, c.t("record.verify.empty", i18n.Args{"DB": cfg.DBPath}))
		return 0
	}
	if rep.AnchorFile == "" {
		fmt.Fprintln(stdout, c.t("record.verify.no_anchors", i18n.Args{"File": cfg.AnchorPath()}))
	}
	bad := 0
	for _, r := range results {
		title := r.Title
		if title == "" {
			title = c.t("record.verify.missing_title")
		}
		if r.OK {
			fmt.Fprintln(stdout, c.t("record.verify.ok", i18n.Args{"ID": r.IncidentID, "Title": title, "Lines": r.Entries, "Hash": r.FinalHash}))
		} else {
			bad++
			fmt.Fprintln(stdout, c.t("record.verify.bad", i18n.Args{"ID": r.IncidentID, "Title": title, "Problem": r.ProblemIn(c.lang())}))
		}
		writeRedactions(stdout, c.lang(), r.Redactions)
	}
	if bad > 0 {
		fmt.Fprintln(stderr, c.t("record.verify.some_bad", i18n.Args{"Bad": bad, "Total": len(results)}))
		return 1
	}
	fmt.Fprintln(stdout, c.t("record.verify.all_ok", i18n.Args{"Total": len(results)}))
	return 0
}

// writeRedactions lists a log's redacted entries in lang: which, when,
// by whom and why.
func writeRedactions(w io.Writer, lang i18n.Lang, reds []record.Redaction) {
	l := i18n.For(lang)
	for _, red := range reds {
		logged := ""
		if red.LoggedAs != 0 {
			logged = l.T("record.verify.logged_as", i18n.Args{"Seq": red.LoggedAs})
		}
		at := red.At.UTC()
		when := localtime.Date(lang, at) + " " + localtime.Clock(lang, at) + " UTC"
		fmt.Fprintln(w, l.T("record.verify.redacted", i18n.Args{"Seq": red.Seq, "When": when, "By": red.By, "Reason": red.Reason, "Logged": logged}))
	}
}
