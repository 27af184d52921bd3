package commands

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/beredskapsbot/beredskapsbot/commands/alarms"
	"github.com/beredskapsbot/beredskapsbot/commands/arshjul"
	"github.com/beredskapsbot/beredskapsbot/commands/cmdkit"
	"github.com/beredskapsbot/beredskapsbot/commands/continuity"
	"github.com/beredskapsbot/beredskapsbot/commands/followups"
	"github.com/beredskapsbot/beredskapsbot/commands/sitreps"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Command is one row of the command table. The table drives dispatch,
// the help text and the Slack app manifest, so they cannot drift apart.
type Command struct {
	Slash   string   // "/beredskap"
	Name    string   // sub-command, "" for a slash command without sub-commands
	Aliases []string // other spellings ("mote" for "møte")
	Usage   string   // arguments, e.g. "<tekst>"
	Summary string   // bokmål, one line
	// Slow commands do work the transport must not wait for (opening an
	// incident creates a channel): the transport acknowledges first.
	Slow bool
	run  func(h *Handler, ctx context.Context, req ui.Request, args string) ui.Response
}

// feature makes a table row's run of a feature package's command: it
// runs in the handler's environment.
func feature(run cmdkit.RunFunc) func(h *Handler, ctx context.Context, req ui.Request, args string) ui.Response {
	return func(h *Handler, ctx context.Context, req ui.Request, args string) ui.Response {
		return run(ctx, &h.Env, req, args)
	}
}

// Slash describes one slash command for the Slack app manifest.
type Slash struct {
	Command     string
	Description string
	UsageHint   string
}

var table []Command

