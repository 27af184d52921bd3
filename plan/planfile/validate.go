package planfile

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/beredskapsbot/beredskapsbot/internal/i18n"
	"github.com/beredskapsbot/beredskapsbot/plan"
)

// validator checks a decoded plan, reporting every problem, and completes
// it: phases resolved, enum values made canonical, phone numbers
// normalised, the time zone loaded.
type validator struct {
	p      *plan.Plan
	c      *collector
	region string
	lang   i18n.Lang // the plan's, for the lists of words inside messages
	// names caches the sorted ids per kind for suggestions, and
	// suggestBudget bounds the comparisons they cost, so a plan with
	// thousands of bad references still loads quickly.
	names         map[string][2][]string // kind → sorted ids, and the same folded
	suggestBudget int

	roles, contacts, lists, cards, templates map[string]plan.Pos
	rosScalePos                              plan.Pos // where «skala» stood in ros.yaml
}

// validate checks p and reports to c. It never stops at the first
// problem. rosScalePos is where ros.yaml's «skala» stood.
func validate(p *plan.Plan, c *collector, rosScalePos plan.Pos) {
	v := &validator{p: p, c: c, lang: i18n.Default, names: map[string][2][]string{}, suggestBudget: 300_000, rosScalePos: rosScalePos}
	v.organisation()
	v.roles = v.ids(idsOf(p.Roles, func(r *plan.Role) (string, plan.Pos) { return r.ID, r.Pos }))
	v.contacts = v.ids(idsOf(p.Contacts, func(x *plan.Contact) (string, plan.Pos) { return x.ID, x.Pos }))
	v.lists = v.ids(idsOf(p.Lists, func(l *plan.NotificationList) (string, plan.Pos) { return l.ID, l.Pos }))
	v.cards = v.ids(idsOf(p.Cards, func(a *plan.ActionCard) (string, plan.Pos) { return a.ID, a.Pos }))
	v.templates = v.ids(idsOf(p.Templates, func(t *plan.Template) (string, plan.Pos) { return t.ID, t.Pos }))
	v.ids(idsOf(p.Functions, func(f *plan.CriticalFunction) (string, plan.Pos) { return f.ID, f.Pos }))
	v.ids(idsOf(p.ROS, func(r *plan.ROSRow) (string, plan.Pos) { return r.ID, r.Pos }))
	// Exercises and reviews share one namespace: reminders are keyed by id.
	v.ids(append(idsOf(p.Exercises, func(e *plan.Exercise) (string, plan.Pos) { return e.ID, e.Pos }),
		idsOf(p.Reviews, func(r *plan.Review) (string, plan.Pos) { return r.ID, r.Pos })...))

	v.checkContacts()
	v.checkLists()
	v.checkRoles()
	v.checkRoleKinds()
	v.checkAdmins()
	v.checkAccess()
	v.checkRetention()
	v.checkCards()
	v.checkFunctions()
	v.checkROS()
	v.checkTemplates()
	v.checkMeetings()
	v.checkSchedule()
}

// fail reports an error about prefix+key of the object at pos, unless the
// decoder already reported one for that field (a type error would
// otherwise be followed by "mangler").
func (v *validator) fail(pos plan.Pos, prefix, key, id string, args i18n.Args) {
	if v.c.bad[fieldAt{pos.File, prefix + key, pos.FieldLine(key)}] {
		return
	}
	v.c.atPath(pos, prefix, key, id, args)
}

// required reports a missing required field and reports whether it is set.
func (v *validator) required(pos plan.Pos, prefix, key, value string) bool {
	if strings.TrimSpace(value) == "" {
		v.fail(pos, prefix, key, "plan.required", nil)
		return false
	}
	return true
}

type idAt struct {
	id  string
	pos plan.Pos
}

func idsOf[T any](items []*T, get func(*T) (string, plan.Pos)) []idAt {
	out := make([]idAt, len(items))
	for i, it := range items {
		out[i].id, out[i].pos = get(it)
	}
	return out
}

// ids checks that every id is present, well formed and unique, and returns
// the first definition of each id.
func (v *validator) ids(items []idAt) map[string]plan.Pos {
	seen := make(map[string]plan.Pos, len(items))
	for _, it := range items {
		if !v.required(it.pos, "", "id", it.id) {
			continue
		}
		if first, dup := seen[it.id]; dup {
			v.fail(it.pos, "", "id", "plan.id.duplicate", i18n.Args{"ID": it.id, "Where": where(first.File, first.FieldLine("id"))})
			continue
		}
		if !validID(it.id) {
			v.fail(it.pos, "", "id", "plan.id.invalid", i18n.Args{"ID": it.id, "Suggest": suggestID(it.id)})
		}
		seen[it.id] = it.pos
	}
	return seen
}

// suggestID turns "Strøm ute" into "strom-ute".
func suggestID(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range plan.Fold(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "strom"
	}
	return b.String()
}

