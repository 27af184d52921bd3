package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// redactCmd redacts the text of one log entry (operator tool): the text
// is replaced by a marker saying when, by whom and why, the redaction is
// logged as an entry of its own, and the WAL is truncated so the old text
// is gone from the files. Exits 0 when redacted, 1 when refused or
// failed, 2 on wrong usage.
func redactCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("redact")
	id := fs.Int64("incident", 0, "hendelsens nummer (`ID`)")
	seq := fs.Int("entry", 0, "nummeret (`N`) på logglinjen som skal sladdes")
	reason := fs.String("reason", "", "hvorfor linjen sladdes (`TEKST`, vises i markøren og i rapportene)")
	by := fs.String("by", "", "hvem som sladder (`NAVN`; standard: brukeren du er logget inn som)")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 || *id <= 0 || *seq <= 0 || strings.TrimSpace(*reason) == "" {
		fmt.Fprintln(stderr, "bruk: beredskapsbot redact --incident ID --entry N --reason TEKST [--by NAVN]")
		return 2
	}
	who := strings.TrimSpace(*by) // else the OS user
	if who == "" {
		who = osUser()
	}
	db, code := openExistingDB(cfg, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	red, err := db.Redact(ctx, *id, *seq, who, *reason, displayLocation(cfg, nil))
	switch {
	case errors.Is(err, storage.ErrCheckpoint):
		fmt.Fprintf(stdout, "Logglinje #%d i hendelse %d er sladdet (loggført som #%d).\n", *seq, *id, red.Seq)
		fmt.Fprintf(stderr, "Advarsel: %v. Den gamle teksten kan ligge i %s-wal til neste sjekkpunkt; stopp boten og kjør redact på en annen linje eller verify igjen.\n", err, cfg.DBPath)
		return 1
	case errors.Is(err, incident.ErrNotFound):
		fmt.Fprintf(stderr, "redact: hendelse %d har ingen logglinje #%d\n", *id, *seq)
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "redact: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Logglinje #%d i hendelse %d er sladdet av %s (loggført som #%d). Grunn: %s\n", *seq, *id, who, red.Seq, strings.TrimSpace(*reason))
	fmt.Fprintln(stdout, "Teksten er borte fra databasefila og WAL-fila. Sikkerhetskopier tatt før nå har den fortsatt.")
	return 0
}
