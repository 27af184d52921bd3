package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// planFlagUsage is the help of every subcommand's --plan.
const planFlagUsage = "`MAPPE` med planen (standard: BEREDSKAP_PLAN, ellers eksempelplanen)"

// loadPlan loads the plan the settings name (or dir when set), or the
// embedded example. It returns the plan, its diagnostics and words for
// where it came from.
func loadPlan(cfg config.Config, dir string) (*plan.Plan, planfile.Diagnostics, string) {
	if dir == "" {
		dir = cfg.PlanDir
	}
	if dir == "" {
		p, diags := planfile.LoadExample("kommune")
		return p, diags, "innebygd eksempelplan (Eksempel kommune)"
	}
	p, diags := planfile.LoadDir(dir)
	return p, diags, dir
}

// openPlanAndStore loads the plan (refusing one with errors) and opens the
// database. A non-zero code means it failed and said why on stderr.
func openPlanAndStore(cfg config.Config, dir string, log logrus.FieldLogger, stderr io.Writer) (*plan.Plan, *storage.DB, int) {
	p, diags, source := loadPlan(cfg, dir)
	if diags.HasErrors() {
		for _, d := range diags.Errors() {
			fmt.Fprintln(stderr, d.String())
		}
		fmt.Fprintln(stderr, i18n.For(langOf(p, helpLang(cfg.PlanDir))).T("cli.plan_errors_retry", i18n.Args{"Source": source}))
		return nil, nil, 1
	}
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		fmt.Fprintln(stderr, i18n.For(p.Lang).T("cli.db.open_failed", i18n.Args{"DB": cfg.DBPath, "Err": err}))
		return nil, nil, 1
	}
	if err := secureStore(db, cfg, func(err error) { log.WithError(err).Error("anchor file not written") }); err != nil {
		db.Close()
		fmt.Fprintln(stderr, err)
		return nil, nil, 1
	}
	log.WithFields(logrus.Fields{"plan": source, "db": cfg.DBPath}).Debug("plan and database ready")
	return p, db, 0
}

// location returns the time zone override from the settings, or nil to
// use the plan's.
func location(cfg config.Config) *time.Location {
	if cfg.TimeZone == "" {
		return nil
	}
	loc, err := time.LoadLocation(cfg.TimeZone)
	if err != nil {
		return nil // Validate has already refused it
	}
	return loc
}

// displayLocation is the zone times are shown and scheduled in:
// BEREDSKAP_TZ, else the plan's zone, else Europe/Oslo.
func displayLocation(cfg config.Config, p *plan.Plan) *time.Location {
	return plan.Zone(location(cfg), p)
}

// openExistingDB opens the database the settings name, with the log key
// and the anchor file (see secureStore). Unlike the bot, it refuses to
// create a new empty file: exporting or verifying a database that is not
// there is a mistake in the path. A non-zero code means it failed and
// said why on stderr.
func openExistingDB(cfg config.Config, stderr io.Writer) (*storage.DB, int) {
	return openExisting(cfg, stderr, true)
}

// openExisting is openExistingDB; without anchor it sets only the log
// key, for the commands that only read (verify must not create a missing
// anchor file, whose absence it reports).
func openExisting(cfg config.Config, stderr io.Writer, anchor bool) (*storage.DB, int) {
	if _, err := os.Stat(cfg.DBPath); err != nil {
		fmt.Fprintln(stderr, i18n.For(helpLang(cfg.PlanDir)).T("cli.db.missing", i18n.Args{"DB": cfg.DBPath, "Err": err}))
		return nil, 1
	}
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		fmt.Fprintln(stderr, i18n.For(helpLang(cfg.PlanDir)).T("cli.db.open_failed", i18n.Args{"DB": cfg.DBPath, "Err": err}))
		return nil, 1
	}
	if !anchor {
		if cfg.LogKey != "" {
			db.SetLogKey([]byte(cfg.LogKey))
		}
		return db, 0
	}
	if err := secureStore(db, cfg, func(err error) {
		fmt.Fprintln(stderr, i18n.For(helpLang(cfg.PlanDir)).T("cli.anchor_not_written", i18n.Args{"Err": err}))
	}); err != nil {
		db.Close()
		fmt.Fprintln(stderr, err)
		return nil, 1
	}
	return db, 0
}

// secureStore sets the log key (BEREDSKAP_LOG_KEY) and the anchor file
// (BEREDSKAP_ANCHOR_FILE, default <BEREDSKAP_DB>.anchors) on a database
// every subcommand opens, so whatever it appends is chained with the key
// and its heads are anchored outside the database. A failed anchor write
// goes to onErr. Returns an error (bokmål) if the anchor file cannot be
// opened.
func secureStore(db *storage.DB, cfg config.Config, onErr func(error)) error {
	if cfg.LogKey != "" {
		db.SetLogKey([]byte(cfg.LogKey))
	}
	if err := db.AnchorTo(cfg.AnchorPath(), onErr); err != nil {
		return fmt.Errorf("ankerfila kan ikke åpnes (BEREDSKAP_ANCHOR_FILE): %w", err)
	}
	return nil
}

// planForReport loads the plan to name people and roles by. A plan with
// errors does not stop an export: the report then shows user IDs.
func planForReport(cfg config.Config, dir string, stderr io.Writer) *plan.Plan {
	p, diags, source := loadPlan(cfg, dir)
	if diags.HasErrors() || p == nil {
		lang := langOf(p, helpLang(cfg.PlanDir))
		fmt.Fprintln(stderr, i18n.For(lang).T("cli.plan_errors_ids", i18n.Args{"Source": source}))
		// The plan's language still holds for the report's words.
		return &plan.Plan{Lang: lang}
	}
	return p
}

// langOf is the language of p, or fallback when there is no plan or it
// names none that is valid.
func langOf(p *plan.Plan, fallback i18n.Lang) i18n.Lang {
	if p != nil && p.Lang.Valid() {
		return p.Lang
	}
	return fallback
}

// friendly replaces a not-found error with a sentence; other errors are
// shown as they are.
func friendly(err error, notFound string) string {
	if errors.Is(err, incident.ErrNotFound) {
		return notFound
	}
	return err.Error()
}
