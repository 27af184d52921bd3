package cli

// command is one subcommand of the binary.
type command struct {
	name    string   // shown in the help
	aliases []string // other names that run it (bokmål)
	usage   []form   // how it is called, one form per line of the help
	run     func(c *call, args []string) int
}

// form is one way to call a subcommand: the arguments after
// "beredskapsbot" and what that does.
type form struct {
	args, does string
}

// subcommands is every subcommand of the binary, in the order the help lists
// them. Running beredskapsbot without one serves Slack when it is set up,
// else runs the console.
var subcommands = []command{
	{
		name: "console", aliases: []string{"konsoll"},
		usage: []form{{"console [--user NAVN] [--plan MAPPE]", "lokal konsoll: kommandoer fra standard inn"}},
		run:   consoleCmd,
	},
	{
		name: "export", aliases: []string{"eksporter"},
		usage: []form{{"export [--incident ID | --latest] [--format md|html|csv|json] [--with-contacts] [--plan MAPPE]",
			"skriv rapporten for en hendelse til standard ut (standard: siste, md)"}},
		run: exportCmd,
	},
	{
		name:  "manifest",
		usage: []form{{"manifest [--http URL]", "skriv Slack-appens manifest (Socket Mode, eller HTTP med request-URL)"}},
		run:   manifestCmd,
	},
	{
		name: "plan",
		usage: []form{
			{"plan check [--plan MAPPE]", "valider planen og vis sammendrag eller alle feil"},
			{"plan init MAPPE [--eksempel kommune|flowstop]", "skriv eksempelplanen ut som utgangspunkt"},
			{"plan print [--plan MAPPE] --format html|pdf", "skriv permen (planen for utskrift) til standard ut; PDF med Chromium"},
		},
		run: planCmd,
	},
	{
		name: "reminders", aliases: []string{"paminnelser"},
		usage: []form{
			{"reminders run [--now 2027-03-01T09:00] [--dry-run] [--plan MAPPE]", "kjør én påminnelsesrunde for årshjulet nå"},
			{"reminders next [--plan MAPPE]", "vis når de neste påminnelsesrundene kjøres"},
		},
		run: remindersCmd,
	},
	{
		name:  "serve",
		usage: []form{{"serve", "kjør Slack-boten (Socket Mode eller HTTP)"}},
		run:   serveCmd,
	},
	{
		name: "verify", aliases: []string{"kontroller"},
		usage: []form{{"verify [--incident ID]", "kontroller hash-kjeden i loggene; feiler og navngir første linje som ikke stemmer"}},
		run:   verifyCmd,
	},
}
