package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/console"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
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
