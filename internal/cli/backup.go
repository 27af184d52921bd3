package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
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
		fmt.Fprintln(stderr, c.t("cli.backup.usage"))
		return 2
	}
	dest := fs.Arg(0)
	db, code := openExisting(cfg, stderr, false)
	if code != 0 {
		return code
	}
	defer db.Close()
	if err := record.Backup(ctx, db, dest); err != nil {
		if errors.Is(err, os.ErrExist) {
			fmt.Fprintln(stderr, c.t("cli.backup.exists", i18n.Args{"File": dest}))
		} else {
			fmt.Fprintf(stderr, "backup: %v\n", err)
		}
		return 1
	}
	fmt.Fprintln(stdout, c.t("cli.backup.done", i18n.Args{"File": dest}))
	fmt.Fprintln(stdout, c.t("cli.backup.check", i18n.Args{"File": dest}))
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
		fmt.Fprintln(stderr, c.t("cli.restore.usage"))
		return 2
	}
	src := fs.Arg(0)
	fmt.Fprintln(stdout, c.t("cli.restore.stop_bot", i18n.Args{"DB": cfg.DBPath}))
	var key []byte
	if cfg.LogKey != "" {
		key = []byte(cfg.LogKey)
	}
	res, err := record.Restore(ctx, src, cfg.DBPath, cfg.AnchorPath(), key)
	if err != nil {
		if errors.Is(err, record.ErrNotVerified) {
			fmt.Fprintf(stderr, "restore: %v\n%s\n", err, c.t("cli.restore.not_intact", i18n.Args{"DB": cfg.DBPath}))
		} else {
			fmt.Fprintf(stderr, "restore: %v\n", err)
		}
		return 1
	}
	fmt.Fprintln(stdout, c.t("cli.restore.done", i18n.Args{"File": src, "Intact": len(res.Report.Results) - len(res.Behind), "DB": cfg.DBPath}))
	if res.Aside != "" {
		fmt.Fprintln(stdout, c.t("cli.restore.aside", i18n.Args{"File": res.Aside}))
	}
	for _, b := range res.BehindIn(c.lang()) {
		fmt.Fprintln(stdout, c.t("cli.restore.lost", i18n.Args{"What": b}))
	}
	return 0
}
