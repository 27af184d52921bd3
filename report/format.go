package report

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/commands"
	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// The time formats of the report. Times are already in the report's zone.
const (
	stampLayout = "02.01.2006 kl. 15:04"
	logLayout   = "02.01.2006 15:04:05"
)

func stamp(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.Format(stampLayout)
}

func logTime(t time.Time) string { return t.Format(logLayout) }

// kindLabels name the kinds of log entry in the report.
var kindLabels = map[incident.EntryKind]string{
	incident.EntryDecision:   "Beslutning",
	incident.EntryEvent:      "Observasjon",
	incident.EntryCorrection: "Korreksjon",
	incident.EntryRole:       "Rolle",
	incident.EntryStep:       "Tiltak",
	incident.EntryMeeting:    "Møte",
	incident.EntryOpened:     "Åpnet",
	incident.EntryClosed:     "Avsluttet",
	incident.EntryEvaluation: "Evaluering",
	incident.EntryReport:     "Situasjonsrapport",
	incident.EntryRedaction:  "Sladding",
}

// KindLabel returns the bokmål label of a kind of log entry.
func KindLabel(k incident.EntryKind) string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// display makes stored text readable: Slack's own tokens (mentions
// <@U123>, channel links <#C123|navn>, <!here>, links <https://…|tekst>,
// <tel:…|…>, <mailto:…>) become names and plain text, and Slack's escapes
// &lt; &gt; &amp; are undone. Anything else in angle brackets (text typed
// in the console, such as "<b>") is kept as written. The result is still
// untrusted text that each format escapes.
func (r *Report) display(s string) string {
	s = slackToken.ReplaceAllStringFunc(s, func(tok string) string {
		return ui.Unmrkdwn(tok, r.names.name)
	})
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

var slackToken = regexp.MustCompile(`<(?:[@][UW][A-Z0-9]+|#C[A-Z0-9]+|![a-z]+(?:\^[^|>]*)?|(?:https?|mailto|tel):[^|>\s]+)(?:\|[^<>]*)?>`)

// StatusText is "Avsluttet 22.11.2026 kl. 18:05" or "Pågår".
func (r *Report) StatusText() string {
	if r.Open() {
		return "Pågår (foreløpig rapport)"
	}
	return "Avsluttet " + stamp(r.Closed)
}

// Duration is how long the incident lasted, or has lasted so far.
func (r *Report) Duration() string { return commands.Since(r.end().Sub(r.Opened)) }

// ZoneNote says which zone the times are in.
func (r *Report) ZoneNote() string {
	return fmt.Sprintf("Alle tider er lokal tid (%s).", r.Loc)
}

// correctionNote is "rettet i #7, #9" for a corrected entry.
func correctionNote(seqs []int) string {
	if len(seqs) == 0 {
		return ""
	}
	parts := make([]string, len(seqs))
	for i, s := range seqs {
		parts[i] = fmt.Sprintf("#%d", s)
	}
	return "rettet i " + strings.Join(parts, ", ")
}

// corrections returns the lines that correct line l, in order.
func (r *Report) corrections(l LogLine) []LogLine {
	var out []LogLine
	for _, s := range l.CorrectedBy {
		for _, c := range r.Log {
			if c.Seq == s {
				out = append(out, c)
			}
		}
	}
	return out
}

// chainNote tells the reader what the final hash is for, without the
// operator's commands.
const chainNote = "Den siste hashen binder loggen: den som har tilgang til Beredskapsbot, kan senere kontrollere at loggen ikke er endret etter at rapporten ble laget."

// privateNote is the "Skjermet" marking of private incidents.
const privateNote = "SKJERMET – hendelsen ble håndtert i en privat kanal. Rapporten kan inneholde opplysninger som er unntatt offentlighet; del den bare med dem som har tjenstlig behov."

// AssignedText is who gave the role: the person's name, or «fra
// rollekortet» for a role given from the role cards at opening.
func (t RoleTerm) AssignedText() string {
	if t.FromCard {
		return "fra rollekortet"
	}
	return t.AssignedBy.Name
}

// contactsNote says how phone numbers were handled.
func (r *Report) contactsNote() string {
	if r.WithContacts {
		return "Rapporten inneholder telefonnumre og e-postadresser (personopplysninger)."
	}
	return "Telefonnumre og e-postadresser er utelatt."
}
