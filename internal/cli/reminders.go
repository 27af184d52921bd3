package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/delivery"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/reminders"
)

// remindersCmd runs "reminders run" and "reminders next".
func remindersCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	if len(args) == 0 {
		fmt.Fprintln(stderr, c.t("cli.reminders.usage"))
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
		fmt.Fprintln(stderr, c.t("cli.reminders.unknown_arg", i18n.Args{"Verb": args[0], "Arg": strconv.Quote(fs.Arg(0))}))
		return 2
	}
	switch args[0] {
	case "run", "kjor", "kjør":
	case "next", "neste":
		return remindersNext(c, *dir)
	default:
		fmt.Fprintln(stderr, c.t("cli.reminders.unknown_verb", i18n.Args{"Verb": strconv.Quote(args[0])}))
		return 2
	}
	log := cfg.NewLogger()
	p, db, code := openPlanAndStore(cfg, *dir, log, stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	c.language = langOf(p, c.lang())
	loc := displayLocation(cfg, p)
	now := time.Now()
	if *nowFlag != "" {
		t, err := parseLocalTime(*nowFlag, loc)
		if err != nil {
			fmt.Fprintln(stderr, c.t("cli.reminders.bad_now", i18n.Args{"Value": strconv.Quote(*nowFlag)}))
			return 2
		}
		now = t
	}
	r := &reminders.Runner{Plan: func() *plan.Plan { return p }, Store: db, Loc: loc, Log: log}
	planned, err := r.Pass(ctx, now, *dry)
	printPlanned(stdout, i18n.For(c.lang()), planned, now, loc, *dry)
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.reminders.queue_failed", i18n.Args{"Err": err}))
		return 1
	}
	if *dry || len(planned) == 0 {
		return 0
	}
	if cfg.BotToken == "" {
		fmt.Fprintln(stdout, c.t("cli.reminders.queued_no_bot", i18n.Args{"N": len(planned)}))
		return 0
	}
	owner := fmt.Sprintf("reminders-run-%d", os.Getpid())
	held, err := db.ClaimDelivery(ctx, owner, 3*delivery.DeliveryHeartbeat, false)
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.reminders.lock_failed", i18n.Args{"Err": err}))
		return 1
	}
	if !held {
		fmt.Fprintln(stdout, c.t("cli.reminders.queued_bot", i18n.Args{"N": len(planned)}))
		return 0
	}
	defer db.ReleaseDelivery(context.WithoutCancel(ctx), owner)
	d := newDeliverer(cfg, db, p, loc, log, nil)
	n, err := d.DeliverPending(ctx)
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.reminders.deliver_failed", i18n.Args{"Err": err}))
		return 1
	}
	left, err := db.PendingOutbox(ctx)
	if err != nil {
		fmt.Fprintln(stderr, c.t("cli.reminders.outbox_failed", i18n.Args{"Err": err}))
		return 1
	}
	fmt.Fprintln(stdout, c.t("cli.reminders.delivered", i18n.Args{"N": n}))
	if left > 0 {
		fmt.Fprintln(stdout, c.t("cli.reminders.left", i18n.Args{"N": left}))
	}
	return 0
}

// printPlanned lists, in l's language, what a pass queued, or would
// queue in a dry run.
func printPlanned(w io.Writer, l *i18n.Localizer, planned []reminders.Planned, now time.Time, loc *time.Location, dry bool) {
	when := localtime.Stamp(l.Lang(), now.In(loc))
	switch {
	case len(planned) == 0:
		fmt.Fprintln(w, l.T("cli.reminders.none", i18n.Args{"When": when}))
		return
	case dry:
		fmt.Fprintln(w, l.T("cli.reminders.dry", i18n.Args{"When": when}))
	default:
		fmt.Fprintln(w, l.T("cli.reminders.header", i18n.Args{"When": when}))
	}
	for _, pl := range planned {
		fmt.Fprintf(w, "\n%s\n", l.T("cli.reminders.line", i18n.Args{"Item": pl.Item.ID, "Channel": pl.Channel, "Stage": stageOf(pl), "Due": pl.Due}))
		if dry {
			for _, line := range strings.Split(strings.TrimRight(pl.Text, "\n"), "\n") {
				fmt.Fprintln(w, "    "+line)
			}
		}
	}
}

// remindersNext prints the next runs of BEREDSKAP_REMINDER_SCHEDULE.
func remindersNext(c *call, dir string) int {
	cfg, stdout, stderr := c.cfg, c.stdout, c.stderr
	p, diags, source := loadPlan(cfg, dir)
	c.language = langOf(p, c.lang())
	if diags.HasErrors() {
		fmt.Fprintln(stderr, c.t("cli.plan_has_errors", i18n.Args{"Source": source}))
		return 1
	}
	loc := displayLocation(cfg, p)
	runs, err := reminders.NextRuns(cfg.ReminderSchedule, loc, time.Now(), 5)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	fmt.Fprintln(stdout, c.t("cli.reminders.runs", i18n.Args{"Schedule": cfg.ReminderSchedule, "Zone": loc.String()}))
	for _, t := range runs {
		lt := t.In(loc)
		fmt.Fprintf(stdout, "  %-7s %s (%s)\n", c.t("cli.weekday."+strconv.Itoa(int(lt.Weekday()))), localtime.Stamp(c.lang(), lt), lt.Format("MST"))
	}
	return 0
}

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

// stageOf is where the reminder stands against its due date, with the
// same day count as its text ("54 dager etter fristen"): the ledger's
// stage (+49) is only the threshold it crossed.
func stageOf(pl reminders.Planned) string {
	if pl.When != "" {
		return pl.When
	}
	return reminders.StageWords(pl.Stage)
}