// ref checks one reference to an id of kind what ("kontakt", "rolle") at
// field prefix+key; lineKey picks the line ("innehavere[2]"). The message
// is refMessages[what].
func (v *validator) ref(pos plan.Pos, prefix, key, lineKey, id, what string, known map[string]plan.Pos) {
	if id == "" {
		return
	}
	if _, ok := known[id]; ok {
		return
	}
	line, ok := pos.Fields[lineKey]
	if !ok {
		line = pos.FieldLine(key)
	}
	names, ok := v.names[what]
	if !ok {
		ids := make([]string, 0, len(known))
		for k := range known {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		folded := make([]string, len(ids))
		for i, k := range ids {
			folded[i] = plan.Fold(k)
		}
		names = [2][]string{ids, folded}
		v.names[what] = names
	}
	suggestion := ""
	if v.suggestBudget -= len(names[0]); v.suggestBudget >= 0 {
		suggestion = suggestFolded(id, names[0], names[1])
	}
	v.c.errorf(pos.File, line, prefix+key, refMessages[what], i18n.Args{"ID": id, "Suggest": suggestion})
}

// refMessages are the messages for an unknown reference, by kind.
var refMessages = map[string]string{
	"kontakt":        "plan.ref.contact",
	"rolle":          "plan.ref.role",
	"varslingsliste": "plan.ref.list",
	"mal":            "plan.ref.template",
	"tiltakskort":    "plan.ref.card",
}

// refs checks a list of references.
func (v *validator) refs(pos plan.Pos, prefix, key string, ids []string, what string, known map[string]plan.Pos) {
	for i, id := range ids {
		v.ref(pos, prefix, key, itemKey(key, i), id, what, known)
	}
}

func (v *validator) organisation() {
	o := &v.p.Org
	v.p.Location = plan.Zone(nil, nil)
	v.region = defaultRegion
	if o.Line == 0 {
		return // no organisasjon.yaml; Load has said so
	}
	v.language()
	v.required(o.Pos, "", "navn", o.Name)
	if v.required(o.Pos, "", "type", string(o.Kind)) {
		if k, ok := orgKinds.resolve(o.Kind); ok {
			o.Kind = k
		} else {
			v.fail(o.Pos, "", "type", "plan.enum.type", i18n.Args{"Value": string(o.Kind), "Allowed": orgKinds.list(v.lang)})
		}
	}
	if v.required(o.Pos, "", "tidssone", o.TimeZone) {
		tz := strings.TrimSpace(o.TimeZone)
		if loc, err := time.LoadLocation(tz); err != nil || tz == "Local" {
			v.fail(o.Pos, "", "tidssone", "plan.org.timezone", i18n.Args{"Value": o.TimeZone})
		} else {
			v.p.Location = loc
		}
	}
	if o.Region != "" {
		if r := strings.ToUpper(strings.TrimSpace(o.Region)); knownRegion(r) {
			v.region, o.Region = r, r
		} else {
			v.fail(o.Pos, "", "region", "plan.org.region", i18n.Args{"Value": o.Region})
		}
	}
	switch strings.ToLower(strings.TrimSpace(o.IncidentChannels)) {
	case "", "privat", "private":
		o.IncidentChannels = "privat"
	case "åpen", "apen", "öppen", "oppen", "open", "offentlig", "offentlig kanal":
		o.IncidentChannels = "åpen"
	default:
		v.fail(o.Pos, "", "hendelseskanaler", "plan.enum.value", i18n.Args{"Value": o.IncidentChannels, "Allowed": "privat, åpen"})
	}
	for i, r := range o.Revisions {
		prefix := fmt.Sprintf("revisjoner[%d].", i+1)
		if r.Date.IsZero() {
			v.fail(r.Pos, prefix, "dato", "plan.required", nil)
		}
		v.required(r.Pos, prefix, "endring", r.Change)
	}
}

// language resolves språk into Plan.Lang (Load has already used it to
// read the field names) and reports a value it does not know.
func (v *validator) language() {
	o := &v.p.Org
	v.p.Lang = i18n.Default
	if strings.TrimSpace(o.Language) == "" {
		return
	}
	lang, ok := i18n.ParseLang(o.Language)
	if !ok {
		v.fail(o.Pos, "", keyLanguage, "plan.org.language", i18n.Args{"Value": o.Language, "Suggest": suggestName(o.Language, i18n.LangNames())})
		return
	}
	v.p.Lang, v.lang, o.Language = lang, lang, string(lang)
}

func (v *validator) checkContacts() {
	for _, ct := range v.p.Contacts {
		v.required(ct.Pos, "", "navn", ct.Name)
		if ct.Org != "" {
			if o, ok := contactOrgs.resolve(ct.Org); ok {
				ct.Org = o
			} else {
				v.fail(ct.Pos, "", "organisasjon", "plan.enum.value", i18n.Args{"Value": string(ct.Org), "Allowed": contactOrgs.list(v.lang)})
			}
		}
		raw := ct.Phones
		ct.Phones, ct.PhoneDisplay = nil, nil
		for i, number := range raw {
			e164, display, ok := normalisePhone(number, v.region)
			line := ct.FieldLine(itemKeyOr(ct.Pos, "telefon", i))
			if !ok {
				// The number is quoted so the coordinator finds it; a number
				// that does not parse is not one anybody can be called on.
				nth := 0
				if len(raw) > 1 {
					nth = i + 1
				}
				v.c.errorf(ct.File, line, "telefon", "plan.contact.phone",
					i18n.Args{"Number": strings.TrimSpace(number), "Nth": nth, "Region": v.region, "Example": examplePhone(v.region)})
				continue
			}
			if emergencyNumber(number) {
				v.c.warnf(ct.File, line, "telefon", "plan.contact.emergency", i18n.Args{"Number": strings.TrimSpace(number), "ID": ct.ID})
			}
			ct.Phones = append(ct.Phones, e164)
			ct.PhoneDisplay = append(ct.PhoneDisplay, display)
		}
		ct.Email = strings.TrimSpace(ct.Email)
		if ct.Email != "" && !plainEmail(ct.Email) {
			v.fail(ct.Pos, "", "epost", "plan.contact.email", nil)
		}
		ct.SlackEmail = strings.TrimSpace(ct.SlackEmail)
		if ct.SlackEmail != "" && !plainEmail(ct.SlackEmail) {
			v.fail(ct.Pos, "", "slack_epost", "plan.contact.email", nil)
		}
		ct.SlackID = strings.TrimSpace(ct.SlackID)
		if ct.SlackID != "" && !validSlackUser(ct.SlackID) {
			v.fail(ct.Pos, "", "slack", "plan.contact.slack", nil)
		}
		if len(raw) == 0 && ct.Email == "" && ct.SlackID == "" && ct.SlackEmail == "" {
			v.c.warnf(ct.File, ct.Line, "", "plan.contact.unreachable", i18n.Args{"ID": ct.ID})
		}
	}
}

// itemKeyOr is the Fields key of item i of key, or key itself when the
// item's line is unknown.
func itemKeyOr(pos plan.Pos, key string, i int) string {
	if _, ok := pos.Fields[itemKey(key, i)]; ok {
		return itemKey(key, i)
	}
	return key
}

func (v *validator) checkLists() {
	var std *plan.NotificationList
	for _, l := range v.p.Lists {
		v.required(l.Pos, "", "navn", l.Name)
		if l.Default {
			if std != nil {
				v.fail(l.Pos, "", "standard", "plan.list.default_twice", i18n.Args{"ID": std.ID, "Where": where(std.File, std.FieldLine("standard"))})
			} else {
				std = l
			}
		}
		if len(l.Groups) == 0 {
			v.fail(l.Pos, "", "grupper", "plan.list.no_groups", nil)
		}
		for i, g := range l.Groups {
			prefix := fmt.Sprintf("grupper[%d].", i+1)
			if len(g.Contacts) == 0 {
				v.fail(g.Pos, prefix, "kontakter", "plan.list.no_contacts", nil)
			}
			v.refs(g.Pos, prefix, "kontakter", g.Contacts, "kontakt", v.contacts)
		}
	}
}

func (v *validator) checkRoles() {
	for _, r := range v.p.Roles {
		v.required(r.Pos, "", "tittel", r.Title)
		v.refs(r.Pos, "", "innehavere", r.Holders, "kontakt", v.contacts)
		v.refs(r.Pos, "", "stedfortreder", r.Deputies, "kontakt", v.contacts)
		if len(r.Holders) == 0 {
			v.c.warnAt(r.Pos, "innehavere", "plan.role.no_holders", nil)
		}
		if len(r.Deputies) == 0 {
			v.c.warnAt(r.Pos, "stedfortreder", "plan.role.no_deputy", nil)
		}
		seen := map[plan.Phase]int{}
		for i := range r.Phases {
			ph := &r.Phases[i]
			prefix := fmt.Sprintf("faser[%d].", i+1)
			if v.required(ph.Pos, prefix, "fase", ph.Name) {
				p, ok := resolvePhase(ph.Name)
				switch first, dup := seen[p]; {
				case !ok:
					v.fail(ph.Pos, prefix, "fase", "plan.role.unknown_phase", i18n.Args{"Value": ph.Name, "Allowed": phaseList(v.lang)})
				case dup:
					v.fail(ph.Pos, prefix, "fase", "plan.role.duplicate_phase", i18n.Args{"Value": ph.Name, "Line": first})
				default:
					seen[p] = ph.FieldLine("fase")
					ph.Phase = p
				}
			}
			for j, it := range ph.Items {
				if strings.TrimSpace(it.Text) == "" && strings.TrimSpace(it.Heading) == "" {
					v.fail(it.Pos, fmt.Sprintf("%spunkter[%d].", prefix, j+1), "tekst", "plan.required", nil)
				}
			}
		}
	}
	v.aliasCollisions("plan.what.role_card", aliasesOf(v.p.Roles, func(r *plan.Role) (string, []string, plan.Pos) { return r.ID, r.Aliases, r.Pos }))
}
