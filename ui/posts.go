package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Posts: what the outbox deliverer posts in channels on its own (not as
// the answer to a command). The deliverer only decides when and where.

// EchoText is how a stored log entry is announced, in the plan's
// language: "Beslutning #7 loggført 14:32 av @kari: …". The entry's own
// text is made safe (no mass mentions).
func EchoText(p *plan.Plan, e incident.Entry, loc *time.Location) string {
	l := i18n.For(p.Lang)
	text := SafeText(e.Text)
	if e.Kind == incident.EntryCorrection {
		text = l.T("ui.echo.corrects", i18n.Args{"Seq": e.Corrects, "Text": text})
	}
	return l.T("ui.echo", i18n.Args{"Kind": KindLabel(p.Lang, e.Kind), "Seq": e.Seq,
		"Time": TimeIn(p.Lang, e.CreatedAt, loc), "Who": Mention(p, e.Author), "Text": text})
}

// Announcement is the message in the team channel about a new incident
// in channel ch called name. A skjermet (private) incident is never
// announced (the deliverer leaves it out).
func Announcement(p *plan.Plan, inc incident.Incident, ch, name string) Response {
	l := i18n.For(p.Lang)
	word := KindWordIn(p.Lang, inc.Kind)
	by := Mention(p, inc.OpenedBy)
	text := l.T("ui.announce.open", i18n.Args{"Kind": Capital(word), "Title": Escape(inc.Title), "Channel": ch, "Name": name, "By": by})
	// The fallback text is mrkdwn too: escaped again, so a title such as
	// "<!channel>" is shown, never broadcast.
	return Response{Text: Escape(Unmrkdwn(text, nil)), Blocks: []Block{{Kind: BlockSection, Text: text}}}
}

// ActionShowPhones is the button «Vis telefonnumre» under a varslingsliste
// posted without numbers (value: the list's ID); its handler shows the
// numbers only to the one who pressed, if they may see them.
const ActionShowPhones = "show_phones"

// ListPost is the varslingsliste posted (and pinned) in a new incident's
// channel. withPhones is for private channels only: in a channel anyone
// in the workspace can read, the list shows names, roles and mentions,
// and a button «Vis telefonnumre».
func ListPost(p *plan.Plan, l *plan.NotificationList, withPhones bool) Response {
	text := i18n.For(p.Lang).T("ui.list.header", i18n.Args{"Name": Escape(l.Name)})
	if withPhones {
		return Response{Text: text, Blocks: ListBlocks(p, l)}
	}
	return Response{Text: text, Blocks: listBlocksWithoutPhones(p, l)}
}

// listBlocksWithoutPhones is ListBlocks with names, roles and Slack
// mentions only, and the button that shows the numbers privately.
func listBlocksWithoutPhones(p *plan.Plan, l *plan.NotificationList) []Block {
	tr := i18n.For(p.Lang)
	b := Builder{Blocks: listBlocks(p, l, func(c *plan.Contact) string {
		if c.SlackID == "" {
			return ""
		}
		return " · <@" + c.SlackID + ">"
	})}
	b.Context(tr.T("ui.list.open_note"))
	b.Buttons(Button{ActionID: ActionShowPhones, Text: tr.T("ui.list.show_phones"), Value: l.ID})
	return b.Blocks
}

// FirstMeetingAgenda is the agenda of the first meeting, posted in a new
// incident's channel.
func FirstMeetingAgenda(p *plan.Plan) Response {
	title := i18n.For(p.Lang).T("ui.agenda.first")
	return Response{Text: title, Blocks: AgendaBlocks(title, p.Meetings.First)}
}

// CardPost is an incident's action card with its progress and buttons,
// posted in its channel.
func CardPost(p *plan.Plan, c *plan.ActionCard, done map[int]incident.StepDone, incID int64, loc *time.Location, now time.Time) Response {
	return Response{Text: i18n.For(p.Lang).T("ui.card.header", i18n.Args{"Title": c.Title}), Blocks: CardBlocks(p, c, done, incID, true, loc, now)}
}

// NotInvited lists the contacts (by ID) that could not be added to an
// incident's channel, with their phone numbers, so someone calls them.
// It holds phone numbers: the deliverer sends it only as direct messages
// to the opener and the kriseleder, never to a channel.
func NotInvited(p *plan.Plan, ids []string) Response {
	l := i18n.For(p.Lang)
	lines := []string{l.T("ui.not_invited.header")}
	for _, id := range ids {
		c := p.Contact(id)
		if c == nil {
			continue
		}
		line := "• *" + c.Name + "*"
		if c.Title != "" {
			line += " (" + c.Title + ")"
		}
		var phones []string
		for i, ph := range c.Phones {
			label := ph
			if i < len(c.PhoneDisplay) {
				label = c.PhoneDisplay[i]
			}
			phones = append(phones, "<tel:"+ph+"|"+label+">")
		}
		if len(phones) == 0 {
			phones = []string{l.T("ui.not_invited.no_phone")}
		}
		lines = append(lines, line+": "+strings.Join(phones, " · "))
	}
	text := strings.Join(lines, "\n")
	return Response{Text: l.T("ui.not_invited.text"), Blocks: []Block{{Kind: BlockSection, Text: text}}}
}

// NormalisationChecklist is posted in a closed incident's channel: who
// closed it, the summary, and the plan's normalisation checklist.
func NormalisationChecklist(p *plan.Plan, inc incident.Incident, loc *time.Location) Response {
	l := i18n.For(p.Lang)
	title := l.T("ui.normal.title")
	var lines []string
	for _, it := range p.Meetings.Normalisation {
		lines = append(lines, "☐ "+it)
	}
	closed := l.T("ui.normal.closed", i18n.Args{"At": StampIn(p.Lang, inc.ClosedAt, loc), "Who": Mention(p, inc.ClosedBy)})
	if inc.Summary != "" {
		closed += l.T("ui.normal.summary", i18n.Args{"Text": SafeText(inc.Summary)})
	}
	return Response{Text: title, Blocks: []Block{
		{Kind: BlockSection, Text: closed},
		{Kind: BlockHeader, Text: title},
		{Kind: BlockSection, Text: strings.Join(lines, "\n")},
	}}
}

// EvaluationPost is posted in a closed incident's channel: the plan's
// evaluation questions and the button that opens the evaluation form.
func EvaluationPost(p *plan.Plan, incidentID int64) Response {
	l := i18n.For(p.Lang)
	title := l.T("ui.eval.title")
	var lines []string
	for i, q := range p.Meetings.Evaluation {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, q))
	}
	return Response{Text: title, Blocks: []Block{
		{Kind: BlockHeader, Text: title},
		{Kind: BlockSection, Text: strings.Join(lines, "\n")},
		{Kind: BlockActions, Buttons: []Button{{ActionID: ActionOpenEvaluation, Text: l.T("ui.eval.button"), Value: strconv.FormatInt(incidentID, 10), Style: "primary"}}},
		{Kind: BlockContext, Text: l.T("ui.eval.hint")},
	}}
}

