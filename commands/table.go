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
	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// Command is one row of the command table. The table drives dispatch,
// the help text and the Slack app manifest, so they cannot drift apart.
// A row's words are in the catalog under its ID: cmd.name.<id> (the
// sub-command's spellings, "|"-separated, in each language),
// cmd.usage.<id> and cmd.summary.<id>; Name, Aliases, Usage and Summary
// hold the bokmål ones.
type Command struct {
	ID      string   // catalog id: "log" for cmd.name.log …
	Slash   string   // "/beredskap"
	Name    string   // sub-command in bokmål, "" for a slash command without sub-commands
	Aliases []string // the other spellings of every language ("beslutning", "logga", "log" …)
	Usage   string   // arguments in bokmål, e.g. "<tekst>"
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
		{ID: "start", Slash: "/beredskap", Slow: true, run: (*Handler).start},
		{ID: "status", Slash: "/beredskap", run: (*Handler).status},
		{ID: "log", Slash: "/beredskap", run: (*Handler).logDecision},
		{ID: "correct", Slash: "/beredskap", run: (*Handler).correct},
		{ID: "redact", Slash: "/beredskap", run: (*Handler).redact},
		{ID: "role", Slash: "/beredskap", run: (*Handler).assignRole},
		{ID: "meeting", Slash: "/beredskap", run: (*Handler).meeting},
		{ID: "report", Slash: "/beredskap", run: feature(sitreps.Run)},
		{ID: "close", Slash: "/beredskap", run: (*Handler).closeIncident},
		{ID: "evaluate", Slash: "/beredskap", run: (*Handler).evaluate},
		{ID: "list", Slash: "/beredskap", run: (*Handler).list},
		{ID: "template", Slash: "/beredskap", run: (*Handler).template},
		{ID: "annual", Slash: "/beredskap", run: feature(arshjul.Show)},
		{ID: "followup", Slash: "/beredskap", run: feature(followups.Run)},
		{ID: "exercise", Slash: "/beredskap", run: feature(arshjul.Exercise)},
		{ID: "alarm", Slash: "/beredskap", run: feature(alarms.Raise)},
		{ID: "refusals", Slash: "/beredskap", run: feature(alarms.Refusals)},
		{ID: "functions", Slash: "/beredskap", run: feature(continuity.Functions)},
		{ID: "ros", Slash: "/beredskap", run: feature(continuity.ROS)},
		{ID: "affected", Slash: "/beredskap", run: feature(continuity.Affected)},
		{ID: "binder", Slash: "/beredskap", run: feature(continuity.Binder)},
		{ID: "help", Slash: "/beredskap", run: (*Handler).help},
		{ID: "card", Slash: "/tiltak", run: (*Handler).actionCard},
		{ID: "rolecard", Slash: "/rolle", run: (*Handler).roleCard},
		{ID: "contact", Slash: "/kontakt", run: (*Handler).contact},
		{ID: "notify", Slash: "/varsling", run: (*Handler).notificationList},
	}
	for i := range table {
		c := &table[i]
		c.Usage, c.Summary = UsageIn(i18n.Bokmal, *c), SummaryIn(i18n.Bokmal, *c)
		if names := NamesIn(i18n.Bokmal, *c); len(names) > 0 {
			c.Name = names[0]
			for _, n := range allNames(*c) {
				if n != c.Name {
					c.Aliases = append(c.Aliases, n)
				}
			}
		}
	}
}

// Table returns the command table.
func Table() []Command { return append([]Command(nil), table...) }

