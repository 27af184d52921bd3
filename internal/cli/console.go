package cli

import (
	"fmt"
	"io"
	"os"
	"os/user"
	"strconv"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/console"
	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// consoleCmd runs the local console on standard input.
func consoleCmd(c *call, args []string) int {
	fs := c.flags("console")
	who := fs.String("user", osUser(), "`NAVN` på brukeren kommandoene kjøres som (en kontakt i planen får sine egne tilganger; ellers administrator)")
	dir := fs.String("plan", "", planFlagUsage)
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(c.stderr, c.t("cli.console.unknown_arg", i18n.Args{"Arg": strconv.Quote(fs.Arg(0))}))
		return 2
	}
	log := c.cfg.NewLogger()
	p, db, code := openPlanAndStore(c.cfg, *dir, log, c.stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	c.language = langOf(p, c.lang())
	loc := location(c.cfg)
	h := commands.New(p, db, loc, log)
	user, contact := consoleUser(p, *who)
	if contact != nil {
		fmt.Fprintln(c.stderr, c.t("cli.console.as", i18n.Args{"Name": contact.Name}))
	}
	// The reminder passes run as in the bot, so what becomes due while
	// the console is open is printed there.
	schedule := c.cfg.ReminderSchedule
	if schedule == "" {
		schedule = config.DefaultReminderSchedule
	}
	r := &reminders.Runner{Plan: h.Plan, Store: db, Loc: displayLocation(c.cfg, p), Log: log}
	con := &console.Console{Handler: h, Store: db, User: user, Prompt: isTerminal(c.stdin),
		DeliveryStale: 3 * delivery.DeliveryHeartbeat, Reminders: r, ReminderSchedule: schedule}
	if err := con.Run(c.ctx, c.stdin, c.stdout); err != nil {
		fmt.Fprintln(c.stderr, c.t("cli.console.stopped", i18n.Args{"Err": err}))
		return 1
	}
	return 0
}

// consoleUser resolves --user: a plan contact named by its ID, Slack ID
// or full name (case and æøå folded) runs the console as that contact
// (its Slack ID, else "kontakt:<id>"), whose permissions then apply.
// Any other name runs it as itself, which the command handler treats as
// an administrator (commands.Handler.Directory is nil in the console).
func consoleUser(p *plan.Plan, name string) (string, *plan.Contact) {
	c := p.Contact(name)
	if c == nil {
		c = p.ContactBySlack(name)
	}
	for _, o := range p.Contacts {
		if c == nil && plan.Fold(o.Name) == plan.Fold(name) {
			c = o
		}
	}
	if c == nil {
		return name, nil
	}
	return ui.ContactUser(c), c
}

func osUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := os.Getenv("USER"); u != "" {
		return u
	}
	return "konsoll"
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
