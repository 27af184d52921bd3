// Package cli is the beredskapsbot binary: the subcommands (serve,
// console, plan, reminders, export, verify, redact, backup, restore,
// privacy, manifest), the table that
// names them and the dispatch from the command line. main.go only calls
// Run.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/joho/godotenv"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
)

// call is one run of a subcommand: the settings and streams it runs
// with, and its table entry (for its help text).
type call struct {
	ctx    context.Context
	cfg    config.Config
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	cmd    *command
	// language is what lang returns, once known.
	language i18n.Lang
}

// Run runs the binary with the command-line arguments (without the
// program name) and returns the exit code: 0 on success, 1 when the work
// failed, 2 on wrong usage or bad settings. SIGINT and SIGTERM stop it
// cleanly.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return run(ctx, args, stdin, stdout, stderr)
}

// run is Run with the context given, for tests.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && isHelp(args[0]) {
		return topHelp(ctx, args[1:], stdin, stdout, stderr)
	}
	var cmd *command
	if len(args) > 0 {
		if cmd = lookup(args[0]); cmd == nil {
			unknownCommand(stderr, args[0])
			return 2
		}
		args = args[1:]
		if len(args) > 0 && isHelpFlag(args[0]) {
			// Help needs no settings: it works with a broken .env too.
			return cmd.run(&call{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, cmd: cmd}, args)
		}
	}

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
	if cmd == nil {
		// No command: serve Slack when it is set up, else the console.
		if cfg.HasSlack() {
			cmd = lookup("serve")
		} else {
			fmt.Fprintln(stderr, "Ingen Slack-innstillinger (SLACK_BOT_TOKEN) – starter lokal konsoll. Skriv /beredskap hjelp.")
			cmd = lookup("console")
		}
	}
	return runCommand(ctx, cfg, cmd, args, stdin, stdout, stderr)
}

// runCommand runs one subcommand with the settings given.
func runCommand(ctx context.Context, cfg config.Config, cmd *command, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return cmd.run(&call{ctx: ctx, cfg: cfg, stdin: stdin, stdout: stdout, stderr: stderr, cmd: cmd}, args)
}

// topHelp answers `beredskapsbot --help` with the overview, and
// `beredskapsbot help KOMMANDO` with that subcommand's help.
func topHelp(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage(helpLang("")))
		return 0
	}
	cmd := lookup(args[0])
	if cmd == nil {
		unknownCommand(stderr, args[0])
		return 2
	}
	return cmd.run(&call{ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr, cmd: cmd}, []string{"--help"})
}

// unknownCommand says that name is no subcommand, and shows the usage.
func unknownCommand(stderr io.Writer, name string) {
	lang := helpLang("")
	fmt.Fprintf(stderr, "%s\n\n%s", i18n.For(lang).T("cli.unknown_command", i18n.Args{"Name": fmt.Sprintf("%q", name)}), usage(lang))
}

// lookup finds a subcommand by its name or one of its aliases.
func lookup(name string) *command {
	for i := range subcommands {
		c := &subcommands[i]
		if c.name == name {
			return c
		}
		for _, a := range c.aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}
