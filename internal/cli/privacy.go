package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/record"
	"github.com/beredskapsbot/beredskapsbot/storage"
)

// privacyCmd shows what personal data the bot holds, where and since
// when, against the plan's retention periods (personvern); with --apply
// it redacts the log texts of incidents closed longer ago than their
// retention, blanks delivered outbox payloads past theirs and deletes
// Slack-user cache entries past theirs or of contacts no longer in the
// plan. Exits 0 when done, 1 when it failed, 2 on wrong usage.
func privacyCmd(c *call, args []string) int {
	ctx, cfg, stdout, stderr := c.ctx, c.cfg, c.stdout, c.stderr
	fs := c.flags("privacy")
	apply := fs.Bool("apply", false, "slett og sladd det som er eldre enn oppbevaringstiden")
	dir := fs.String("plan", "", planFlagUsage)
	if code := c.parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintln(stderr, c.t("cli.privacy.unknown_arg", i18n.Args{"Arg": strconv.Quote(fs.Arg(0))}))
		return 2
	}
	if _, err := os.Stat(cfg.DBPath); err != nil {
		fmt.Fprintln(stderr, c.t("cli.db.missing", i18n.Args{"DB": cfg.DBPath, "Err": err}))
		return 1
	}
	p, db, code := openPlanAndStore(cfg, *dir, cfg.NewLogger(), stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	c.language = langOf(p, c.lang())
	l := i18n.For(c.lang())
	ret := p.Retentions()
	now := time.Now().UTC()
	loc := displayLocation(cfg, p)
	day := func(t time.Time) string { return localtime.Date(c.lang(), t.In(loc)) }

	closed, err := db.ClosedIncidentTexts(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	textCutoff := ret.ClosedIncidentTexts.Before(now)
	fmt.Fprintf(stdout, "%s\n\n", l.T("cli.privacy.header", i18n.Args{"DB": cfg.DBPath}))
	fmt.Fprintln(stdout, l.T("cli.privacy.texts", i18n.Args{"Period": periodIn(l, ret.ClosedIncidentTexts)}))
	if len(closed) == 0 {
		fmt.Fprintln(stdout, l.T("cli.privacy.none"))
	}
	for _, cl := range closed {
		state := ""
		if cl.ClosedAt.Before(textCutoff) {
			state = l.T("cli.privacy.expired")
		}
		fmt.Fprintln(stdout, l.T("cli.privacy.incident", i18n.Args{"ID": cl.IncidentID, "Title": cl.Title, "Date": day(cl.ClosedAt),
			"Days": int(now.Sub(cl.ClosedAt).Hours() / 24), "Texts": cl.Texts + cl.Unredactable, "State": state}))
		if cl.Unredactable > 0 {
			fmt.Fprintln(stdout, l.T("cli.privacy.unredactable", i18n.Args{"N": cl.Unredactable}))
		}
	}
	open, err := db.OpenIncidents(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s\n\n", l.T("cli.privacy.open", i18n.Args{"N": len(open)}))

	ob, err := db.DeliveredOutboxPayloads(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprint(stdout, l.T("cli.privacy.outbox", i18n.Args{"Period": periodIn(l, ret.DeliveredOutbox), "N": ob.Count}))
	if ob.Count > 0 {
		fmt.Fprint(stdout, l.T("cli.privacy.outbox_oldest", i18n.Args{"Date": day(ob.Oldest)}))
	}
	fmt.Fprintln(stdout)

	users, err := db.CachedSlackUsers(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	inPlan := planEmails(p)
	gone := 0
	for _, u := range users {
		if !inPlan(u.Email) {
			gone++
		}
	}
	fmt.Fprint(stdout, l.T("cli.privacy.users", i18n.Args{"Period": periodIn(l, ret.SlackUserCache), "N": len(users)}))
	if len(users) > 0 {
		fmt.Fprint(stdout, l.T("cli.privacy.users_oldest", i18n.Args{"Date": day(users[0].CachedAt), "Gone": gone}))
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout)
	if code := writeFileModes(stdout, l, cfg.DBPath, cfg.AnchorPath()); code != 0 {
		return code
	}

	if !*apply {
		fmt.Fprintln(stdout, "\n"+l.T("cli.privacy.hint"))
		return 0
	}
	fmt.Fprintln(stdout)
	redacted, err := db.RedactClosedBefore(ctx, textCutoff, "beredskapsbot", loc)
	if err != nil && !errors.Is(err, storage.ErrCheckpoint) {
		fmt.Fprintln(stderr, l.T("cli.privacy.redact_stopped", i18n.Args{"N": redacted, "Err": err}))
		return 1
	}
	fmt.Fprintln(stdout, l.T("cli.privacy.redacted", i18n.Args{"N": redacted, "Reason": storage.RetentionReason}))
	blanked, err := db.BlankDeliveredOutbox(ctx, ret.DeliveredOutbox.Before(now))
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, l.T("cli.privacy.blanked", i18n.Args{"N": blanked}))
	forgot, err := db.ForgetSlackUsers(ctx, ret.SlackUserCache.Before(now), inPlan)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, l.T("cli.privacy.forgot", i18n.Args{"N": forgot}))
	if err := db.Checkpoint(ctx); err != nil {
		fmt.Fprintln(stderr, l.T("cli.privacy.checkpoint", i18n.Args{"Err": err, "DB": cfg.DBPath}))
		return 1
	}
	fmt.Fprintln(stdout, l.T("cli.privacy.wal"))
	return 0
}

// planEmails returns whether an e-mail address (compared in lower case)
// belongs to a contact of the plan.
func planEmails(p *plan.Plan) func(string) bool {
	emails := map[string]bool{}
	for _, c := range p.Contacts {
		for _, e := range []string{c.Email, c.SlackEmail} {
			if e = strings.ToLower(strings.TrimSpace(e)); e != "" {
				emails[e] = true
			}
		}
	}
	return func(e string) bool { return emails[strings.ToLower(strings.TrimSpace(e))] }
}

// writeFileModes lists the files that hold personal data with their modes
// and the problems record.CheckFiles finds. It returns 1 if a file cannot
// be examined.
func writeFileModes(w io.Writer, l *i18n.Localizer, dbPath, anchorPath string) int {
	fmt.Fprintln(w, l.T("cli.privacy.files"))
	for _, f := range []string{dbPath, dbPath + "-wal", anchorPath} {
		fi, err := os.Stat(f)
		if err != nil {
			continue
		}
		mod := fi.ModTime().UTC()
		fmt.Fprintln(w, l.T("cli.privacy.file", i18n.Args{"File": f, "Mode": fmt.Sprintf("%04o", fi.Mode().Perm()),
			"When": localtime.Date(l.Lang(), mod) + " " + localtime.Clock(l.Lang(), mod) + " UTC"}))
	}
	problems, err := record.CheckFilesIn(l.Lang(), dbPath, anchorPath)
	if err != nil {
		fmt.Fprintln(w, err)
		return 1
	}
	for _, p := range problems {
		fmt.Fprintln(w, l.T("cli.warning", i18n.Args{"What": p}))
	}
	return 0
}

// periodIn writes a retention period in l's language: «5 år», «30 dager».
func periodIn(l *i18n.Localizer, r plan.RetentionPeriod) string {
	var parts []string
	for _, x := range []struct {
		n  int
		id string
	}{{r.Years, "cli.period.years"}, {r.Months, "cli.period.months"}, {r.Days, "cli.period.days"}} {
		if x.n != 0 {
			parts = append(parts, l.T(x.id, i18n.Args{"Count": x.n}))
		}
	}
	if len(parts) == 0 {
		return r.String()
	}
	return l.Join(parts, true)
}
