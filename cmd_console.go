package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"time"

	"github.com/sirupsen/logrus"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/console"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

func init() {
	register(subcommand{run: consoleCmd, usage: "console [--user NAVN] [--plan MAPPE]\n                                   lokal konsoll: kommandoer fra standard inn"}, "console", "konsoll")
}

// consoleCmd runs the local console on standard input.
func consoleCmd(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("console", flag.ContinueOnError)
	fs.SetOutput(stderr)
	who := fs.String("user", osUser(), "brukeren kommandoene kjøres som")
	dir := fs.String("plan", "", "plan-mappen (standard: BEREDSKAP_PLAN, ellers eksempelplanen)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	log := cfg.NewLogger()
	p, db, code := openPlanAndStore(cfg, *dir, log, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	h := commands.New(p, db, location(cfg), log)
	c := &console.Console{Handler: h, Store: db, User: *who, Prompt: isTerminal(stdin)}
	if err := c.Run(ctx, stdin, stdout); err != nil {
		fmt.Fprintf(stderr, "konsollen stoppet: %v\n", err)
		return 1
	}
	return 0
}

// openPlanAndStore loads the plan (refusing one with errors) and opens the
// database. A non-zero code means it failed and said why on stderr.
func openPlanAndStore(cfg config.Config, dir string, log logrus.FieldLogger, stderr io.Writer) (*plan.Plan, *storage.DB, int) {
	p, diags, source := loadPlan(cfg, dir)
	if diags.HasErrors() {
		for _, d := range diags.Errors() {
			fmt.Fprintln(stderr, d.String())
		}
		fmt.Fprintf(stderr, "Planen i %s har feil; rett dem og prøv igjen (beredskapsbot plan check).\n", source)
		return nil, nil, 1
	}
	db, err := storage.Open(cfg.DBPath)
	if err != nil {
		fmt.Fprintf(stderr, "kunne ikke åpne databasen %s: %v\n", cfg.DBPath, err)
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

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "konsoll"
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
