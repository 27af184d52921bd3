package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
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
		fmt.Fprintln(stderr, c.t("cli.redact.usage"))
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
		fmt.Fprintln(stdout, c.t("cli.redact.done_short", i18n.Args{"Seq": *seq, "ID": *id, "LoggedAs": red.Seq}))
		fmt.Fprintln(stderr, c.t("cli.redact.checkpoint", i18n.Args{"Err": err, "DB": cfg.DBPath}))
		return 1
	case errors.Is(err, incident.ErrNotFound):
		fmt.Fprintln(stderr, c.t("cli.redact.no_entry", i18n.Args{"ID": *id, "Seq": *seq}))
		return 1
	case errors.Is(err, incident.ErrConflict):
		fmt.Fprintln(stderr, c.t("cli.redact.already", i18n.Args{"ID": *id, "Seq": *seq}))
		return 1
	case errors.Is(err, incident.ErrInvalid):
		fmt.Fprintln(stderr, c.t("cli.redact.invalid", i18n.Args{"ID": *id, "Seq": *seq}))
		return 1
	case err != nil:
		fmt.Fprintf(stderr, "redact: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, c.t("cli.redact.done", i18n.Args{"Seq": *seq, "ID": *id, "Who": who, "LoggedAs": red.Seq, "Reason": strings.TrimSpace(*reason)}))
	fmt.Fprintln(stdout, c.t("cli.redact.gone"))
	return 0
}