// MeetingReminder reminds an incident's channel of a status meeting at
// at: minutesBefore it ("Statusmøte om 10 minutter"), or as it starts
// (0), with the plan's status agenda.
func MeetingReminder(p *plan.Plan, inc incident.Incident, at time.Time, minutesBefore int, loc *time.Location) Response {
	l := i18n.For(p.Lang)
	heading := l.T("ui.meeting.now")
	if minutesBefore > 0 {
		heading = l.T("ui.meeting.soon", i18n.Args{"Count": minutesBefore})
	}
	clock := TimeIn(p.Lang, at, loc)
	blocks := []Block{
		{Kind: BlockHeader, Text: heading},
		{Kind: BlockSection, Text: l.T("ui.meeting.at", i18n.Args{"Time": clock, "Title": Escape(inc.Title)})},
	}
	if len(p.Meetings.Status) > 0 {
		blocks = append(blocks, AgendaBlocks(l.T("ui.meeting.agenda"), p.Meetings.Status)...)
	}
	text := l.T("ui.meeting.text", i18n.Args{"Heading": heading, "Time": clock})
	return Response{Text: text, Blocks: blocks}
}

// MaxTopic is Slack's limit for a channel topic.
const MaxTopic = 250

// TopicRole is the role whose holder is named in a new incident's
// channel topic: "kriseleder", else the plan's first role card; nil when
// the plan has no roles.
func TopicRole(p *plan.Plan) *plan.Role {
	if r := p.Role("kriseleder"); r != nil {
		return r
	}
	if len(p.Roles) > 0 {
		return p.Roles[0]
	}
	return nil
}

// OpenTopic is the topic of a new incident's channel, with holder (""
// for none) as the holder of TopicRole:
// "Strømbrudd · Kriseleder: Kari Nordmann · Startet 22.11.2026 kl. 14:32".
// It fits in MaxTopic; the title is cut when it must be.
func OpenTopic(p *plan.Plan, inc incident.Incident, holder string, loc *time.Location) string {
	l := i18n.For(p.Lang)
	title := inc.Title
	if inc.Kind == incident.KindExercise {
		title = l.T("ui.topic.exercise", i18n.Args{"Title": title})
	}
	rest := l.T("ui.topic.started", i18n.Args{"At": StampIn(p.Lang, inc.OpenedAt, loc)})
	if role := TopicRole(p); role != nil && holder != "" {
		rest = " · " + role.Title + ": " + userName(p, holder) + rest
	}
	return truncate(title, MaxTopic-utf8.RuneCountInString(rest)) + rest
}

// userName names a user for plain text such as a topic: the plan
// contact's name, else a Slack mention.
func userName(p *plan.Plan, userID string) string {
	if name := NameResolver(p)(userID); name != userID {
		return name
	}
	if IsSlackID(userID) {
		return "<@" + userID + ">"
	}
	return Unmrkdwn(Mention(p, userID), nil)
}

// truncate cuts s to at most n characters, marking a cut with "…".
func truncate(s string, n int) string {
	if n < 1 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// maxEchoSection is how much of a combined echo goes into one section,
// below Slack's 3000 with a margin.
const maxEchoSection = 2800

// EchoBatch is one post for log entries whose echoes fell behind
// ("#41–#67 loggført:" and a line per entry, as EchoText), so that a flood
// of entries does not bury what follows. entries are in log order.
func EchoBatch(p *plan.Plan, entries []incident.Entry, loc *time.Location) Response {
	if len(entries) == 0 {
		return Response{}
	}
	head := i18n.For(p.Lang).T("ui.echo.batch", i18n.Args{"From": entries[0].Seq, "To": entries[len(entries)-1].Seq})
	var b Builder
	b.Section("*" + head + ":*")
	var cur []string
	size := 0
	flush := func() {
		if len(cur) > 0 {
			b.Section(strings.Join(cur, "\n"))
			cur, size = nil, 0
		}
	}
	for _, e := range entries {
		line := EchoText(p, e, loc)
		n := utf8.RuneCountInString(line) + 1
		if size+n > maxEchoSection {
			flush()
		}
		cur = append(cur, line)
		size += n
	}
	flush()
	return Response{Text: head, Blocks: b.Blocks}
}