func init() {
	table = []Command{
		{Slash: "/beredskap", Name: "start", Usage: "[<tiltakskort>] [--privat] [--øvelse] <tittel>", Summary: "Åpne en hendelse (eller øvelse) med egen kanal og varslingsliste", Slow: true, run: (*Handler).start},
		{Slash: "/beredskap", Name: "status", Summary: "Status for hendelsen: roller, siste beslutninger, tiltak, neste møte", run: (*Handler).status},
		{Slash: "/beredskap", Name: "logg", Aliases: []string{"beslutning"}, Usage: "<tekst>", Summary: "Loggfør en beslutning", run: (*Handler).logDecision},
		{Slash: "/beredskap", Name: "korriger", Usage: "<nr> <tekst>", Summary: "Rett en loggført linje (den opprinnelige blir stående)", run: (*Handler).correct},
		{Slash: "/beredskap", Name: "sladd", Usage: "<nr> <grunn>", Summary: "Sladd teksten i en loggført linje, f.eks. personopplysninger (bare administratorer)", run: (*Handler).redact},
		{Slash: "/beredskap", Name: "rolle", Usage: "<rolle> <@bruker>", Summary: "Tildel en rolle i hendelsen", run: (*Handler).assignRole},
		{Slash: "/beredskap", Name: "møte", Aliases: []string{"mote"}, Usage: "<TT:MM>", Summary: "Sett neste statusmøte og vis agendaen", run: (*Handler).meeting},
		{Slash: "/beredskap", Name: "rapport", Aliases: []string{"situasjonsrapport", "lägesrapport"}, Usage: "[send [tekst]]", Summary: "Situasjonsrapport: utkast fra loggen siden forrige rapport; send den til kanalen og mottakerkanalen", run: feature(sitreps.Run)},
		{Slash: "/beredskap", Name: "avslutt", Usage: "[bekreft] [oppsummering]", Summary: "Avslutt hendelsen (normalisering); spør om bekreftelse", run: (*Handler).closeIncident},
		{Slash: "/beredskap", Name: "evaluer", Aliases: []string{"evaluering"}, Usage: "[<nr>] [plan:] <tekst>", Summary: "Svar på evalueringen etter at hendelsen er avsluttet (plan: = forslag til planendring)", run: (*Handler).evaluate},
		{Slash: "/beredskap", Name: "liste", Summary: "Åpne hendelser", run: (*Handler).list},
		{Slash: "/beredskap", Name: "mal", Usage: "[navn]", Summary: "Meldingsmaler, som holding statement", run: (*Handler).template},
		{Slash: "/beredskap", Name: "årshjul", Summary: "Øvelser og revisjoner med frist og status, og forslag til planendringer", run: feature(arshjul.Show)},
		{Slash: "/beredskap", Name: "oppfølging", Aliases: []string{"oppfolging", "åtgärd", "followup"}, Usage: "[<tekst> [ansvarlig] [frist] | lukk <nr> <notat>]", Summary: "Oppfølgingspunkter fra evalueringer: list, opprett eller lukk", run: feature(followups.Run)},
		{Slash: "/beredskap", Name: "øvelse", Usage: "registrer <id> [dato] [notat]", Summary: "Registrer en øvelse eller revisjon som gjennomført", run: feature(arshjul.Exercise)},
		{Slash: "/beredskap", Name: "varsle", Usage: "<hva har skjedd>", Summary: "Varsle kriseleder uten å åpne en hendelse (alle kan varsle)", run: feature(alarms.Raise)},
		{Slash: "/beredskap", Name: "avvisninger", Summary: "Avviste forsøk: hvem prøvde hva, og når (bare beredskapskoordinator)", run: feature(alarms.Refusals)},
		{Slash: "/beredskap", Name: "funksjoner", Aliases: []string{"funktioner", "functions"}, Usage: "[<id>]", Summary: "Kritiske funksjoner med toleranse, konsekvens og reserverutine", run: feature(continuity.Functions)},
		{Slash: "/beredskap", Name: "ros", Summary: "ROS-analysen: sannsynlighet, konsekvens, tiltak og tiltakskort", run: feature(continuity.ROS)},
		{Slash: "/beredskap", Name: "berørt", Aliases: []string{"berort", "berörd", "affected"}, Usage: "<funksjon> [siden TT:MM | gjenopprettet]", Summary: "Registrer en kritisk funksjon som ute av drift (toleranseklokke), eller gjenopprettet", run: feature(continuity.Affected)},
		{Slash: "/beredskap", Name: "perm", Aliases: []string{"pärm", "binder"}, Summary: "Få planen som PDF-perm for utskrift i en direktemelding", run: feature(continuity.Binder)},
		{Slash: "/beredskap", Name: "hjelp", Aliases: []string{"help"}, Summary: "Denne oversikten", run: (*Handler).help},
		{Slash: "/tiltak", Usage: "[<kort> [ferdig <nr>]]", Summary: "Tiltakskort: list alle, vis ett, eller kryss av et steg", run: (*Handler).actionCard},
		{Slash: "/rolle", Usage: "[<rolle>]", Summary: "Rollekort: list alle eller vis ett", run: (*Handler).roleCard},
		{Slash: "/kontakt", Usage: "<søk>", Summary: "Finn en kontakt (navn, tittel, virksomhet, rolle)", run: (*Handler).contact},
		{Slash: "/varsling", Usage: "[liste]", Summary: "Vis varslingslisten", run: (*Handler).notificationList},
	}
}

// Table returns the command table.
func Table() []Command { return append([]Command(nil), table...) }

// Slashes returns the distinct slash commands with a description and a
// usage hint, in table order, for the app manifest.
func Slashes() []Slash {
	var out []Slash
	seen := map[string]int{}
	for _, c := range table {
		i, ok := seen[c.Slash]
		if !ok {
			seen[c.Slash] = len(out)
			out = append(out, Slash{Command: c.Slash, Description: c.Summary, UsageHint: c.Usage})
			continue
		}
		// A command with sub-commands: describe the family and hint at them.
		out[i].Description = slashDescription(c.Slash)
		var names []string
		for _, s := range table {
			if s.Slash == c.Slash {
				names = append(names, s.Name)
			}
		}
		out[i].UsageHint = strings.Join(names, " | ")
	}
	return out
}

func slashDescription(slash string) string {
	if slash == "/beredskap" {
		return "Beredskapsplanen: åpne og lede en hendelse, logge beslutninger"
	}
	return slash
}

