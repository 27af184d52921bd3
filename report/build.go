package report

import (
	"sort"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/incident"
	"github.com/beredskapsbot/beredskapsbot/plan"
	"github.com/beredskapsbot/beredskapsbot/ui"
)

// names resolves user IDs to the plan's contacts.
type names struct {
	p       *plan.Plan
	bySlack func(string) string
}

func newNames(p *plan.Plan) names { return names{p: p, bySlack: ui.NameResolver(p)} }

// person names a user: the contact whose Slack ID it is, the contact of a
// "kontakt:<id>" reference, else the ID itself.
func (n names) person(id string) Person {
	if id == "" {
		return Person{}
	}
	if cid, ok := strings.CutPrefix(id, ui.ContactPrefix); ok {
		if c := n.p.Contact(cid); c != nil {
			return Person{ID: id, Name: c.Name}
		}
		return Person{ID: id, Name: cid}
	}
	return Person{ID: id, Name: n.bySlack(id)}
}

// name is person(id).Name, for rendering mentions inside text.
func (n names) name(id string) string { return n.person(id).Name }

// roleTerms lists who held which role and when, in assignment order.
// The roles given from the role cards at opening are stored in the
// opening's transaction, with the opener and the opening time: those are
// marked FromCard. They carry the time of the opening's log entry.
func roleTerms(p *plan.Plan, n names, inc incident.Incident, entries []incident.Entry, as []incident.Assignment, loc *time.Location) []RoleTerm {
	opened := inc.OpenedAt
	for _, e := range entries {
		if e.Kind == incident.EntryOpened {
			opened = e.CreatedAt
			break
		}
	}
	out := make([]RoleTerm, 0, len(as))
	for _, a := range as {
		t := RoleTerm{RoleID: a.RoleID, Role: a.RoleID, Holder: n.person(a.UserID), AssignedBy: n.person(a.AssignedBy), From: a.AssignedAt.In(loc),
			FromCard: a.AssignedBy == inc.OpenedBy && a.AssignedAt.Equal(opened)}
		if r := p.Role(a.RoleID); r != nil {
			t.Role = r.Title
		}
		if !a.EndedAt.IsZero() {
			t.To = a.EndedAt.In(loc)
		}
		out = append(out, t)
	}
	return out
}

// logLines turns the entries into lines and links each corrected entry to
// the entries that correct it.
func logLines(r *Report, n names, entries []incident.Entry, loc *time.Location) []LogLine {
	out := make([]LogLine, 0, len(entries))
	index := map[int]int{}
	for _, e := range entries {
		index[e.Seq] = len(out)
		by := e.RedactedBy
		if e.Redacted() {
			by = n.person(e.RedactedBy).Name
		}
		out = append(out, LogLine{Seq: e.Seq, At: e.CreatedAt.In(loc), Kind: e.Kind, Author: n.person(e.Author),
			Text: e.Text, Corrects: e.Corrects, Source: e.Source, Hash: e.Hash,
			PrevHash: e.PrevHash, ChainVersion: e.Version, Digest: e.Digest, Salt: e.Salt,
			RedactedNote: r.redactionNote(e, by, loc), RedactedAt: e.RedactedAt, RedactedBy: by, RedactionReason: e.RedactionReason})
	}
	for _, l := range out {
		if l.Corrects == 0 || l.Kind == incident.EntryRedaction {
			continue
		}
		if i, ok := index[l.Corrects]; ok {
			out[i].CorrectedBy = append(out[i].CorrectedBy, l.Seq)
		}
	}
	return out
}

