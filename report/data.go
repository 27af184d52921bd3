package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// CSVHeader is the header row of the CSV log in lang: nr, tid, type,
// forfatter, tekst, retter, kilde, hash in bokmål. The columns are the
// same in every language.
func CSVHeader(lang i18n.Lang) []string {
	return strings.Split(i18n.For(lang).T("report.csv.header"), ",")
}

// CSV renders the log as CSV with a header row: number, local time
// (RFC 3339 with offset, unambiguous across the change to and from summer
// time), kind, author, text (Slack mentions and links made readable, as
// in the other documents: names, not user IDs), the entry it corrects,
// source and hash.
// It starts with a UTF-8 byte order mark so spreadsheet programs read æøå
// correctly. Cells that a spreadsheet would run as a formula (starting with
// = + - @) get a leading apostrophe; the JSON keeps the exact text.
func (r *Report) CSV() []byte {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	_ = w.Write(CSVHeader(r.Lang)) // writes to a bytes.Buffer do not fail
	for _, l := range r.Log {
		corrects := ""
		if l.Corrects != 0 {
			corrects = strconv.Itoa(l.Corrects)
		}
		_ = w.Write([]string{strconv.Itoa(l.Seq), l.At.Format(time.RFC3339), ui.KindLabel(r.Lang, l.Kind), cell(l.Author.Name),
			cell(r.display(l.Text)), corrects, cell(r.display(l.Source)), l.Hash})
	}
	w.Flush()
	return b.Bytes()
}

// cell defuses spreadsheet formulas (CSV injection).
func cell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}

// jsonReport is the JSON form: metadata and the log exactly as stored.
type jsonReport struct {
	Format      string          `json:"format"`
	Generated   time.Time       `json:"generated"`
	Org         string          `json:"organisation,omitempty"`
	PlanVersion string          `json:"plan_version,omitempty"`
	Incident    jsonIncident    `json:"incident"`
	Roles       []jsonRole      `json:"roles"`
	Steps       []jsonStep      `json:"steps"`
	Meetings    []jsonMeeting   `json:"meetings"`
	Evaluations []jsonAnswer    `json:"evaluations"`
	Log         []jsonEntry     `json:"log"`
	Chain       jsonChain       `json:"chain"`
	Contacts    []jsonListGroup `json:"notification_list,omitempty"`
}

type jsonIncident struct {
	ID       int64       `json:"id"`
	Title    string      `json:"title"`
	Kind     string      `json:"kind"`
	Private  bool        `json:"private"`
	Channel  string      `json:"channel,omitempty"`
	OpenedAt time.Time   `json:"opened_at"`
	OpenedBy jsonPerson  `json:"opened_by"`
	ClosedAt *time.Time  `json:"closed_at,omitempty"`
	ClosedBy *jsonPerson `json:"closed_by,omitempty"`
	Summary  string      `json:"summary,omitempty"`
	ListName string      `json:"notification_list_name,omitempty"`
}

type jsonPerson struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type jsonRole struct {
	Role       string     `json:"role"`
	Title      string     `json:"title"`
	Holder     jsonPerson `json:"holder"`
	AssignedBy jsonPerson `json:"assigned_by"`
	FromCard   bool       `json:"from_role_card,omitempty"`
	From       time.Time  `json:"from"`
	To         *time.Time `json:"to,omitempty"`
}

type jsonStep struct {
	Card   string     `json:"card"`
	Step   int        `json:"step"`
	Text   string     `json:"text"`
	DoneAt time.Time  `json:"done_at"`
	DoneBy jsonPerson `json:"done_by"`
	Entry  int        `json:"entry"`
}

type jsonMeeting struct {
	At     time.Time  `json:"at"`
	Status string     `json:"status"`
	SetBy  jsonPerson `json:"set_by"`
	SetAt  time.Time  `json:"set_at"`
}

type jsonAnswer struct {
	Question   string     `json:"question"`
	Answer     string     `json:"answer"`
	Author     jsonPerson `json:"author"`
	At         time.Time  `json:"at"`
	PlanChange bool       `json:"proposed_plan_change"`
}

