package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

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
		fmt.Fprintf(stderr, "privacy: ukjent argument %q\n", fs.Arg(0))
		return 2
	}
	if _, err := os.Stat(cfg.DBPath); err != nil {
		fmt.Fprintf(stderr, "finner ikke databasen %s (sett BEREDSKAP_DB): %v\n", cfg.DBPath, err)
		return 1
	}
	p, db, code := openPlanAndStore(cfg, *dir, cfg.NewLogger(), stderr)
	if code != 0 {
		return code
	}
	defer db.Close()
	ret := p.Retentions()
	now := time.Now().UTC()
	loc := displayLocation(cfg, p)
	day := func(t time.Time) string { return t.In(loc).Format("02.01.2006") }

	closed, err := db.ClosedIncidentTexts(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	textCutoff := ret.ClosedIncidentTexts.Before(now)
	fmt.Fprintf(stdout, "Personopplysninger i %s:\n\n", cfg.DBPath)
	fmt.Fprintf(stdout, "Loggtekster i avsluttede hendelser (oppbevares %s etter avslutning):\n", ret.ClosedIncidentTexts)
	if len(closed) == 0 {
		fmt.Fprintln(stdout, "  ingen")
	}
	for _, cl := range closed {
		state := ""
		if cl.ClosedAt.Before(textCutoff) {
			state = " – oppbevaringstiden er utløpt"
		}
		fmt.Fprintf(stdout, "  hendelse %d «%s», avsluttet %s (%d dager siden): %d tekster%s\n",
			cl.IncidentID, cl.Title, day(cl.ClosedAt), int(now.Sub(cl.ClosedAt).Hours()/24), cl.Texts+cl.Unredactable, state)
		if cl.Unredactable > 0 {
			fmt.Fprintf(stdout, "    %d av dem ble loggført før sladding ble mulig og kan ikke sladdes uten å bryte hash-kjeden\n", cl.Unredactable)
		}
	}
	open, err := db.OpenIncidents(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Åpne hendelser (tekstene beholdes så lenge hendelsen er åpen): %d\n\n", len(open))

	ob, err := db.DeliveredOutboxPayloads(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Leverte utboksmeldinger (oppbevares %s etter levering): %d", ret.DeliveredOutbox, ob.Count)
	if ob.Count > 0 {
		fmt.Fprintf(stdout, ", den eldste levert %s", day(ob.Oldest))
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
	fmt.Fprintf(stdout, "Slack-brukerbuffer (e-post → Slack-bruker, oppbevares %s): %d", ret.SlackUserCache, len(users))
	if len(users) > 0 {
		fmt.Fprintf(stdout, ", den eldste fra %s; %d tilhører kontakter som ikke lenger er i planen", day(users[0].CachedAt), gone)
	}
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout)
	if code := writeFileModes(stdout, cfg.DBPath, cfg.AnchorPath()); code != 0 {
		return code
	}

	if !*apply {
		fmt.Fprintln(stdout, "\nKjør beredskapsbot privacy --apply for å sladde og slette det som er eldre enn oppbevaringstiden.")
		return 0
	}
	fmt.Fprintln(stdout)
	redacted, err := db.RedactClosedBefore(ctx, textCutoff, "beredskapsbot", loc)
	if err != nil && !errors.Is(err, storage.ErrCheckpoint) {
		fmt.Fprintf(stderr, "privacy: sladding stoppet etter %d tekster: %v\n", redacted, err)
		return 1
	}
	fmt.Fprintf(stdout, "Sladdet %d loggtekster i avsluttede hendelser (grunn: %s).\n", redacted, storage.RetentionReason)
	blanked, err := db.BlankDeliveredOutbox(ctx, ret.DeliveredOutbox.Before(now))
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Tømte %d leverte utboksmeldinger.\n", blanked)
	forgot, err := db.ForgetSlackUsers(ctx, ret.SlackUserCache.Before(now), inPlan)
	if err != nil {
		fmt.Fprintf(stderr, "privacy: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "Slettet %d oppføringer i Slack-brukerbufferen.\n", forgot)
	if err := db.Checkpoint(ctx); err != nil {
		fmt.Fprintf(stderr, "Advarsel: %v; gamle tekster kan ligge i %s-wal til neste sjekkpunkt.\n", err, cfg.DBPath)
		return 1
	}
	fmt.Fprintln(stdout, "WAL-fila er tømt. Sikkerhetskopier tatt før nå har fortsatt dataene: slett eller erstatt dem.")
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
func writeFileModes(w io.Writer, dbPath, anchorPath string) int {
	fmt.Fprintln(w, "Filer:")
	for _, f := range []string{dbPath, dbPath + "-wal", anchorPath} {
		fi, err := os.Stat(f)
		if err != nil {
			continue
		}
		fmt.Fprintf(w, "  %s (modus %04o, endret %s)\n", f, fi.Mode().Perm(), fi.ModTime().UTC().Format("02.01.2006 15:04 UTC"))
	}
	problems, err := record.CheckFiles(dbPath, anchorPath)
	if err != nil {
		fmt.Fprintln(w, err)
		return 1
	}
	for _, p := range problems {
		fmt.Fprintf(w, "  Advarsel: %s\n", p)
	}
	return 0
}
