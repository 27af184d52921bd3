package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usageColumn is where the words on what a form does start in the help.
const usageColumn = 35

// usage is the top-level help text.
func usage() string {
	var b strings.Builder
	b.WriteString("Bruk: beredskapsbot [kommando]\n\nKommandoer:\n")
	writeForm(&b, "  ", form{"(ingen)", "kjør Slack-boten når Slack er satt opp, ellers lokal konsoll"})
	for _, c := range subcommands {
		for _, f := range c.usage {
			writeForm(&b, "  ", f)
		}
	}
	b.WriteString("\nSkriv beredskapsbot KOMMANDO --help for mer om én kommando.\n")
	b.WriteString("Innstillinger leses fra miljøet og .env (se .env.example).\n")
	return b.String()
}

// writeForm writes one form: the arguments, and what it does from
// usageColumn (on the next line when the arguments reach it).
func writeForm(b *strings.Builder, indent string, f form) {
	b.WriteString(indent + f.args)
	if n := len([]rune(indent + f.args)); n < usageColumn-1 {
		b.WriteString(strings.Repeat(" ", usageColumn-n))
	} else {
		b.WriteString("\n" + strings.Repeat(" ", usageColumn))
	}
	b.WriteString(f.does + "\n")
}

// isHelp reports whether the first argument of the binary asks for
// help.
func isHelp(arg string) bool {
	return arg == "help" || arg == "hjelp" || isHelpFlag(arg)
}

// isHelpFlag reports whether the first argument after a subcommand asks
// for its help.
func isHelpFlag(arg string) bool {
	return arg == "-h" || arg == "-help" || arg == "--help"
}

// flags returns a flag set for the subcommand. Its -h and --help print the
// subcommand's help on standard out (see parseFlags); mistakes are
// reported on standard error.
func (c *call) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	fs.Usage = func() {} // parseFlags says what to do next
	return fs
}

// parseFlags parses args into fs. It returns -1 when the subcommand
// should go on; else the exit code to return at once: 0 after printing
// the help that -h or --help asked for, 2 after a flag mistake (which the
// flag set has reported).
func (c *call) parseFlags(fs *flag.FlagSet, args []string) int {
	err := fs.Parse(args)
	switch {
	case err == nil:
		return -1
	case errors.Is(err, flag.ErrHelp):
		c.help(fs)
		return 0
	}
	fmt.Fprintf(c.stderr, "Skriv beredskapsbot %s --help for bruken.\n", c.cmd.name)
	return 2
}

// help prints the subcommand's help on standard out: its forms, its other
// names and the options of fs (nil for none).
func (c *call) help(fs *flag.FlagSet) {
	var b strings.Builder
	b.WriteString("Bruk:\n")
	for _, f := range c.cmd.usage {
		b.WriteString("  beredskapsbot " + f.args + "\n      " + f.does + "\n")
	}
	if len(c.cmd.aliases) > 0 {
		fmt.Fprintf(&b, "\nAndre navn: %s\n", strings.Join(c.cmd.aliases, ", "))
	}
	if fs != nil {
		writeFlags(&b, fs)
	}
	b.WriteString("\nInnstillinger leses fra miljøet og .env (se .env.example).\n")
	_, _ = io.WriteString(c.stdout, b.String())
}

// writeFlags lists the options of fs in bokmål: the flag package's own
// listing says "(default …)".
func writeFlags(b *strings.Builder, fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\nValg:\n")
			first = false
		}
		name, text := flag.UnquoteUsage(f)
		switch name {
		case "string":
			name = "TEKST"
		case "int", "int64", "uint", "uint64":
			name = "TALL"
		}
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		b.WriteString(line + "\n      " + text)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			fmt.Fprintf(b, " (standard: %s)", f.DefValue)
		}
		b.WriteString("\n")
	})
}
