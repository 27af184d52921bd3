package reminders

import (
	"strings"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// MessageIn returns the reminder for it as it is posted to the team
// channel, in lang and worded for today: the owner mentioned, what is due
// and when (local date), what counts as done, and the buttons "Registrer
// gjennomført" and "Utsett 1 uke" («Skjut upp 1 vecka») – the latter not
// for an item never done, which has no due date to move. due is the
// ledger's due key.
func MessageIn(lang i18n.Lang, it Item, due string, today plan.Date) ui.Response {
	l := i18n.For(lang)
	who := ""
	if ref := ownerRef(it.Owner); ref != "" {
		who = ref + ": "
	}
	args := i18n.Args{"Who": who, "Name": ui.Escape(it.Name), "Every": every(lang, it.IntervalMonths)}
	var line, summary string
	if it.Due.IsZero() {
		line = l.T("reminder.never", args)
		summary = l.T("reminder.never_summary", i18n.Args{"Name": it.Name})
	} else {
		args["Date"] = it.Due.Show(lang)
		if it.Postponed {
			args["Date"] = it.Due.Show(lang) + l.T("reminder.postponed")
		}
		switch left := plan.DaysBetween(today, it.Due); {
		case left > 1:
			args["Days"] = l.T("count.days", i18n.Args{"Count": left})
			line = l.T("reminder.left", args)
		case left == 1:
			line = l.T("reminder.tomorrow", args)
		case left == 0:
			line = l.T("reminder.today", args)
		case left == -1:
			line = l.T("reminder.yesterday", args)
		default:
			args["Days"] = l.T("count.days", i18n.Args{"Count": -left})
			line = l.T("reminder.overdue", args)
		}
		summary = l.T("reminder.summary", i18n.Args{"Name": it.Name, "Date": it.Due.Show(lang)})
	}
	blocks := []ui.Block{
		{Kind: ui.BlockHeader, Text: l.T("reminder.header", i18n.Args{"Name": it.Name})},
		{Kind: ui.BlockSection, Text: line},
	}
	if strings.TrimSpace(it.DoneWhen) != "" {
		blocks = append(blocks, ui.Block{Kind: ui.BlockSection, Text: l.T("reminder.done_when", i18n.Args{"Text": ui.SafeText(it.DoneWhen)})})
	}
	last := l.T("reminder.never_done")
	if !it.LastDone.IsZero() {
		last = l.T("reminder.last_done", i18n.Args{"Date": it.LastDone.Show(lang)})
	}
	blocks = append(blocks, ui.Block{Kind: ui.BlockContext, Text: l.T("reminder.context",
		i18n.Args{"Last": last, "Every": every(lang, it.IntervalMonths), "ID": it.ID})})
	buttons := []ui.Button{{ActionID: ActionDone, Text: l.T("reminder.button.done"),
		Value: Value(it.ID, due), Style: "primary"}}
	if due != NeverDue {
		buttons = append(buttons, ui.Button{ActionID: ActionPostpone, Text: l.T("reminder.button.postpone"),
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

// every words an interval in lang: "hver måned", "hver 12. måned".
func every(lang i18n.Lang, n int) string {
	return i18n.For(lang).T("count.every_months", i18n.Args{"Count": n})
}

// StageWords is StageWordsIn in bokmål.
func StageWords(stage string) string { return StageWordsIn(i18n.Bokmal, stage) }

// StageWordsIn describes a ledger stage in lang: "30 dager før fristen",
// "på fristdagen", "7 dager etter fristen", "ukentlig (aldri
// gjennomført)". A stage counts from the day it was reached; next to a
// reminder's text, which counts to the day it is worded for, use
// Planned.When, which counts the same days as the text.
func StageWordsIn(lang i18n.Lang, stage string) string {
	s, ok := plan.ParseStage(stage)
	if !ok {
		return i18n.For(lang).T("reminder.stage.never")
	}
	return daysWords(lang, s.Offset)
}

// DueWords says where today stands against due in lang, with the day
// count the reminder's text uses: "5 dager før fristen", "på fristdagen",
// "54 dager etter fristen", or "ukentlig (aldri gjennomført)" for a zero
// due date.
func DueWords(lang i18n.Lang, due, today plan.Date) string {
	if due.IsZero() {
		return i18n.For(lang).T("reminder.stage.never")
	}
	return daysWords(lang, -plan.DaysBetween(today, due))
}

// daysWords words an offset in days from the due date (negative: before).
func daysWords(lang i18n.Lang, offset int) string {
	l := i18n.For(lang)
	switch {
	case offset < 0:
		return l.T("reminder.stage.before", i18n.Args{"Count": -offset})
	case offset == 0:
		return l.T("reminder.stage.due")
	}
	return l.T("reminder.stage.after", i18n.Args{"Count": offset})
}
