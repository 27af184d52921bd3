package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/internal/config"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
)

// remindersCmd runs "reminders run" and "reminders next".
func remindersCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	if len(args) == 0 {
		fmt.Fprintln(stderr, "bruk: beredskapsbot reminders run [--now ÅÅÅÅ-MM-DDTTT:MM] [--dry-run] [--plan MAPPE] | reminders next")
		return 2
	}
	fs := c.flags("reminders " + args[0])
	dir := fs.String("plan", "", planFlagUsage)
	nowFlag := fs.String("now", "", "kjør som om klokken var `TID`, lokal tid (f.eks. 2027-03-01T09:00); standard nå")
	dry := fs.Bool("dry-run", false, "vis hva som ville blitt sendt, uten å sende eller registrere noe")
	if isHelpFlag(args[0]) {
		c.help(fs)
		return 0
	}
	if code := c.parseFlags(fs, args[1:]); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "reminders %s: ukjent argument %q\n", args[0], fs.Arg(0))
		return 2
	}
	switch args[0] {
	case "run", "kjor", "kjør":
	case "next", "neste":
		return remindersNext(cfg, *dir, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "ukjent reminders-kommando %q (run eller next)\n", args[0])
		return 2
	}
	log := cfg.NewLogger()
	p, db, code := openPlanAndStore(cfg, *dir, log, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	loc := displayLocation(cfg, p)
	now := time.Now()
	if *nowFlag != "" {
		t, err := parseLocalTime(*nowFlag, loc)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return 2
		}
		now = t
	}
	r := &reminders.Runner{Plan: func() *plan.Plan { return p }, Store: db, Loc: loc, Log: log}
	planned, err := r.Pass(ctx, now, *dry)
	printPlanned(stdout, planned, now, loc, *dry)
	if err != nil {
		fmt.Fprintf(stderr, "noen påminnelser kunne ikke legges i køen: %v\n", err)
		return 1
	}
	if *dry || len(planned) == 0 {
		return 0
	}
	if cfg.BotToken == "" {
		fmt.Fprintf(stdout, "%d påminnelse(r) er lagt i køen og sendes når boten kjører (SLACK_BOT_TOKEN er ikke satt).\n", len(planned))
		return 0
	}
	owner := fmt.Sprintf("reminders-run-%d", os.Getpid())
	held, err := db.ClaimDelivery(ctx, owner, 3*delivery.DeliveryHeartbeat, false)
	if err != nil {
		fmt.Fprintf(stderr, "kunne ikke lese leveringslåsen: %v\n", err)
		return 1
	}
	if !held {
		fmt.Fprintf(stdout, "%d påminnelse(r) er lagt i køen; boten kjører og sender dem nå.\n", len(planned))
		return 0
	}
	defer db.ReleaseDelivery(context.WithoutCancel(ctx), owner)
	d := newDeliverer(cfg, db, p, loc, log)
	n, err := d.DeliverPending(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "utboksen kunne ikke leveres: %v\n", err)
		return 1
	}
	left, err := db.PendingOutbox(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "kunne ikke lese utboksen: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Levert %d melding(er) fra utboksen til Slack.\n", n)
	if left > 0 {
		fmt.Fprintf(stdout, "%d element(er) venter fortsatt i utboksen (se loggen); boten prøver igjen når den kjører.\n", left)
	}
	return 0
}

// printPlanned lists what a pass queued, or would queue in a dry run.
func printPlanned(w io.Writer, planned []reminders.Planned, now time.Time, loc *time.Location, dry bool) {
	when := now.In(loc).Format("02.01.2006 kl. 15:04")
	switch {
	case len(planned) == 0:
		fmt.Fprintf(w, "Ingen påminnelser å sende %s.\n", when)
		return
	case dry:
		fmt.Fprintf(w, "Tørrkjøring %s – dette ville blitt sendt (ingenting er sendt eller registrert):\n", when)
	default:
		fmt.Fprintf(w, "Påminnelser %s:\n", when)
	}
	for _, pl := range planned {
		fmt.Fprintf(w, "\n• %s → %s (%s, frist %s)\n", pl.Item.ID, pl.Channel, reminders.StageWords(pl.Stage), pl.Due)
		if dry {
			for _, line := range strings.Split(strings.TrimRight(pl.Text, "\n"), "\n") {
				fmt.Fprintln(w, "    "+line)
			}
		}
	}
}

// remindersNext prints the next runs of BEREDSKAP_REMINDER_SCHEDULE.
func remindersNext(cfg config.Config, dir string, stdout, stderr io.Writer) int {
	p, diags, source := loadPlan(cfg, dir)
	if diags.HasErrors() {
		fmt.Fprintf(stderr, "Planen i %s har feil (beredskapsbot plan check).\n", source)
		return 1
	}
	loc := displayLocation(cfg, p)
	runs, err := reminders.NextRuns(cfg.ReminderSchedule, loc, time.Now(), 5)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintf(stdout, "Påminnelsesrunder (%s, tidssone %s):\n", cfg.ReminderSchedule, loc)
	for _, t := range runs {
		lt := t.In(loc)
		fmt.Fprintf(stdout, "  %-7s %s\n", weekdays[lt.Weekday()], lt.Format("02.01.2006 kl. 15:04 (MST)"))
	}
	return 0
}

var weekdays = [...]string{"søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"}

// parseLocalTime reads --now: 2027-03-01T09:00, "2027-03-01 09:00", a date
// alone (09:00 that day) or RFC 3339 with a zone; times without a zone are
// local to loc.
func parseLocalTime(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t, nil
		}
	}
	if d, err := plan.ParseDate(s); err == nil {
		return time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, loc), nil
	}
	return time.Time{}, fmt.Errorf("--now=%q er ikke et tidspunkt; skriv f.eks. 2027-03-01T09:00", s)
}
