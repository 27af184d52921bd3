// Command beredskapsbot is a Slack bot that helps municipalities and small
// companies carry out their preparedness plan (beredskapsplan) when
// something goes wrong, and keep it exercised and revised when nothing does.
//
// Without Slack credentials it runs the local console on the plan (the
// embedded example plan when BEREDSKAP_PLAN is not set).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/joho/godotenv"

	"github.com/beredskapsbot/beredskapsbot/internal/config"

	_ "time/tzdata" // Europe/Oslo everywhere, also where the OS has no zoneinfo
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usage is the top-level help text.
const usage = `Bruk: beredskapsbot [kommando]

Kommandoer:
  (ingen)                     serve med Slack-innstillinger, ellers lokal konsoll
  console [--user NAVN]       les kommandoer fra standard inn (lokal konsoll)
  serve                       kjør Slack-boten (Socket Mode eller HTTP)
  plan check [--plan MAPPE]   valider planen og vis et sammendrag
  plan init MAPPE [--eksempel kommune|flowstop]
                              skriv eksempelplanen ut som utgangspunkt
  help                        denne teksten

Innstillinger leses fra miljøet og .env (se .env.example).
`

// run is main without os.Exit, for tests. It returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// A missing .env is normal; a broken one is reported.
	if err := godotenv.Load(); err != nil && !os.IsNotExist(err) {
		fmt.Fprintf(stderr, "kunne ikke lese .env: %v\n", err)
		return 2
	}
	cfg := config.FromEnv()
	if err := cfg.Validate(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cmd := ""
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "":
		if cfg.HasSlack() {
			return serveCmd(ctx, cfg, args, stdout, stderr)
		}
		fmt.Fprintln(stderr, "Ingen Slack-innstillinger (SLACK_BOT_TOKEN) – starter lokal konsoll. Skriv /beredskap hjelp.")
		return consoleCmd(ctx, cfg, args, stdin, stdout, stderr)
	case "console", "konsoll":
		return consoleCmd(ctx, cfg, args, stdin, stdout, stderr)
	case "serve":
		return serveCmd(ctx, cfg, args, stdout, stderr)
	case "plan":
		return planCmd(cfg, args, stdout, stderr)
	case "help", "-h", "--help", "hjelp":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "ukjent kommando %q\n\n%s", cmd, usage)
	return 2
}
