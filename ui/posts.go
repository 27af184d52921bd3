package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Posts: what the outbox deliverer posts in channels on its own (not as
// the answer to a command). The deliverer only decides when and where.

// EchoText is how a stored log entry is announced:
// "Beslutning #7 loggført 14:32 av @kari: …". The entry's own text is made
// safe (no mass mentions).
func EchoText(p *plan.Plan, e incident.Entry, loc *time.Location) string {
	word := map[incident.EntryKind]string{
		incident.EntryDecision:   "Beslutning",
		incident.EntryEvent:      "Hendelse",
		incident.EntryCorrection: "Korreksjon",
		incident.EntryRole:       "Rolle",
		incident.EntryStep:       "Tiltak",
		incident.EntryMeeting:    "Møte",
		incident.EntryOpened:     "Åpnet",
		incident.EntryClosed:     "Avsluttet",
		incident.EntryEvaluation: "Evaluering",
	}[e.Kind]
	if word == "" {
		word = "Logglinje"
	}
	text := SafeText(e.Text)
	if e.Kind == incident.EntryCorrection {
		text = fmt.Sprintf("(retter #%d) %s", e.Corrects, text)
	}
	return fmt.Sprintf("%s #%d loggført %s av %s: %s", word, e.Seq, e.CreatedAt.In(loc).Format("15:04"), Mention(p, e.Author), text)
}

// Announcement is the message in the team channel about a new incident
// in channel ch called name. A private incident is announced without its
// title or channel.
func Announcement(p *plan.Plan, inc incident.Incident, ch, name string) Response {
	word := "Hendelse"
	if inc.Kind == incident.KindExercise {
		word = "Øvelse"
	}
	by := Mention(p, inc.OpenedBy)
	var text string
	if inc.Private {
		text = fmt.Sprintf(":rotating_light: *Skjermet %s åpnet* av %s. Kanalen er privat; kriseleder inviterer dem som trenger tilgang.", strings.ToLower(word), by)
	} else {
		text = fmt.Sprintf(":rotating_light: *%s åpnet:* %s – <#%s|%s> (åpnet av %s)", word, Escape(inc.Title), ch, name, by)
	}
	return Response{Text: Unmrkdwn(text, nil), Blocks: []Block{{Kind: BlockSection, Text: text}}}
}

// ListPost is the varslingsliste posted (and pinned) in a new incident's
// channel.
func ListPost(p *plan.Plan, l *plan.NotificationList) Response {
	return Response{Text: "Varslingsliste: " + l.Name, Blocks: ListBlocks(p, l)}
}

// FirstMeetingAgenda is the agenda of the first meeting, posted in a new
// incident's channel.
func FirstMeetingAgenda(p *plan.Plan) Response {
	const title = "Agenda for førstemøtet"
	return Response{Text: title, Blocks: AgendaBlocks(title, p.Meetings.First)}
}

// CardPost is an incident's action card with its progress and buttons,
// posted in its channel.
func CardPost(p *plan.Plan, c *plan.ActionCard, done map[int]incident.StepDone, incID int64, loc *time.Location, now time.Time) Response {
	return Response{Text: "Tiltakskort: " + c.Title, Blocks: CardBlocks(p, c, done, incID, true, loc, now)}
}

// NotInvited lists the contacts (by ID) that could not be added to an
// incident's channel, with their phone numbers, so someone calls them.
func NotInvited(p *plan.Plan, ids []string) Response {
	lines := []string{"*Disse kunne ikke legges til i kanalen – ring dem:*"}
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
			phones = []string{"_ingen telefon i planen_"}
		}
		lines = append(lines, line+": "+strings.Join(phones, " · "))
	}
	text := strings.Join(lines, "\n")
	return Response{Text: "Kunne ikke legges til i kanalen – ring dem", Blocks: []Block{{Kind: BlockSection, Text: text}}}
}

// NormalisationChecklist is posted in a closed incident's channel: who
// closed it, the summary, and the plan's normalisation checklist.
func NormalisationChecklist(p *plan.Plan, inc incident.Incident, loc *time.Location) Response {
	const title = "Sjekkliste for normalisering"
	var lines []string
	for _, it := range p.Meetings.Normalisation {
		lines = append(lines, "☐ "+it)
	}
	closed := fmt.Sprintf("Avsluttet %s av %s.", Stamp(inc.ClosedAt, loc), Mention(p, inc.ClosedBy))
	if inc.Summary != "" {
		closed += " Oppsummering: " + SafeText(inc.Summary)
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
	const title = "Evaluering"
	var lines []string
	for i, q := range p.Meetings.Evaluation {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, q))
	}
	return Response{Text: title, Blocks: []Block{
		{Kind: BlockHeader, Text: title},
		{Kind: BlockSection, Text: strings.Join(lines, "\n")},
		{Kind: BlockActions, Buttons: []Button{{ActionID: ActionOpenEvaluation, Text: "Svar på evalueringen", Value: strconv.FormatInt(incidentID, 10), Style: "primary"}}},
		{Kind: BlockContext, Text: "Eller svar med `/beredskap evaluer &lt;tekst&gt;` i denne kanalen. Forslag til endringer i planen tas med i neste revisjon."},
	}}
}

// MeetingReminder reminds an incident's channel of a status meeting at
// at: minutesBefore it ("Statusmøte om 10 minutter"), or as it starts
// (0), with the plan's status agenda.
func MeetingReminder(p *plan.Plan, inc incident.Incident, at time.Time, minutesBefore int, loc *time.Location) Response {
	heading := "Statusmøtet starter nå"
	if minutesBefore > 0 {
		heading = fmt.Sprintf("Statusmøte om %d minutter", minutesBefore)
	}
	blocks := []Block{
		{Kind: BlockHeader, Text: heading},
		{Kind: BlockSection, Text: fmt.Sprintf("Statusmøte kl. %s for *%s*.", at.In(loc).Format("15:04"), Escape(inc.Title))},
	}
	if len(p.Meetings.Status) > 0 {
		blocks = append(blocks, AgendaBlocks("Agenda for statusmøtet", p.Meetings.Status)...)
	}
	text := fmt.Sprintf("%s (kl. %s)", heading, at.In(loc).Format("15:04"))
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
	title := inc.Title
	if inc.Kind == incident.KindExercise {
		title = "ØVELSE: " + title
	}
	rest := " · Startet " + Stamp(inc.OpenedAt, loc)
	if role := TopicRole(p); role != nil && holder != "" {
		rest = " · " + role.Title + ": " + userName(p, holder) + rest
	}
	return truncate(title, MaxTopic-utf8.RuneCountInString(rest)) + rest
}

// ClosedTopic is the topic of a closed incident's channel:
// "AVSLUTTET – <title>", within MaxTopic.
func ClosedTopic(inc incident.Incident) string {
	return truncate("AVSLUTTET – "+inc.Title, MaxTopic)
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
