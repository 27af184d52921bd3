package cli

import (
	"errors"
	"fmt"

	"github.com/beredskapsbot/beredskapsbot/record"
)

// backupCmd writes a consistent copy of the database to FILE while the
// bot keeps running. Exits 0 when written, 1 when it failed (an existing
// FILE is not overwritten), 2 on wrong usage.
func backupCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("backup")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "bruk: beredskapsbot backup FIL")
		return 2
	}
	dest := fs.Arg(0)
	db, code := openExisting(cfg, stderr, false)
	if code != 0 {
		return code
	}
	defer db.Close()
	if err := record.Backup(ctx, db, dest); err != nil {
		fmt.Fprintf(stderr, "backup: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Sikkerhetskopi skrevet til %s (modus 0600). Den inneholder personopplysninger: oppbevar den like trygt som databasen.\n", dest)
	fmt.Fprintln(stdout, "Kontroller den med: BEREDSKAP_DB="+dest+" beredskapsbot verify")
	return 0
}

// restoreCmd replaces the database by a backup, after verifying the
// backup (refused if it fails). The bot must be stopped first. Exits 0
// when restored, 1 when refused or failed, 2 on wrong usage.
func restoreCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("restore")
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "bruk: beredskapsbot restore FIL")
		return 2
	}
	src := fs.Arg(0)
	fmt.Fprintf(stdout, "Stopp boten (serve) før du gjenoppretter: den holder %s åpen og vil ellers skrive videre i den gamle fila.\n", cfg.DBPath)
	var key []byte
	if cfg.LogKey != "" {
		key = []byte(cfg.LogKey)
	}
	res, err := record.Restore(ctx, src, cfg.DBPath, cfg.AnchorPath(), key)
	if err != nil {
		if errors.Is(err, record.ErrNotVerified) {
			fmt.Fprintf(stderr, "restore: %v\nSikkerhetskopien er ikke intakt og ble ikke brukt; %s er uendret.\n", err, cfg.DBPath)
		} else {
			fmt.Fprintf(stderr, "restore: %v\n", err)
		}
		return 1
	}
	fmt.Fprintf(stdout, "Sikkerhetskopien %s er kontrollert (%d logger intakte) og gjenopprettet til %s.\n", src, len(res.Report.Results)-len(res.Behind), cfg.DBPath)
	if res.Aside != "" {
		fmt.Fprintf(stdout, "Den gamle databasen er lagt til side som %s.\n", res.Aside)
	}
	for _, b := range res.Behind {
		fmt.Fprintf(stdout, "Tapt etter sikkerhetskopien: %s\n", b)
	}
	return 0
}