// cardUses lists the action cards of the incident: the one named at
// start first, then any other with completed steps, by ID.
func cardUses(r *Report, p *plan.Plan, n names, inc incident.Incident, steps []incident.StepDone, loc *time.Location) []CardUse {
	done := map[string]map[int]incident.StepDone{}
	for _, s := range steps {
		if done[s.CardID] == nil {
			done[s.CardID] = map[int]incident.StepDone{}
		}
		done[s.CardID][s.Step] = s
	}
	var ids []string
	if inc.CardID != "" {
		ids = append(ids, inc.CardID)
	}
	var others []string
	for id := range done {
		if id != inc.CardID {
			others = append(others, id)
		}
	}
	sort.Strings(others)
	ids = append(ids, others...)

	var out []CardUse
	for _, id := range ids {
		u := CardUse{ID: id, Title: id}
		var texts []string
		if c := p.Card(id); c != nil {
			u.Title = c.Title
			for _, s := range c.Steps {
				texts = append(texts, s.Text)
			}
		}
		total := len(texts)
		for step := range done[id] {
			if step > total {
				total = step
			}
		}
		for i := 1; i <= total; i++ {
			sl := StepLine{N: i, Text: r.t("report.step.gone")}
			if i <= len(texts) {
				sl.Text = strings.TrimSpace(texts[i-1])
			}
			if d, ok := done[id][i]; ok {
				sl.Done, sl.DoneAt, sl.DoneBy, sl.Entry = true, d.DoneAt.In(loc), n.person(d.DoneBy), d.EntrySeq
				u.Done++
			}
			u.Steps = append(u.Steps, sl)
		}
		out = append(out, u)
	}
	return out
}

// meetingLines lists the status meetings that were set. A meeting was
// moved when another was set before it took place; otherwise it was held
// if its time came before end, and not held if the incident was closed
// first.
func meetingLines(r *Report, n names, ms []incident.Meeting, end time.Time, closed bool, loc *time.Location) []MeetingLine {
	ms = append([]incident.Meeting(nil), ms...)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].SetAt.Before(ms[j].SetAt) })
	out := make([]MeetingLine, 0, len(ms))
	for i, m := range ms {
		status := r.t("report.meeting.planned")
		moved := false
		for _, later := range ms[i+1:] {
			if later.SetAt.After(m.SetAt) && later.SetAt.Before(m.At) {
				moved = true
				break
			}
		}
		switch {
		case moved:
			status = r.t("report.meeting.moved")
		case !m.At.After(end):
			status = r.t("report.meeting.held")
		case closed:
			status = r.t("report.meeting.not_held")
		}
		out = append(out, MeetingLine{At: m.At.In(loc), SetBy: n.person(m.SetBy), SetAt: m.SetAt.In(loc), Status: status})
	}
	return out
}

// evaluation groups the answers under the plan's questions, in the plan's
// order; answers to no question of the plan go under «Andre innspill».
// It also counts the answers that propose a plan change.
func evaluation(r *Report, p *plan.Plan, n names, evals []incident.Evaluation, loc *time.Location) ([]QuestionAnswers, int) {
	var out []QuestionAnswers
	byQ := map[string]int{}
	for _, q := range p.Meetings.Evaluation {
		byQ[plan.Fold(strings.TrimSpace(q))] = len(out)
		out = append(out, QuestionAnswers{Question: q})
	}
	var other []Answer
	changes := 0
	for _, e := range evals {
		a := Answer{Question: e.Question, Text: e.Answer, Author: n.person(e.Author), At: e.CreatedAt.In(loc), PlanChange: e.ProposedPlanChange}
		if a.PlanChange {
			changes++
		}
		if i, ok := byQ[plan.Fold(strings.TrimSpace(e.Question))]; ok && strings.TrimSpace(e.Question) != "" {
			out[i].Answers = append(out[i].Answers, a)
			continue
		}
		other = append(other, a)
	}
	if len(other) > 0 {
		out = append(out, QuestionAnswers{Question: r.t("report.eval.other"), Answers: other})
	}
	return out, changes
}

// listSection renders the notification list, with phones and e-mail only
// when withContacts is set.
func listSection(p *plan.Plan, l *plan.NotificationList, withContacts bool) *ListSection {
	if l == nil {
		return nil
	}
	s := &ListSection{Name: l.Name}
	for _, g := range l.Groups {
		lg := ListGroup{Name: g.Name}
		for _, id := range g.Contacts {
			c := p.Contact(id)
			if c == nil {
				continue
			}
			m := ListMember{Name: c.Name, Role: c.Title}
			if roles := p.RolesOf(c.ID); len(roles) > 0 {
				m.Role = roles[0].Title
			}
			if withContacts {
				m.Phones = c.PhoneDisplay
				if len(m.Phones) == 0 {
					m.Phones = c.Phones
				}
				m.Email = c.Email
			}
			lg.Members = append(lg.Members, m)
		}
		s.Groups = append(s.Groups, lg)
	}
	return s
}
