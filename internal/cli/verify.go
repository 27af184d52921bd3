package cli

import (
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/report"
)

// verifyCmd recomputes the hash chain of every log (or one) and checks
// that no entries were cut off. It exits 0 when every log is intact, 1
// when one is not (naming the first entry that does not match) or the
// database cannot be read, 2 on wrong usage.
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
	db, code := openExistingDB(cfg, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()

	var incs []incident.Incident
	if *id != 0 {
		inc, err := db.Incident(ctx, *id)
		if err != nil {
			fmt.Fprintf(stderr, "verify: %s\n", friendly(err, fmt.Sprintf("hendelse %d finnes ikke i databasen %s", *id, cfg.DBPath)))
			return 1
		}
		incs = []incident.Incident{inc}
	} else {
		var err error
		if incs, err = db.Incidents(ctx); err != nil {
			fmt.Fprintf(stderr, "verify: %v\n", err)
			return 1
		}
	}
	if len(incs) == 0 {
		fmt.Fprintf(stdout, "Ingen hendelser i databasen %s – ingenting å kontrollere.\n", cfg.DBPath)
		return 0
	}
	bad := 0
	for _, inc := range incs {
		c, err := report.Check(ctx, db, inc.ID)
		if err != nil {
			fmt.Fprintf(stderr, "verify: %v\n", err)
			return 1
		}
		if c.Verified {
			fmt.Fprintf(stdout, "Hendelse %d «%s»: OK (%d linjer, siste hash %s)\n", inc.ID, inc.Title, c.Entries, c.FinalHash)
			continue
		}
		bad++
		fmt.Fprintf(stdout, "Hendelse %d «%s»: %s\n", inc.ID, inc.Title, c.Problem)
	}
	if bad > 0 {
		fmt.Fprintf(stderr, "%d av %d logger er ikke intakte: linjer er endret, fjernet eller flyttet etter at de ble loggført.\n", bad, len(incs))
		return 1
	}
	fmt.Fprintf(stdout, "Alle %d logger er intakte.\n", len(incs))
	return 0
}
