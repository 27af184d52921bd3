package reminders

import (
	"fmt"
	"strings"

	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Message returns the reminder for it as it is posted to the team
// channel, worded for today: the owner mentioned, what is due and when
// (local date), what counts as done, and the buttons "Registrer
// gjennomført" and "Utsett 1 uke" (the latter not for an item never done,
// which has no due date to move). due is the ledger's due key.
func Message(it Item, due string, today plan.Date) ui.Response {
	who := ""
	if ref := ownerRef(it.Owner); ref != "" {
		who = ref + ": "
	}
	name := ui.Escape(it.Name)
	var line, summary string
	if it.Due.IsZero() {
		line = fmt.Sprintf("%s*%s* er ikke registrert gjennomført (skal gjøres %s).", who, name, every(it.IntervalMonths))
		summary = "Påminnelse: " + it.Name + " er ikke registrert gjennomført"
	} else {
		date := it.Due.Norwegian()
		if it.Postponed {
			date += " (utsatt frist)"
		}
		switch left := plan.DaysBetween(today, it.Due); {
		case left > 1:
			line = fmt.Sprintf("%s*%s* skal være gjennomført innen *%s* – om %d dager.", who, name, date, left)
		case left == 1:
			line = fmt.Sprintf("%s*%s* skal være gjennomført innen *%s* – i morgen.", who, name, date)
		case left == 0:
			line = fmt.Sprintf("%s*%s* har frist *i dag* (%s).", who, name, date)
		case left == -1:
			line = fmt.Sprintf("%s*%s* skulle vært gjennomført innen *%s* – forfalt i går.", who, name, date)
		default:
			line = fmt.Sprintf("%s*%s* skulle vært gjennomført innen *%s* – forfalt for %d dager siden.", who, name, date, -left)
		}
		summary = "Påminnelse: " + it.Name + " – frist " + it.Due.Norwegian()
	}
	blocks := []ui.Block{
		{Kind: ui.BlockHeader, Text: "Påminnelse: " + it.Name},
		{Kind: ui.BlockSection, Text: line},
	}
	if strings.TrimSpace(it.DoneWhen) != "" {
		blocks = append(blocks, ui.Block{Kind: ui.BlockSection, Text: "*Gjennomført når:* " + ui.SafeText(it.DoneWhen)})
	}
	last := "Aldri registrert gjennomført"
	if !it.LastDone.IsZero() {
		last = "Sist gjennomført " + it.LastDone.Norwegian()
	}
	blocks = append(blocks, ui.Block{Kind: ui.BlockContext, Text: fmt.Sprintf(
		"%s · %s · eller skriv `/beredskap øvelse registrer %s [dato] [notat]`", last, every(it.IntervalMonths), it.ID)})
	buttons := []ui.Button{{ActionID: ActionDone, Text: "Registrer gjennomført",
		Value: Value(it.ID, due), Style: "primary"}}
	if due != NeverDue {
		buttons = append(buttons, ui.Button{ActionID: ActionPostpone, Text: "Utsett 1 uke",
			Value: Value(it.ID, due)})
	}
	blocks = append(blocks, ui.Block{Kind: ui.BlockActions, Buttons: buttons})
	if ref := ownerRef(it.Owner); ref != "" {
		summary = ref + " " + summary
	}
	return ui.Response{Text: summary, Blocks: blocks, Visibility: ui.InChannel}
}

// ownerRef is how the owner is named: a Slack mention when the plan has
// their Slack ID, else their name; "" without an owner.
func ownerRef(c *plan.Contact) string {
	switch {
	case c == nil:
		return ""
	case c.SlackID != "":
		return "<@" + c.SlackID + ">"
	}
	return ui.Escape(c.Name)
}

// every words an interval: "hver måned", "hver 12. måned".
func every(n int) string {
	if n == 1 {
		return "hver måned"
	}
	return fmt.Sprintf("hver %d. måned", n)
}

// StageWords describes a ledger stage in bokmål, for the command line
// and logs: "30 dager før fristen", "på fristdagen", "7 dager etter
// fristen", "ukentlig (aldri gjennomført)".
func StageWords(stage string) string {
	s, ok := plan.ParseStage(stage)
	switch {
	case !ok:
		return "ukentlig (aldri gjennomført)"
	case s.Offset < 0:
		return fmt.Sprintf("%d dager før fristen", -s.Offset)
	case s.Offset == 0:
		return "på fristdagen"
	}
	return fmt.Sprintf("%d dager etter fristen", s.Offset)
}
