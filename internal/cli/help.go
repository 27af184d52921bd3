package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
)

// usageColumn is where the words on what a form does start in the help.
const usageColumn = 35

// usage is the top-level help text in lang.
func usage(lang i18n.Lang) string {
	l := i18n.For(lang)
	var b strings.Builder
	b.WriteString(l.T("cli.usage.top") + "\n\n" + l.T("cli.commands") + "\n")
	writeForm(&b, "  ", localForm(lang, form{"(ingen)", "kjør Slack-boten når Slack er satt opp, ellers lokal konsoll", "none"}))
	for _, c := range subcommands {
		for _, f := range c.usage {
			writeForm(&b, "  ", localForm(lang, f))
		}
	}
	b.WriteString("\n" + l.T("cli.more") + "\n")
	b.WriteString(l.T("cli.settings") + "\n")
	return b.String()
}

// localForm is f in lang: bokmål is the table's own text, the other
// languages the cli catalog's.
func localForm(lang i18n.Lang, f form) form {
	if lang == i18n.Bokmal || !lang.Valid() || f.id == "" {
		return f
	}
	l := i18n.For(lang)
	return form{args: l.T("cli.form." + f.id + ".args"), does: l.T("cli.form." + f.id + ".does"), id: f.id}
}

// helpLang is the language of the binary's help and messages before or
// without a loaded plan: the language of the plan BEREDSKAP_PLAN (from
// the environment, not .env, so help works with a broken .env) names, when
// that directory reads as a plan; else bokmål, the language of the
// embedded example. A plan is a few small YAML files, so reading it for
// --help costs little.
func helpLang(dir string) i18n.Lang {
	if dir == "" {
		dir = os.Getenv("BEREDSKAP_PLAN")
	}
	if dir == "" {
		return i18n.Default
	}
	if p, _ := planfile.LoadDir(dir); p != nil && p.Lang.Valid() {
		return p.Lang
	}
	return i18n.Default
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
	fmt.Fprintln(c.stderr, c.t("cli.see_help", i18n.Args{"Name": c.cmd.name}))
	return 2
}

// help prints the subcommand's help on standard out: its forms, its other
// names and the options of fs (nil for none).
func (c *call) help(fs *flag.FlagSet) {
	var b strings.Builder
	b.WriteString(c.t("cli.usage") + "\n")
	for _, f := range c.cmd.usage {
		f = localForm(c.lang(), f)
		b.WriteString("  beredskapsbot " + f.args + "\n      " + f.does + "\n")
	}
	if len(c.cmd.aliases) > 0 {
		b.WriteString("\n" + c.t("cli.aliases", i18n.Args{"Names": strings.Join(c.cmd.aliases, ", ")}) + "\n")
	}
	if fs != nil {
		writeFlags(&b, i18n.For(c.lang()), fs)
	}
	b.WriteString("\n" + c.t("cli.settings") + "\n")
	_, _ = io.WriteString(c.stdout, b.String())
}

// writeFlags lists the options of fs in l's language: the flag package's
// own listing says "(default …)" in English whatever the plan's language.
func writeFlags(b *strings.Builder, l *i18n.Localizer, fs *flag.FlagSet) {
	first := true
	fs.VisitAll(func(f *flag.Flag) {
		if first {
			b.WriteString("\n" + l.T("cli.options") + "\n")
			first = false
		}
		name, text := flag.UnquoteUsage(localFlag(l, fs.Name(), f))
		switch name {
		case "string":
			name = l.T("cli.type.text")
		case "int", "int64", "uint", "uint64":
			name = l.T("cli.type.number")
		}
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		b.WriteString(line + "\n      " + text)
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" {
			b.WriteString(" " + l.T("cli.default", i18n.Args{"Value": f.DefValue}))
		}
		b.WriteString("\n")
	})
}

// lang is the language of this call's help and messages: that of the plan
// the settings name (see helpLang), read once.
func (c *call) lang() i18n.Lang {
	if !c.language.Valid() {
		c.language = helpLang(c.cfg.PlanDir)
	}
	return c.language
}

// t renders a message of the cli catalog in the call's language.
func (c *call) t(id string, args ...i18n.Args) string { return i18n.For(c.lang()).T(id, args...) }

// localFlag is f with its usage in l's language, from the cli catalog
// (cli.flag.<subcommand>.<option>, cli.flag.plan); bokmål, and an option
// the catalog lacks, keep the text the subcommand gave.
func localFlag(l *i18n.Localizer, set string, f *flag.Flag) *flag.Flag {
	if l.Lang() == i18n.Bokmal {
		return f
	}
	id := "cli.flag." + strings.ReplaceAll(set, " ", "_") + "." + f.Name
	if f.Name == "plan" {
		id = "cli.flag.plan"
	}
	if !l.Has(id) {
		return f
	}
	g := *f
	g.Usage = l.T(id)
	return &g
}
