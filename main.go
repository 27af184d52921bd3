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
	"sort"
	"strings"
	"syscall"

	"github.com/joho/godotenv"

	"github.com/beredskapsbot/beredskapsbot/internal/config"

	_ "time/tzdata" // Europe/Oslo everywhere, also where the OS has no zoneinfo
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// subcommand is one command of the binary. Each cmd_*.go file registers
// its own, so main.go does not change when one is added.
type subcommand struct {
	run   func(ctx context.Context, cfg config.Config, args []string, stdin io.Reader, stdout, stderr io.Writer) int
	usage string // one or more lines for the help text
}

var subcommands = map[string]subcommand{}

// register adds a subcommand under one or more names (the first is shown
// in the help text).
func register(s subcommand, names ...string) {
	for _, n := range names {
		subcommands[n] = s
	}
	helpNames = append(helpNames, names[0])
}

var helpNames []string

// usage is the top-level help text.
func usage() string {
	var b strings.Builder
	b.WriteString("Bruk: beredskapsbot [kommando]\n\nKommandoer:\n")
	b.WriteString("  (ingen)   kjør Slack-boten når Slack er satt opp, ellers lokal konsoll\n")
	names := append([]string(nil), helpNames...)
	sort.Strings(names)
	for _, n := range names {
		b.WriteString("  " + subcommands[n].usage + "\n")
	}
	b.WriteString("\nInnstillinger leses fra miljøet og .env (se .env.example).\n")
	return b.String()
}

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

	if len(args) == 0 {
		if cfg.HasSlack() {
			return subcommands["serve"].run(ctx, cfg, nil, stdin, stdout, stderr)
		}
		fmt.Fprintln(stderr, "Ingen Slack-innstillinger (SLACK_BOT_TOKEN) – starter lokal konsoll. Skriv /beredskap hjelp.")
		return subcommands["console"].run(ctx, cfg, nil, stdin, stdout, stderr)
	}
	switch args[0] {
	case "help", "-h", "--help", "hjelp":
		fmt.Fprint(stdout, usage())
		return 0
	}
	s, ok := subcommands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "ukjent kommando %q\n\n%s", args[0], usage())
		return 2
	}
	return s.run(ctx, cfg, args[1:], stdin, stdout, stderr)
}
