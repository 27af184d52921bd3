// Command beredskapsbot is a Slack bot that helps municipalities and small
// companies carry out their preparedness plan (beredskapsplan) when
// something goes wrong, and keep it exercised and revised when nothing does.
//
// Without Slack credentials it runs the local console on the plan (the
// embedded example plan when BEREDSKAP_PLAN is not set). The subcommands
// are in internal/cli; `beredskapsbot --help` lists them.
package main

import (
	"os"

	"github.com/beredskapsbot/beredskapsbot/internal/cli"

	_ "time/tzdata" // Europe/Oslo everywhere, also where the OS has no zoneinfo
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
