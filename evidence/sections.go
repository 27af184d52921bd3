package evidence

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/internal/localtime"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// Section is one part of the document as every renderer shows it: a
// title, facts ("Planversjon: 4.2"), tables and small print.
type Section struct {
	Title  string
	Facts  []Fact
	Tables []Table
	Notes  []string
}

// Fact is one labelled value.
type Fact struct{ Label, Value string }

// Table is a titled table; Title may be empty.
type Table struct {
	Title   string
	Headers []string
	Rows    [][]string
	Empty   string // shown instead of a table without rows
}

// Head is the document's title and its lines about how it was made.
func (pk *Pack) Head() (title string, lines []string) {
	title = pk.t("evidence.title")
	if pk.Org.Name != "" {
		title += " – " + pk.Org.Name
	}
	lines = append(lines, pk.t("evidence.criteria"), pk.t("evidence.generated", i18n.Args{"At": pk.stamp(pk.Generated)}))
	if pk.From.IsZero() && pk.To.IsZero() {
		lines = append(lines, pk.t("evidence.period_all"))
	} else {
		from, to := "…", pk.t("evidence.open_end")
		if !pk.From.IsZero() {
			from = pk.From.Show(pk.Lang)
		}
		if !pk.To.IsZero() {
			to = pk.To.Show(pk.Lang)
		}
		lines = append(lines, pk.t("evidence.period", i18n.Args{"From": from, "To": to}))
	}
	if pk.WithPrivate {
		lines = append(lines, pk.t("evidence.private_shown"))
	} else {
		lines = append(lines, pk.t("evidence.private_hidden"))
	}
	return title, lines
}

// Sections returns the document's sections in the supervisor's order.
func (pk *Pack) Sections() []Section {
	return []Section{pk.orgSection(), pk.rosSection(), pk.scheduleSection(), pk.incidentSection(), pk.evaluationSection(), pk.reminderSection()}
}

func (pk *Pack) orgSection() Section {
	s := Section{Title: pk.t("evidence.sec.org"), Facts: []Fact{
		{pk.t("evidence.org.name"), pk.Org.Name},
		{pk.t("evidence.org.version"), pk.Org.PlanVersion},
		{pk.t("evidence.org.approved"), joinNonEmpty(pk.date(pk.Org.Approved), pk.Org.ApprovedBy)},
	}}
	t := Table{Title: pk.t("evidence.org.revisions"), Headers: []string{pk.t("evidence.col.date"), pk.t("evidence.col.change"), pk.t("evidence.col.responsible")},
		Empty: pk.t("evidence.none")}
	for _, r := range pk.Org.Revisions {
		t.Rows = append(t.Rows, []string{pk.date(r.Date), r.Change, r.Responsible})
	}
	s.Tables = []Table{t}
	return s
}

func (pk *Pack) rosSection() Section {
	s := Section{Title: pk.t("evidence.sec.ros"), Facts: []Fact{{pk.t("evidence.ros.rows"), strconv.Itoa(pk.ROS.Rows)}}}
	if !pk.ROS.Found {
		s.Notes = []string{pk.t("evidence.ros.none")}
		return s
	}
	last, age := pk.t("evidence.never"), ""
	if !pk.ROS.LastDone.IsZero() {
		last, age = pk.date(pk.ROS.LastDone), pk.t("evidence.ros.months", i18n.Args{"Months": pk.ROS.AgeMonths})
	}
	s.Facts = append(s.Facts, Fact{pk.t("evidence.ros.last"), last}, Fact{pk.t("evidence.ros.age"), age},
		Fact{pk.t("evidence.ros.next"), joinNonEmpty(pk.date(pk.ROS.Next), pk.status(pk.ROS.Status))})
	return s
}

func (pk *Pack) scheduleSection() Section {
	t := Table{Headers: []string{pk.t("evidence.col.item"), pk.t("evidence.col.kind"), pk.t("evidence.col.last"), pk.t("evidence.col.due"),
		pk.t("evidence.col.status"), pk.t("evidence.col.incidents")}, Empty: pk.t("evidence.none")}
	for _, s := range pk.Schedule {
		kind := pk.t("evidence.kind.review") + " (" + s.Kind + ")"
		if s.Kind == plan.KindExercise {
			kind = pk.t("evidence.kind.exercise")
		}
		last := pk.t("evidence.never")
		if !s.LastDone.IsZero() {
			last = pk.date(s.LastDone)
		}
		var incs []string
		for _, id := range s.Incidents {
			incs = append(incs, "#"+strconv.FormatInt(id, 10))
		}
		t.Rows = append(t.Rows, []string{s.Name + " (" + s.ID + ")", kind, last, pk.date(s.Due), pk.status(s.Status), joinWith(", ", incs...)})
	}
	return Section{Title: pk.t("evidence.sec.schedule"), Tables: []Table{t}}
}