// IsSlow reports whether the command in req does slow work, so the
// transport should acknowledge before running it.
func IsSlow(req ui.Request) bool {
	c, _, ok := lookup(req)
	return ok && c.Slow
}

// lookup finds the table row for a request and the remaining arguments.
func lookup(req ui.Request) (Command, string, bool) {
	slash := strings.ToLower(strings.TrimSpace(req.Command))
	var subs []Command
	for _, c := range table {
		if c.Slash == slash {
			if c.Name == "" {
				return c, strings.TrimSpace(req.Text), true
			}
			subs = append(subs, c)
		}
	}
	if len(subs) == 0 {
		return Command{}, "", false
	}
	word, rest := cmdkit.FirstWord(req.Text)
	if word == "" {
		word = "hjelp"
	}
	f := plan.Fold(word)
	for _, c := range subs {
		if plan.Fold(c.Name) == f {
			return c, rest, true
		}
		for _, a := range c.Aliases {
			if plan.Fold(a) == f {
				return c, rest, true
			}
		}
	}
	return Command{}, "", false
}

// Handle runs one command and returns the answer. It never returns an
// error: failures become a bokmål answer (and a log line with a reference).
func (h *Handler) Handle(ctx context.Context, req ui.Request) ui.Response {
	if !utf8.ValidString(req.Command) || !utf8.ValidString(req.Text) {
		return ui.Text("Kommandoen inneholder ugyldige tegn (ikke UTF-8). Skriv den på nytt.")
	}
	c, args, ok := lookup(req)
	if !ok {
		return h.unknown(req)
	}
	return c.run(h, ctx, req, args)
}

// unknown answers a command that is not in the table with the nearest
// ones ("Mente du …?").
func (h *Handler) unknown(req ui.Request) ui.Response {
	typed := strings.TrimSpace(req.Command + " " + firstOnly(req.Text))
	var cands []plan.Candidate
	for _, c := range table {
		full := strings.TrimSpace(c.Slash + " " + c.Name)
		names := []string{strings.TrimPrefix(full, "/")}
		if c.Name != "" {
			names = append(names, c.Name)
		}
		names = append(names, c.Aliases...)
		cands = append(cands, plan.Candidate{ID: full, Names: names})
	}
	word, _ := cmdkit.FirstWord(req.Text)
	query := word
	if !isKnownSlash(req.Command) {
		query = strings.TrimPrefix(req.Command, "/")
	}
	m := plan.MatchName(query, cands)
	var sugg []string
	switch {
	case m.Found():
		sugg = []string{m.ID}
	case len(m.Ambiguous) > 0:
		sugg = m.Ambiguous
	default:
		sugg = m.Suggestions
	}
	msg := fmt.Sprintf("Ukjent kommando «%s».", ui.Escape(typed))
	if len(sugg) > 0 {
		msg += " Mente du " + cmdkit.JoinOr(cmdkit.QuoteAll(sugg)) + "?"
	}
	msg += " Skriv `/beredskap hjelp` for alle kommandoer."
	return ui.Text(msg)
}

func isKnownSlash(s string) bool {
	for _, c := range table {
		if c.Slash == strings.ToLower(s) {
			return true
		}
	}
	return false
}

// help lists every command from the table.
func (h *Handler) help(ctx context.Context, req ui.Request, args string) ui.Response {
	var b ui.Builder
	b.Header("Beredskapsbot – kommandoer")
	var lines []string
	for _, c := range table {
		lines = append(lines, fmt.Sprintf("`%s` – %s", ui.Escape(strings.Join(strings.Fields(c.Slash+" "+c.Name+" "+c.Usage), " ")), c.Summary))
	}
	b.Section(strings.Join(lines, "\n"))
	b.Context("Kommandoer som gjelder en hendelse, brukes i hendelsens kanal. Kort, roller og maler finnes med forkortelser og uten æ/ø/å.")
	return ui.Response{Text: "Beredskapsbot – kommandoer", Blocks: b.Blocks}
}

// sortedIDs returns the keys of m sorted.
func sortedIDs[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