type jsonEntry struct {
	Seq         int        `json:"seq"`
	At          time.Time  `json:"at"`
	Kind        string     `json:"kind"`
	Author      jsonPerson `json:"author"`
	Text        string     `json:"text"`
	Corrects    int        `json:"corrects,omitempty"`
	CorrectedBy []int      `json:"corrected_by,omitempty"`
	Source      string     `json:"source,omitempty"`
	Hash        string     `json:"hash"`
	// The chain: with these (and the log key for chain_version 3) the
	// hashes can be recomputed; see incident.Entry.ComputeHash.
	PrevHash     string         `json:"prev_hash"`
	ChainVersion int            `json:"chain_version"`
	Digest       string         `json:"digest,omitempty"`
	Salt         string         `json:"salt,omitempty"`
	Redacted     *jsonRedaction `json:"redacted,omitempty"`
}

type jsonChain struct {
	Entries   int    `json:"entries"`
	FinalHash string `json:"final_hash"`
	Verified  bool   `json:"verified"`
	Seq       int    `json:"first_bad_seq,omitempty"`
	Problem   string `json:"problem,omitempty"`
}

type jsonListGroup struct {
	Group   string       `json:"group"`
	Members []ListMember `json:"members"`
}

func jp(p Person) jsonPerson { return jsonPerson(p) }

// JSON renders the log and the report's metadata as indented JSON. Times
// carry the local offset; texts are exactly as stored. The notification
// list is included only when the report was made WithContacts.
func (r *Report) JSON() []byte {
	j := jsonReport{
		Format: "beredskapsbot-rapport-v1", Generated: r.Generated, Org: r.Org, PlanVersion: r.PlanVersion,
		Incident: jsonIncident{ID: r.ID, Title: r.Title, Kind: string(r.Kind), Private: r.Private, Channel: r.ChannelName,
			OpenedAt: r.Opened, OpenedBy: jp(r.OpenedBy), Summary: r.Summary},
		Roles: []jsonRole{}, Steps: []jsonStep{}, Meetings: []jsonMeeting{}, Evaluations: []jsonAnswer{}, Log: []jsonEntry{},
		Chain: jsonChain(r.Chain),
	}
	if !r.Open() {
		closed, by := r.Closed, jp(r.ClosedBy)
		j.Incident.ClosedAt, j.Incident.ClosedBy = &closed, &by
	}
	if r.List != nil {
		j.Incident.ListName = r.List.Name
	}
	for _, t := range r.Roles {
		jr := jsonRole{Role: t.RoleID, Title: t.Role, Holder: jp(t.Holder), AssignedBy: jp(t.AssignedBy), FromCard: t.FromCard, From: t.From}
		if !t.To.IsZero() {
			to := t.To
			jr.To = &to
		}
		j.Roles = append(j.Roles, jr)
	}
	for _, c := range r.Cards {
		for _, s := range c.Steps {
			if s.Done {
				j.Steps = append(j.Steps, jsonStep{Card: c.ID, Step: s.N, Text: s.Text, DoneAt: s.DoneAt, DoneBy: jp(s.DoneBy), Entry: s.Entry})
			}
		}
	}
	for _, m := range r.Meetings {
		j.Meetings = append(j.Meetings, jsonMeeting{At: m.At, Status: m.Status, SetBy: jp(m.SetBy), SetAt: m.SetAt})
	}
	for _, q := range r.Evaluation {
		for _, a := range q.Answers {
			j.Evaluations = append(j.Evaluations, jsonAnswer{Question: a.Question, Answer: a.Text, Author: jp(a.Author), At: a.At, PlanChange: a.PlanChange})
		}
	}
	for _, l := range r.Log {
		j.Log = append(j.Log, jsonEntry{Seq: l.Seq, At: l.At, Kind: string(l.Kind), Author: jp(l.Author), Text: l.Text,
			Corrects: l.Corrects, CorrectedBy: l.CorrectedBy, Source: l.Source, Hash: l.Hash,
			PrevHash: l.PrevHash, ChainVersion: l.ChainVersion, Digest: l.Digest, Salt: l.Salt, Redacted: jsonRedactionOf(l)})
	}
	if r.WithContacts && r.List != nil {
		for _, g := range r.List.Groups {
			j.Contacts = append(j.Contacts, jsonListGroup{Group: g.Name, Members: g.Members})
		}
	}
	out, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		// Only plain types are marshalled; this cannot happen.
		return []byte("{}\n")
	}
	return append(out, '\n')
}