func (pk *Pack) incidentSection() Section {
	headers := []string{pk.t("evidence.col.nr"), pk.t("evidence.col.title"), pk.t("evidence.col.opened"), pk.t("evidence.col.duration"),
		pk.t("evidence.col.report")}
	sitreps := SitRepKind != ""
	if sitreps {
		headers = append(headers, pk.t("evidence.col.sitreps"))
	}
	headers = append(headers, pk.t("evidence.col.log"), pk.t("evidence.col.hash"))
	t := Table{Headers: headers, Empty: pk.t("evidence.none")}
	for _, it := range pk.Incidents {
		dur, rep := pk.t("evidence.ongoing"), ""
		if !it.Closed.IsZero() {
			d := it.Closed.Sub(it.Opened).Round(time.Minute)
			dur = pk.t("evidence.duration", i18n.Args{"H": int(d.Hours()), "M": fmt.Sprintf("%02d", int(d.Minutes())%60)})
			rep = pk.t("evidence.report", i18n.Args{"ID": it.ID})
		}
		log := pk.t("evidence.verify.ok", i18n.Args{"Lines": pk.t("count.lines", i18n.Args{"Count": it.Entries})})
		if !it.Verified {
			log = pk.t("evidence.verify.bad", i18n.Args{"Problem": it.Problem})
		}
		row := []string{"#" + strconv.FormatInt(it.ID, 10), pk.incidentTitle(it), pk.stamp(it.Opened), dur, rep}
		if sitreps {
			row = append(row, strconv.Itoa(it.SitReps))
		}
		t.Rows = append(t.Rows, append(row, log, it.Hash))
	}
	return Section{Title: pk.t("evidence.sec.incidents"), Tables: []Table{t}}
}

func (pk *Pack) evaluationSection() Section {
	ev := Table{Title: pk.t("evidence.evaluations"), Headers: []string{pk.t("evidence.col.incident"), pk.t("evidence.col.date"),
		pk.t("evidence.col.question"), pk.t("evidence.col.answer")}, Empty: pk.t("evidence.none")}
	for _, e := range pk.Evaluations {
		answer := e.Answer
		if e.PlanChange {
			answer += " (" + pk.t("evidence.plan_change") + ")"
		}
		ev.Rows = append(ev.Rows, []string{"#" + strconv.FormatInt(e.IncidentID, 10), pk.date(plan.DateOf(e.At, pk.loc)), e.Question, answer})
	}
	fu := Table{Title: pk.t("evidence.followups"), Headers: []string{pk.t("evidence.col.nr"), upperFirst(pk.t("evidence.kind.followup")),
		pk.t("evidence.col.responsible"), pk.t("evidence.col.due"), pk.t("evidence.col.status"), pk.t("evidence.col.note")}, Empty: pk.t("evidence.none")}
	for _, f := range pk.FollowUps {
		due, _ := plan.ParseDate(f.Due)
		text := f.Text
		if f.IncidentID != 0 {
			text += " (#" + strconv.FormatInt(f.IncidentID, 10) + ")"
		}
		if f.PlanChange {
			text += " (" + pk.t("evidence.plan_change") + ")"
		}
		status, note := pk.t("followup.status.open"), f.Note
		switch {
		case f.Revision != nil:
			status = pk.t("evidence.closed_by_revision", i18n.Args{"Date": pk.date(f.Revision.Date)})
			note = f.Revision.Change
		case !f.Open():
			status = pk.t("evidence.closed_on", i18n.Args{"Date": pk.date(plan.DateOf(f.ClosedAt, pk.loc))})
		case due.Before(plan.DateOf(pk.Generated, pk.loc)):
			status = pk.t("followup.status.overdue")
		}
		fu.Rows = append(fu.Rows, []string{"#" + strconv.FormatInt(f.ID, 10), text, f.OwnerName, pk.date(due), status, note})
	}
	return Section{Title: pk.t("evidence.sec.evaluations"), Tables: []Table{ev, fu}, Notes: []string{pk.t("followup.rule")}}
}

func (pk *Pack) reminderSection() Section {
	t := Table{Headers: []string{pk.t("evidence.col.item"), pk.t("evidence.col.stage"), pk.t("evidence.col.due"), pk.t("evidence.col.sent"),
		pk.t("evidence.col.acted")}, Empty: pk.t("evidence.none")}
	for _, r := range pk.Reminders {
		sent := pk.t("evidence.queued")
		if !r.DeliveredAt.IsZero() {
			sent = pk.stamp(r.DeliveredAt)
		}
		acted := pk.t("evidence.acted.no")
		switch {
		case !r.Acted.IsZero():
			acted = pk.t("evidence.acted.done", i18n.Args{"Date": pk.date(r.Acted)})
		case !r.ActedOn.IsZero():
			acted = pk.t("evidence.closed_on", i18n.Args{"Date": pk.date(plan.DateOf(r.ActedOn, pk.loc))})
		}
		due := r.Due
		if d, err := plan.ParseDate(r.Due); err == nil {
			due = pk.date(d)
		}
		t.Rows = append(t.Rows, []string{joinNonEmpty(r.Name, "("+r.ItemID+")"), r.Stage, due, sent, acted})
	}
	return Section{Title: pk.t("evidence.sec.reminders"), Tables: []Table{t}}
}

// incidentTitle is the title, or «Skjermet hendelse» when hidden; an
// exercise is marked as one.
func (pk *Pack) incidentTitle(it Incident) string {
	title := it.Title
	if it.Private && title == "" {
		title = pk.t("evidence.private")
	}
	if it.Exercise {
		title += " (" + pk.t("evidence.kind.exercise") + ")"
	}
	return title
}

func (pk *Pack) t(id string, args ...i18n.Args) string { return i18n.For(pk.Lang).T(id, args...) }

func (pk *Pack) date(d plan.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Show(pk.Lang)
}

// stamp shows a time as local date and minute.
func (pk *Pack) stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return localtime.Stamp(pk.Lang, t.In(pk.loc))
}

func (pk *Pack) status(s plan.DueStatus) string {
	switch s {
	case plan.StatusSoon:
		return pk.t("evidence.status.soon")
	case plan.StatusOverdue:
		return pk.t("evidence.status.overdue")
	}
	return pk.t("evidence.status.ok")
}

func joinNonEmpty(parts ...string) string { return joinWith(" ", parts...) }

func joinWith(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" || p == "()" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}

// upperFirst capitalises the first letter ("oppfølgingspunkt" as a
// column heading).
func upperFirst(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}
