package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// loadPlan loads the plan the settings name (or dir when set), or the
// embedded example. It returns the plan, its diagnostics and a words for
// where it came from.
func loadPlan(cfg config.Config, dir string) (*plan.Plan, plan.Diagnostics, string) {
	if dir == "" {
		dir = cfg.PlanDir
	}
	if dir == "" {
		p, diags := plan.LoadExample("kommune")
		return p, diags, "innebygd eksempelplan (Eksempel kommune)"
	}
	p, diags := plan.LoadDir(dir)
	return p, diags, dir
}

func init() {
	register(subcommand{run: planCmd, usage: "plan check [--plan MAPPE]        valider planen og vis sammendrag eller alle feil\n  plan init MAPPE [--eksempel kommune|flowstop]\n                                   skriv eksempelplanen ut som utgangspunkt"}, "plan")
}

// planCmd runs "plan check" and "plan init".
func planCmd(_ context.Context, cfg config.Config, args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "bruk: beredskapsbot plan check [--plan MAPPE] | plan init MAPPE [--eksempel NAVN]")
		return 2
	}
	switch args[0] {
	case "check", "sjekk":
		fs := flag.NewFlagSet("plan check", flag.ContinueOnError)
		fs.SetOutput(stderr)
		dir := fs.String("plan", "", "plan-mappen (standard: BEREDSKAP_PLAN, ellers eksempelplanen)")
		if err := fs.Parse(args[1:]); err != nil {
			return 2
		}
		return planCheck(cfg, *dir, stdout, stderr)
	case "init":
		fs := flag.NewFlagSet("plan init", flag.ContinueOnError)
		fs.SetOutput(stderr)
		example := fs.String("eksempel", "kommune", "eksempelet som skrives ut: "+fmt.Sprint(plan.ExampleNames()))
		rest := args[1:]
		var dir string
		if len(rest) > 0 && rest[0] != "" && rest[0][0] != '-' {
			dir, rest = rest[0], rest[1:]
		}
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if dir == "" && fs.NArg() > 0 {
			dir = fs.Arg(0)
		}
		if dir == "" {
			fmt.Fprintln(stderr, "bruk: beredskapsbot plan init MAPPE [--eksempel kommune|flowstop]")
			return 2
		}
		if err := plan.WriteExample(*example, dir); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
		fmt.Fprintf(stdout, "Eksempelplanen «%s» er skrevet til %s. Rediger filene og kjør `beredskapsbot plan check --plan %s`.\n", *example, dir, dir)
		return 0
	}
	fmt.Fprintf(stderr, "ukjent plan-kommando %q (check eller init)\n", args[0])
	return 2
}

// planCheck validates a plan and prints a summary or every problem.
func planCheck(cfg config.Config, dir string, stdout, stderr io.Writer) int {
	p, diags, source := loadPlan(cfg, dir)
	if p != nil {
		diags = append(diags, p.ScheduleWarnings(time.Now())...)
	}
	if diags.HasErrors() {
		for _, d := range diags {
			fmt.Fprintln(stderr, d.String())
		}
		fmt.Fprintf(stderr, "\nPlanen i %s har %d feil og %d advarsler.\n", source, len(diags.Errors()), len(diags.Warnings()))
		return 1
	}
	fmt.Fprintf(stdout, "Planen er gyldig: %s\n", source)
	fmt.Fprintf(stdout, "  %s (%s), planversjon %s, tidssone %s\n", p.Org.Name, p.Org.Kind, orDash(p.Org.PlanVersion), p.Location)
	fmt.Fprintf(stdout, "  %d rollekort, %d kontakter, %d varslingslister, %d tiltakskort\n", len(p.Roles), len(p.Contacts), len(p.Lists), len(p.Cards))
	fmt.Fprintf(stdout, "  %d kritiske funksjoner, %d ROS-rader, %d maler, %d øvelser, %d revisjoner\n", len(p.Functions), len(p.ROS), len(p.Templates), len(p.Exercises), len(p.Reviews))
	if w := diags.Warnings(); len(w) > 0 {
		fmt.Fprintf(stdout, "\n%d advarsler:\n", len(w))
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
