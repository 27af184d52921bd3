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
	// id names the form in the cli catalog (cli.form.<id>.args, .does),
	// whose bokmål equals args and does.
	id string
}

// subcommands is every subcommand of the binary, in the order the help lists
// them. Running beredskapsbot without one serves Slack when it is set up,
// else runs the console.
var subcommands = []command{
	{
		name: "backup", aliases: []string{"sikkerhetskopi"},
		usage: []form{{"backup FIL", "skriv en konsistent kopi av databasen til FIL mens boten kjører", "backup"}},
		run:   backupCmd,
	},
	{
		name: "console", aliases: []string{"konsoll"},
		usage: []form{{"console [--user NAVN] [--plan MAPPE]", "lokal konsoll: kommandoer fra standard inn", "console"}},
		run:   consoleCmd,
	},
	{
		name: "export", aliases: []string{"eksporter"},
		usage: []form{{"export [--incident ID | --latest] [--format md|html|csv|json|pdf] [--with-contacts] [--plan MAPPE]", "skriv rapporten for en hendelse til standard ut (standard: siste, md)", "export"}},
		run:   exportCmd,
	},
	{
		name: "evidence", aliases: []string{"dokumentasjon"},
		usage: []form{{"evidence [--from DATO] [--to DATO] [--with-private] [--format md|html|pdf|csv] [--plan MAPPE]", "skriv dokumentasjonen til tilsynet (plan, ROS, årshjul, hendelser, evalueringer, oppfølgingspunkter, påminnelser) til standard ut", "evidence"}},
		run:   evidenceCmd,
	},
	{
		name:  "manifest",
		usage: []form{{"manifest [--http URL]", "skriv Slack-appens manifest (Socket Mode, eller HTTP med request-URL)", "manifest"}},
		run:   manifestCmd,
	},
	{
		name: "plan",
		usage: []form{
			{"plan check [--plan MAPPE]", "valider planen og vis sammendrag eller alle feil", "plan.check"},
			{"plan init MAPPE [--eksempel kommune|flowstop|sverige]", "skriv eksempelplanen ut som utgangspunkt (sverige: svensk kontinuitetsplan)", "plan.init"},
			{"plan print [--plan MAPPE] --format html|pdf", "skriv permen (planen for utskrift) til standard ut; PDF med Chromium", "plan.print"},
		},
		run: planCmd,
	},
	{
		name: "privacy", aliases: []string{"personvern"},
		usage: []form{{"privacy [--apply] [--plan MAPPE]", "vis hvilke personopplysninger som lagres, hvor og siden når; --apply sletter og sladder det som er eldre enn oppbevaringstiden", "privacy"}},
		run:   privacyCmd,
	},
	{
		name: "redact", aliases: []string{"sladd"},
		usage: []form{{"redact --incident ID --entry N --reason TEKST [--by NAVN]", "sladd teksten i en logglinje (f.eks. personopplysninger); kjeden holder, og sladdingen loggføres", "redact"}},
		run:   redactCmd,
	},
	{
		name: "reminders", aliases: []string{"paminnelser"},
		usage: []form{
			{"reminders run [--now 2027-03-01T09:00] [--dry-run] [--plan MAPPE]", "kjør én påminnelsesrunde for årshjulet nå", "reminders.run"},
			{"reminders next [--plan MAPPE]", "vis når de neste påminnelsesrundene kjøres", "reminders.next"},
		},
		run: remindersCmd,
	},
	{
		name: "restore", aliases: []string{"gjenopprett"},
		usage: []form{{"restore FIL", "erstatt databasen med sikkerhetskopien FIL, bare hvis den er intakt (stopp boten først)", "restore"}},
		run:   restoreCmd,
	},
	{
		name:  "serve",
		usage: []form{{"serve", "kjør Slack-boten (Socket Mode eller HTTP)", "serve"}},
		run:   serveCmd,
	},
	{
		name: "verify", aliases: []string{"kontroller"},
		usage: []form{{"verify [--incident ID]", "kontroller hash-kjeden i loggene mot ankerfila; feiler og navngir første linje som ikke stemmer, og viser sladdede linjer", "verify"}},
		run:   verifyCmd,
	},
}
