package cli

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan/planfile"
)

// planCmd runs "plan check", "plan init" and "plan print".
func planCmd(c *call, args []string) int {
	cfg, stdout, stderr := c.cfg, c.stdout, c.stderr
	if len(args) == 0 {
		fmt.Fprintln(stderr, "bruk: beredskapsbot plan check [--plan MAPPE] | plan init MAPPE [--eksempel NAVN] | plan print [--plan MAPPE] --format html|pdf")
		return 2
	}
	if isHelpFlag(args[0]) {
		c.help(nil)
		return 0
	}
	switch args[0] {
	case "check", "sjekk":
		fs := c.flags("plan check")
		dir := fs.String("plan", "", planFlagUsage)
		if code := c.parseFlags(fs, args[1:]); code >= 0 {
			return code
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "plan check: ukjent argument %q (bruk --plan MAPPE)\n", fs.Arg(0))
			return 2
		}
		return planCheck(cfg, *dir, stdout, stderr)
	case "init":
		fs := c.flags("plan init")
		example := fs.String("eksempel", "kommune", "`NAVN` på eksempelet som skrives ut: "+strings.Join(planfile.ExampleNames(), ", "))
		rest := args[1:]
		var dir string
		if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
			dir, rest = rest[0], rest[1:]
		}
		if code := c.parseFlags(fs, rest); code >= 0 {
			return code
		}
		if dir == "" && fs.NArg() > 0 {
			dir = fs.Arg(0)
		}
		if dir == "" {
			fmt.Fprintln(stderr, "bruk: beredskapsbot plan init MAPPE [--eksempel "+strings.Join(planfile.ExampleNames(), "|")+"]")
			return 2
		}
		if err := planfile.WriteExample(*example, dir); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		// Said in the example's language: the Swedish example in Swedish.
		lang := i18n.Default
		if p, _ := planfile.LoadExample(*example); p != nil {
			lang = p.Lang
		}
		fmt.Fprintln(stdout, i18n.For(lang).T("plan.init.written", i18n.Args{"Name": *example, "Dir": dir}))
		return 0
	case "print", "skriv-ut", "perm":
		return planPrintCmd(c, args[1:])
	}
	fmt.Fprintf(stderr, "ukjent plan-kommando %q (check, init eller print)\n", args[0])
	return 2
}

// planCheck validates a plan and prints a summary or every problem, in the
// plan's language (språk in organisasjon.yaml).
func planCheck(cfg config.Config, dir string, stdout, stderr io.Writer) int {
	p, diags, source := loadPlan(cfg, dir)
	lang := i18n.Default
	if p != nil {
		lang = p.Lang
		diags = append(diags, planfile.ScheduleWarnings(p, time.Now())...)
	}
	l := i18n.For(lang)
	if diags.HasErrors() {
		for _, d := range diags {
			fmt.Fprintln(stderr, d.String())
		}
		if len(diags) == 1 && diags[0].File == source {
			return 1 // the directory itself is missing: that one line says it
		}
		fmt.Fprintln(stderr)
		fmt.Fprintln(stderr, l.T("plan.check.summary", i18n.Args{
			"Source":   source,
			"Errors":   l.T("count.errors", i18n.Args{"Count": len(diags.Errors())}),
			"Warnings": l.T("count.warnings", i18n.Args{"Count": len(diags.Warnings())}),
		}))
		return 1
	}
	fmt.Fprintln(stdout, l.T("plan.check.valid", i18n.Args{"Source": source}))
	fmt.Fprintln(stdout, l.T("plan.check.org", i18n.Args{
		"Name": p.Org.Name, "Kind": l.T("plan.check.kind." + string(p.Org.Kind)),
		"Version": orDash(p.Org.PlanVersion), "Zone": p.Location.String(),
	}))
	fmt.Fprintln(stdout, l.T("plan.check.counts", i18n.Args{
		"Roles": len(p.Roles), "Contacts": len(p.Contacts), "Lists": len(p.Lists), "Cards": len(p.Cards),
	}))
	fmt.Fprintln(stdout, l.T("plan.check.counts_continuity", i18n.Args{
		"Functions": len(p.Functions), "ROS": len(p.ROS), "Templates": len(p.Templates),
		"Exercises": len(p.Exercises), "Reviews": len(p.Reviews),
	}))
	if w := diags.Warnings(); len(w) > 0 {
		fmt.Fprintln(stdout)
		fmt.Fprintln(stdout, l.T("plan.check.warnings", i18n.Args{"Warnings": l.T("count.warnings", i18n.Args{"Count": len(w)})}))
		for _, d := range w {
			fmt.Fprintln(stdout, "  "+d.String())
		}
	}
	return 0
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