// NamesIn returns the spellings of c's sub-command in lang, the one shown
// first; nil for a slash command without sub-commands.
func NamesIn(lang i18n.Lang, c Command) []string {
	l := i18n.For(lang)
	id := "cmd.name." + c.ID
	if !i18n.For(i18n.Bokmal).Has(id) {
		return nil
	}
	var out []string
	for _, s := range strings.Split(l.T(id), "|") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// NameIn returns c's sub-command as lang writes it ("logg", "logga",
// "log"); "" for a slash command without sub-commands.
func NameIn(lang i18n.Lang, c Command) string {
	if names := NamesIn(lang, c); len(names) > 0 {
		return names[0]
	}
	return ""
}

// allNames returns every spelling of c's sub-command in every language,
// without repeats.
func allNames(c Command) []string {
	var out []string
	seen := map[string]bool{}
	for _, lang := range i18n.Langs() {
		for _, n := range NamesIn(lang, c) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// UsageIn returns c's arguments as lang writes them ("<tekst>",
// "<text>"); "" when it takes none.
func UsageIn(lang i18n.Lang, c Command) string {
	id := "cmd.usage." + c.ID
	if !i18n.For(i18n.Bokmal).Has(id) {
		return ""
	}
	return i18n.For(lang).T(id)
}

// SummaryIn returns c's one-line summary in lang, for help and the app
// manifest.
func SummaryIn(lang i18n.Lang, c Command) string {
	return i18n.For(lang).T("cmd.summary." + c.ID)
}

// SlashesIn returns the distinct slash commands with a description and a
// usage hint in lang, in table order, for the app manifest.
func SlashesIn(lang i18n.Lang) []Slash {
	var out []Slash
	seen := map[string]int{}
	for _, c := range table {
		i, ok := seen[c.Slash]
		if !ok {
			seen[c.Slash] = len(out)
			out = append(out, Slash{Command: c.Slash, Description: SummaryIn(lang, c), UsageHint: UsageIn(lang, c)})
			continue
		}
		// A command with sub-commands: describe the family and hint at them.
		out[i].Description = slashDescription(lang, c.Slash)
		var names []string
		for _, s := range table {
			if s.Slash == c.Slash {
				names = append(names, NameIn(lang, s))
			}
		}
		out[i].UsageHint = strings.Join(names, " | ")
	}
	return out
}

func slashDescription(lang i18n.Lang, slash string) string {
	if slash == "/beredskap" {
		return i18n.For(lang).T("cmd.slash.beredskap")
	}
	return slash
}

// IsSlow reports whether the command in req does slow work, so the
// transport should acknowledge before running it. Opening an incident is
// slow for those who may open one; a Slack user the plan does not know
// is refused at once, in the acknowledgement, rather than told that a
// channel is being created. For a plan with members known only by e-mail
// the Directory is asked for the user's address (cached); when it cannot
// answer, the command is acknowledged first.
func (h *Handler) IsSlow(ctx context.Context, req ui.Request) bool {
	c, _, ok := lookup(req)
	if !ok || !c.Slow {
		return false
	}
	p := h.Plan()
	if p.ContactBySlack(req.UserID) != nil || !ui.IsSlackID(req.UserID) || h.Directory == nil {
		return true
	}
	for _, m := range p.Members() {
		if m.SlackID == "" { // known by e-mail only: it could be this user
			email, err := h.Directory.Email(ctx, req.UserID)
			return err != nil || p.ContactOf(req.UserID, email) != nil
		}
	}
	return false
}

// lookup finds the table row for a request and the remaining arguments.
// A sub-command is found by any spelling of any language (folded), so a
// Swedish «logga» works in a Norwegian plan and the other way round.
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
// error: failures become an answer in the plan's language (and a log
// line with a reference).
func (h *Handler) Handle(ctx context.Context, req ui.Request) ui.Response {
	if !utf8.ValidString(req.Command) || !utf8.ValidString(req.Text) {
		return ui.Text(h.Tr().T("cmd.invalid_utf8"))
	}
	c, args, ok := lookup(req)
	if !ok {
		return h.unknown(req)
	}
	return c.run(h, ctx, req, args)
}

// helpCommand is "/beredskap hjelp" as the plan's language writes it.
func (h *Handler) helpCommand() string {
	for _, c := range table {
		if c.ID == "help" {
			return c.Slash + " " + NameIn(h.Plan().Lang, c)
		}
	}
	return "/beredskap"
}

// unknown answers a command that is not in the table with the nearest
// ones ("Mente du …?"), named as the plan's language writes them; every
// language's spellings count as near.
func (h *Handler) unknown(req ui.Request) ui.Response {
	lang := h.Plan().Lang
	l := h.Tr()
	typed := strings.TrimSpace(req.Command + " " + firstOnly(req.Text))
	var cands []plan.Candidate
	for _, c := range table {
		full := strings.TrimSpace(c.Slash + " " + NameIn(lang, c))
		names := []string{strings.TrimPrefix(full, "/")}
		for _, n := range allNames(c) {
			names = append(names, n, strings.TrimPrefix(c.Slash, "/")+" "+n)
		}
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
	msg := l.T("cmd.unknown", i18n.Args{"Typed": ui.Escape(typed)})
	if len(sugg) > 0 {
		msg += l.T("cmd.unknown.suggest", i18n.Args{"Names": cmdkit.JoinOrIn(lang, cmdkit.QuoteAll(sugg))})
	}
	msg += l.T("cmd.unknown.help", i18n.Args{"Help": h.helpCommand()})
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

// help lists every command from the table in the plan's language.
func (h *Handler) help(ctx context.Context, req ui.Request, args string) ui.Response {
	lang := h.Plan().Lang
	l := h.Tr()
	var b ui.Builder
	b.Header(l.T("cmd.help.header"))
	var lines []string
	for _, c := range table {
		lines = append(lines, fmt.Sprintf("`%s` – %s", ui.Escape(strings.Join(strings.Fields(c.Slash+" "+NameIn(lang, c)+" "+UsageIn(lang, c)), " ")), SummaryIn(lang, c)))
	}
	b.Section(strings.Join(lines, "\n"))
	b.Context(l.T("cmd.help.context"))
	return ui.Response{Text: l.T("cmd.help.header"), Blocks: b.Blocks}
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
