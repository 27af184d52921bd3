package cli

import (
	"fmt"
	"io"

	"github.com/beredskapsbot/beredskapsbot/record"
)

// verifyCmd recomputes the hash chain of every log (or one), checks each
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
		fmt.Fprintln(stderr, "bruk: beredskapsbot verify [--incident ID]")
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
			fmt.Fprintf(stderr, "verify: hendelse %d finnes ikke i databasen %s\n", *id, cfg.DBPath)
			return 1
		}
	}
	if len(results) == 0 {
		fmt.Fprintf(stdout, "Ingen hendelser i databasen %s – ingenting å kontrollere.\n", cfg.DBPath)
		return 0
	}
	if rep.AnchorFile == "" {
		fmt.Fprintf(stdout, "Merk: ankerfila %s finnes ikke, så linjer fjernet på slutten av en logg eller en logg skrevet om i sin helhet kan ikke oppdages.\n", cfg.AnchorPath())
	}
	bad := 0
	for _, r := range results {
		title := r.Title
		if title == "" {
			title = "(mangler)"
		}
		if r.OK {
			fmt.Fprintf(stdout, "Hendelse %d «%s»: OK (%d linjer, siste hash %s)\n", r.IncidentID, title, r.Entries, r.FinalHash)
		} else {
			bad++
			fmt.Fprintf(stdout, "Hendelse %d «%s»: %s\n", r.IncidentID, title, r.Problem)
		}
		writeRedactions(stdout, r.Redactions)
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "%d av %d logger er ikke intakte: linjer er endret, fjernet eller flyttet etter at de ble loggført.\n", bad, len(results))
		return 1
	}
	fmt.Fprintf(stdout, "Alle %d logger er intakte.\n", len(results))
	return 0
}

// writeRedactions lists a log's redacted entries: which, when, by whom
// and why.
func writeRedactions(w io.Writer, reds []record.Redaction) {
	for _, red := range reds {
		logged := ""
		if red.LoggedAs != 0 {
			logged = fmt.Sprintf(" (loggført som #%d)", red.LoggedAs)
		}
		fmt.Fprintf(w, "  #%d sladdet %s av %s: %s%s\n", red.Seq, red.At.UTC().Format("02.01.2006 15:04 UTC"), red.By, red.Reason, logged)
	}
}
